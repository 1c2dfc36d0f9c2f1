"""The report as a PDF: an HTML template and a print stylesheet, rendered by WeasyPrint.

Field content reaches the HTML only through ``markdown_seguro.renderizar``;
every resource the renderer asks for goes through ``fetcher.FetcherInforme``;
``presentational_hints`` stays off. A render runs under a deadline of
``INFORMES_PDF_TIEMPO_MAXIMO`` seconds when it runs in the main thread (the
usual case under gunicorn's sync workers); elsewhere each fetch is still
bounded, since only local files of bounded size can be read.
"""

import contextlib
import signal
import threading
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

ESTADOS_SIN_MARCA = frozenset({Estado.APROBADO, Estado.ARCHIVADO})
LOGO_PDF_POR_DEFECTO = "informes/img/logo.svg"
TIEMPO_MAXIMO_POR_DEFECTO = 60
MENSAJE_TIEMPO_AGOTADO = _("La generación del PDF tardó demasiado y se canceló.")

# Font lookups are costly and the same for every report: one per process.
_FUENTES = FontConfiguration()


class TiempoAgotado(BaseException):
    """The render took longer than ``INFORMES_PDF_TIEMPO_MAXIMO``.

    A BaseException, like KeyboardInterrupt, so that WeasyPrint's own
    ``except Exception`` blocks (around fetches, images, CSS) cannot swallow it.
    """


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


@contextlib.contextmanager
def plazo(segundos: int):
    """Raise ``TiempoAgotado`` in the main thread once ``segundos`` have passed."""
    if threading.current_thread() is not threading.main_thread() or not segundos:
        yield
        return

    def agotado(signum, frame):
        raise TiempoAgotado(str(MENSAJE_TIEMPO_AGOTADO))

    anterior = signal.signal(signal.SIGALRM, agotado)
    # It fires again every 0.1 s until the render stops, should one firing be lost.
    signal.setitimer(signal.ITIMER_REAL, segundos, 0.1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, anterior)


def escribir(
    contenido_html: str,
    url_fetcher: fetcher_mod.FetcherInforme,
    *,
    adjuntos: Iterable[tuple[str, bytes, str]] = (),
    variante: str | None = None,
) -> bytes:
    """Render HTML to PDF bytes with the locked-in fetcher and a deadline.

    ``adjuntos`` are (name, bytes, description); a fresh ``Attachment`` is built
    for each render, as WeasyPrint can use one only once.
    """
    attachments = [
        Attachment(string=datos, name=nombre, description=descripcion, relationship="Source")
        for nombre, datos, descripcion in adjuntos
    ]
    segundos = getattr(settings, "INFORMES_PDF_TIEMPO_MAXIMO", TIEMPO_MAXIMO_POR_DEFECTO)
    with plazo(segundos):
        documento = HTML(
            string=contenido_html, base_url=fetcher_mod.BASE_URL, url_fetcher=url_fetcher
        )
        return documento.write_pdf(
            font_config=_FUENTES,
            presentational_hints=False,
            pdf_variant=variante,
            attachments=attachments or None,
        )


def exportar(informe: Informe, historial: Iterable[dict] | None = None) -> bytes:
    """A fresh PDF of ``informe`` (watermarked unless approved or archived)."""
    return escribir(html(informe, historial), fetcher_para(informe))
