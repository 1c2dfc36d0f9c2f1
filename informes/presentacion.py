"""A report laid out section by section, as the detail page shows it."""

import hashlib
import json
from dataclasses import dataclass, field

from django.core.cache import cache
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from . import plantilla
from .markdown_seguro import renderizar
from .models import Informe


@dataclass
class Elemento:
    etiqueta: plantilla.Etiqueta
    html: SafeString | str = ""
    texto: str = ""
    filas: list = field(default_factory=list)
    no_aplica: str = ""

    @property
    def vacio(self) -> bool:
        return not (self.html or self.texto or self.filas or self.no_aplica)


@dataclass
class SeccionMostrada:
    seccion: plantilla.Seccion
    elementos: list[Elemento]
    nota: SafeString | str = ""  # its unclassified text (from an import), rendered


def url_diagrama(diagrama) -> str:
    return reverse("informes:diagrama", args=[diagrama.informe_id, diagrama.pk])


def urls_diagramas(informe: Informe) -> list[str]:
    return [url_diagrama(d) for d in informe.diagramas.all()]


CAMPOS_MARKDOWN = tuple(e.campo for e in plantilla.ETIQUETAS if e.tipo == plantilla.Tipo.MARKDOWN)
# Bump when the renderer or its allowlist changes, so cached HTML is rendered anew.
VERSION_RENDERIZADO = 2
DURACION_CACHE = 60 * 60 * 24 * 7


def markdown_renderizado(informe: Informe, imagenes: list[str]) -> dict[str, SafeString]:
    """Each Markdown label's sanitized HTML, from the shared cache when possible.

    The key is a SHA-256 of the texts and the allowed image URLs, so an entry can
    never be stale: changed content is a different key. Only this function writes
    these entries, and only with ``renderizar``'s output.
    """
    textos = {campo: getattr(informe, campo) or "" for campo in CAMPOS_MARKDOWN}
    huella = hashlib.sha256(
        json.dumps([VERSION_RENDERIZADO, textos, imagenes], sort_keys=True).encode()
    ).hexdigest()
    clave = f"informes:markdown:{huella}"
    html = cache.get(clave)
    if html is None:
        html = {campo: str(renderizar(texto, imagenes)) for campo, texto in textos.items()}
        cache.set(clave, html, DURACION_CACHE)
    return {campo: mark_safe(valor) for campo, valor in html.items()}  # noqa: S308


def secciones(informe: Informe) -> list[SeccionMostrada]:
    """Every section with each label's content rendered for display."""
    imagenes = urls_diagramas(informe)
    html = markdown_renderizado(informe, imagenes)
    no_aplica = informe.no_aplica or {}
    resultado = []
    for seccion in plantilla.SECCIONES:
        elementos = []
        for etiqueta in seccion.etiquetas:
            elemento = Elemento(etiqueta, no_aplica=no_aplica.get(etiqueta.campo, ""))
            if etiqueta.es_filas:
                elemento.filas = list(getattr(informe, etiqueta.campo).all())
            elif etiqueta.tipo == plantilla.Tipo.LINEA:
                elemento.texto = getattr(informe, etiqueta.campo)
            else:
                elemento.html = html[etiqueta.campo]
            elementos.append(elemento)
        nota = (informe.notas or {}).get(str(seccion.numero), "")
        nota = renderizar(nota, imagenes) if nota else ""
        resultado.append(SeccionMostrada(seccion, elementos, nota))
    return resultado
