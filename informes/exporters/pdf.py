"""The report as a PDF: an HTML template and a print stylesheet, rendered by WeasyPrint.

Field content reaches the HTML only through ``markdown_seguro.renderizar``;
every resource the renderer asks for goes through ``fetcher.FetcherInforme``,
and a render in which any was not served raises ``DocumentoIncompleto``
instead of returning a document without its stylesheet, logo or diagrams;
``presentational_hints`` stays off.

One deadline (``tiempo_maximo()``, never above ``limites.TIEMPO_PDF``, itself
below the server's worker timeout) bounds an export from its first step
(Markdown to HTML, the template) to the last byte of the PDF. It is a timer
signal, so it holds in the main thread (gunicorn's sync workers, ``db_worker``,
management commands); in other threads (the development server) each fetch is
still bounded, since only local files of bounded size can be read.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from weasyprint import HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

from .. import auditoria, plantilla, presentacion
from ..models import Estado, Informe
from . import fetcher as fetcher_mod
from .markdown import nombre_persona
from .plazo import MENSAJE_TIEMPO_AGOTADO as MENSAJE_TIEMPO_AGOTADO
from .plazo import TiempoAgotado as TiempoAgotado
from .plazo import plazo
from .plazo import tiempo_maximo as tiempo_maximo

logger = logging.getLogger(__name__)

ESTADOS_SIN_MARCA = frozenset({Estado.APROBADO, Estado.ARCHIVADO})
LOGO_PDF_POR_DEFECTO = "informes/img/logo.svg"
MENSAJE_DOCUMENTO_INCOMPLETO = _(
    "No se pudo generar el PDF completo: faltó uno de sus recursos. Inténtelo de nuevo "
    "en unos minutos."
)

# Font lookups are costly and the same for every report: one per process.
_FUENTES = FontConfiguration()


class DocumentoIncompleto(Exception):
    """The renderer was refused a resource (stylesheet, logo, diagram): the PDF would
    lack it, so none is returned. ``rechazados`` lists the URLs."""

    def __init__(self, rechazados: list[str]):
        super().__init__(str(MENSAJE_DOCUMENTO_INCOMPLETO))
        self.rechazados = list(rechazados)


def url_absoluta(ruta: str) -> str:
    return fetcher_mod.BASE_URL + ruta.lstrip("/")


def contexto(informe: Informe, historial: Iterable[dict] | None = None) -> dict:
    """What the PDF template shows: cover, contents, sections, history.

    ``historial`` defaults to the version's review decisions from the audit trail.
    """
    diagramas = list(informe.diagramas.all())
    coautores = [nombre_persona(c) for c in informe.coautores.order_by("username")]
    aprobado_por = getattr(informe, "aprobado_por", None)
    return {
        "informe": informe,
        "titulo": plantilla.TITULO,
        "introduccion": plantilla.INTRODUCCION,
        "secciones": presentacion.secciones(informe),
        "diagramas": [
            (posicion, d, presentacion.url_diagrama(d))
            for posicion, d in enumerate(diagramas, start=1)
        ],
        "autores": [nombre_persona(informe.autor), *coautores],
        "revisor": nombre_persona(aprobado_por) if aprobado_por is not None else "",
        "aprobado_en": getattr(informe, "aprobado_en", None),
        "borrador": informe.estado not in ESTADOS_SIN_MARCA,
        "logo": getattr(settings, "INFORMES_LOGO_PDF", None) or LOGO_PDF_POR_DEFECTO,
        "historial": (
            list(historial) if historial is not None else auditoria.historial_revision(informe)
        ),
    }


def html(informe: Informe, historial: Iterable[dict] | None = None) -> str:
    return render_to_string("informes/export/informe_pdf.html", contexto(informe, historial))


def fetcher_para(informe: Informe) -> fetcher_mod.FetcherInforme:
    """A fetcher that knows exactly this report's diagram URLs."""
    return fetcher_mod.FetcherInforme(
        {url_absoluta(presentacion.url_diagrama(d)): d for d in informe.diagramas.all()}
    )


def escribir(
    contenido_html: str,
    url_fetcher: fetcher_mod.FetcherInforme,
    *,
    adjuntos: Iterable[tuple[str, bytes, str]] = (),
    variante: str | None = None,
) -> bytes:
    """Render HTML to PDF bytes with the locked-in fetcher and a deadline.

    Raises ``DocumentoIncompleto`` when the fetcher did not serve every resource
    the HTML asks for. ``adjuntos`` are (name, bytes, description); a fresh
    ``Attachment`` is built for each render, as WeasyPrint can use one only once.
    """
    attachments = [
        Attachment(string=datos, name=nombre, description=descripcion, relationship="Source")
        for nombre, datos, descripcion in adjuntos
    ]
    with plazo():
        documento = HTML(
            string=contenido_html, base_url=fetcher_mod.BASE_URL, url_fetcher=url_fetcher
        )
        datos = documento.write_pdf(
            font_config=_FUENTES,
            presentational_hints=False,
            pdf_variant=variante,
            attachments=attachments or None,
        )
    if url_fetcher.rechazados:
        logger.error("PDF incompleto: %d recursos no servidos", len(url_fetcher.rechazados))
        raise DocumentoIncompleto(url_fetcher.rechazados)
    return datos


def exportar(informe: Informe, historial: Iterable[dict] | None = None) -> bytes:
    """A fresh PDF of ``informe`` (watermarked unless approved or archived).

    The deadline starts here, before the Markdown is turned into HTML.
    """
    with plazo():
        return escribir(html(informe, historial), fetcher_para(informe))
