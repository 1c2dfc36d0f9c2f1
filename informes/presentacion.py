"""A report laid out section by section, as the detail page shows it."""

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from . import completitud, huellas, limites, plantilla
from .markdown_seguro import renderizar
from .models import Informe
from .secretos import en_informe


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


# --- The detail page's sections, rendered once per content.

PLANTILLA_CUERPO = "informes/_seccion_contenido.html"
# The code a section's body comes from: labels, row columns and their filters,
# the Markdown renderer and the completeness rule. Read when this module is
# imported, so the fingerprint is of the code that runs.
CODIGO_FRAGMENTO = huellas.de_codigo(
    "presentacion.py",
    "plantilla.py",
    "data/informe_resumen_despliegue.md",
    "filas.py",
    "templatetags/filas.py",
    "markdown_seguro.py",
    "html_crudo.py",
    "completitud.py",
    "secretos/busqueda.py",
    "secretos/formas.py",
    "secretos/en_informe.py",
)


@dataclass(frozen=True)
class SeccionCacheada:
    """A section whose body (introduction and labels) was rendered once for its content."""

    seccion: plantilla.Seccion
    cuerpo: SafeString


@dataclass(frozen=True)
class Detalle:
    """What the detail page shows of a report's content, the same for every reader."""

    secciones: list[SeccionCacheada]
    completitud: list[completitud.EstadoSeccion]
    hallazgos: list[dict]  # possible credentials, without the marks (``en_informe.con_marcas``)


def clave_detalle(informe: Informe) -> str:
    """The cache key of ``informe``'s rendered sections: a SHA-256 of everything they show.

    Every write of a report's content (fields, «No aplica», rows, diagrams) and
    every transition goes through a conditional UPDATE that counts one more
    change and stamps ``actualizado`` (``services.contenido``,
    ``services.transiciones``; the admin counts its saves too). The series
    (a random UUID) keeps a database restored or rebuilt with the same ids
    from meeting entries of other reports. The template's source, the code,
    the renderer's version, the language and the URL prefix of the diagrams'
    links are in the key as well, so no entry outlives what rendered it.
    """
    huella = huellas.sha256_json(
        [
            VERSION_RENDERIZADO,
            informe.pk,
            informe.serie,
            informe.version,
            informe.contador_cambios,
            informe.actualizado,
            translation.get_language(),
            get_script_prefix(),
            huellas.de_plantilla(PLANTILLA_CUERPO),
            CODIGO_FRAGMENTO,
        ]
    )
    return f"informes:detalle:{huella}"


def _renderizar_detalle(informe: Informe) -> dict:
    # The rows are read here only, on a miss: the page's own query leaves them out.
    prefetch_related_objects([informe], *plantilla.CAMPOS_FILAS)
    cuerpo = get_template(PLANTILLA_CUERPO)
    return {
        "cuerpos": [cuerpo.render({"bloque": b}) for b in secciones(informe)],
        "completitud": [
            (e.llenas, [p.campo for p in e.pendientes]) for e in completitud.por_seccion(informe)
        ],
        "hallazgos": en_informe.sin_marcas(informe),
    }


class _Recientes:
    """The entries this process served last, up to ``limites.DETALLE_EN_MEMORIA``
    characters: a page they hold costs no cache read. Keys name content, so an
    entry here is exactly as fresh as the shared cache's."""

    def __init__(self):
        self.entradas: OrderedDict[str, tuple[dict, int]] = OrderedDict()
        self.tamano = 0
        # The development server answers from several threads.
        self.candado = threading.Lock()

    def leer(self, clave: str) -> dict | None:
        with self.candado:
            entrada = self.entradas.get(clave)
            if entrada is None:
                return None
            self.entradas.move_to_end(clave)
            return entrada[0]

    def guardar(self, clave: str, valor: dict) -> None:
        tamano = sum(map(len, valor["cuerpos"]))
        if tamano > limites.DETALLE_EN_MEMORIA:
            return
        with self.candado:
            anterior = self.entradas.pop(clave, None)
            if anterior is not None:
                self.tamano -= anterior[1]
            self.entradas[clave] = (valor, tamano)
            self.tamano += tamano
            while self.tamano > limites.DETALLE_EN_MEMORIA:
                _, (_, viejo) = self.entradas.popitem(last=False)
                self.tamano -= viejo

    def vaciar(self) -> None:
        with self.candado:
            self.entradas.clear()
            self.tamano = 0


recientes = _Recientes()


def detalle(informe: Informe) -> Detalle:
    """The nine sections' bodies and their completeness, rendered once per content.

    From this process's memory, else from the shared cache (one read), else
    rendered (the rows are read then) and stored in both. Only this function
    writes these entries, and only with the template's output.
    """
    clave = clave_detalle(informe)
    guardado = recientes.leer(clave)
    if guardado is None:
        guardado = cache.get(clave)
        if guardado is None:
            guardado = _renderizar_detalle(informe)
            cache.set(clave, guardado, DURACION_CACHE)
        recientes.guardar(clave, guardado)
    return Detalle(
        secciones=[
            SeccionCacheada(seccion, mark_safe(cuerpo))  # noqa: S308
            for seccion, cuerpo in zip(plantilla.SECCIONES, guardado["cuerpos"], strict=True)
        ],
        completitud=[
            completitud.EstadoSeccion(
                seccion,
                llenas,
                len(seccion.etiquetas),
                tuple(plantilla.etiqueta(c) for c in pendientes),
            )
            for seccion, (llenas, pendientes) in zip(
                plantilla.SECCIONES, guardado["completitud"], strict=True
            )
        ],
        hallazgos=guardado["hallazgos"],
    )
