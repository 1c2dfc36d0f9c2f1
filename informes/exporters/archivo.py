"""The archival rendering: PDF/A-3b with the Markdown export embedded as its source."""

from .. import filas, plantilla
from ..models import Informe
from . import markdown, pdf

VARIANTE = "pdf/a-3b"


def nombre_adjunto(informe: Informe) -> str:
    return markdown.nombre_archivo(informe, "md")


def generar(informe: Informe, historial=None) -> bytes:
    """PDF/A-3b bytes of ``informe`` with its Markdown export attached.

    The attachment is dated by the report: created when the report was, modified
    at its last change. Under one deadline from the Markdown export to the last
    byte; raises ``pdf.DocumentoIncompleto`` rather than return a document
    missing a resource, and ``pdf.GlifosFaltantes``, naming each character and
    the labels that hold it, rather than one drawing a missing glyph.
    """
    with pdf.plazo():
        fuente = markdown.exportar(informe).encode("utf-8")
        adjunto = pdf.Adjunto(
            nombre=nombre_adjunto(informe),
            datos=fuente,
            descripcion="Fuente Markdown del informe",
            creado=informe.creado,
            modificado=informe.actualizado,
        )
        try:
            return pdf.escribir(
                pdf.html(informe, historial),
                pdf.fetcher_para(informe),
                adjuntos=[adjunto],
                variante=VARIANTE,
            )
        except pdf.GlifosFaltantes as error:
            donde = {c: etiquetas_con(informe, c) for c in error.caracteres}
            raise pdf.GlifosFaltantes(error.caracteres, donde) from error


def etiquetas_con(informe: Informe, caracter: str) -> list[str]:
    """The labels of ``informe`` whose text, rows or «No aplica» reason hold ``caracter``."""
    no_aplica = informe.no_aplica or {}
    etiquetas = []
    for etiqueta in plantilla.ETIQUETAS:
        if etiqueta.es_filas:
            tipo = filas.TIPOS[etiqueta.campo]
            textos = [
                valor
                for fila in getattr(informe, etiqueta.campo).all()
                for valor in tipo.valores(fila).values()
            ]
        else:
            textos = [getattr(informe, etiqueta.campo) or ""]
        textos.append(no_aplica.get(etiqueta.campo, ""))
        if any(caracter in str(texto) for texto in textos):
            etiquetas.append(etiqueta.texto)
    return etiquetas
