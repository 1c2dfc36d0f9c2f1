"""The archival rendering: PDF/A-3b with the Markdown export embedded as its source."""

from ..models import Informe
from . import markdown, pdf

VARIANTE = "pdf/a-3b"


def nombre_adjunto(informe: Informe) -> str:
    return markdown.nombre_archivo(informe, "md")


def generar(informe: Informe, historial=None) -> bytes:
    """PDF/A-3b bytes of ``informe`` with its Markdown export attached.

    Under one deadline from the Markdown export to the last byte; raises
    ``pdf.DocumentoIncompleto`` rather than return a document missing a resource.
    """
    with pdf.plazo():
        fuente = markdown.exportar(informe).encode("utf-8")
        return pdf.escribir(
            pdf.html(informe, historial),
            pdf.fetcher_para(informe),
            adjuntos=[(nombre_adjunto(informe), fuente, "Fuente Markdown del informe")],
            variante=VARIANTE,
        )
