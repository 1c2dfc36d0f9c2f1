"""A report laid out section by section, as the detail page shows it."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.safestring import SafeString

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


def url_diagrama(diagrama) -> str:
    return reverse("informes:diagrama", args=[diagrama.informe_id, diagrama.pk])


def urls_diagramas(informe: Informe) -> list[str]:
    return [url_diagrama(d) for d in informe.diagramas.all()]


def secciones(informe: Informe) -> list[SeccionMostrada]:
    """Every section with each label's content rendered for display."""
    imagenes = urls_diagramas(informe)
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
                elemento.html = renderizar(getattr(informe, etiqueta.campo), imagenes)
            elementos.append(elemento)
        resultado.append(SeccionMostrada(seccion, elementos))
    return resultado
