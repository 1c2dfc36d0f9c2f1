"""The report as a PDF: an HTML template and a print stylesheet, rendered by WeasyPrint.

Field content reaches the HTML only through ``markdown_seguro.renderizar``;
every resource the renderer asks for goes through ``fetcher.FetcherInforme``,
and a render in which any was not served raises ``DocumentoIncompleto``
instead of returning a document without its stylesheet, logo or diagrams;
``presentational_hints`` stays off.

Before rendering, ``maquetacion`` sets list start numbers and lays out the
tables typed in labels, and ``fuentes`` writes as its code point every
character no installed font can draw. After rendering, WeasyPrint's own record
of the glyphs it drew is checked: a render that still drew a missing glyph
(``.notdef``, forbidden in PDF/A) is refused when archival (``GlifosFaltantes``)
and logged otherwise.

One deadline (``tiempo_maximo()``, never above ``limites.TIEMPO_PDF``, itself
below the server's worker timeout) bounds an export from its first step
(Markdown to HTML, the template) to the last byte of the PDF. It is a timer
signal, so it holds in the main thread (gunicorn's sync workers, ``db_worker``,
management commands); in other threads (the development server) each fetch is
still bounded, since only local files of bounded size can be read.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from weasyprint import HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

from .. import auditoria, plantilla, presentacion
from ..models import Estado, Informe
from . import fetcher as fetcher_mod
from . import fuentes, maquetacion
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
MENSAJE_GLIFOS_FALTANTES = _(
    "El PDF/A no se archivó: ninguna fuente instalada puede dibujar estos caracteres: "
    "%(caracteres)s. Quítelos del informe o cámbielos por otros."
)

# Font lookups are costly and the same for every report: one per process.
_FUENTES = FontConfiguration()


class DocumentoIncompleto(Exception):
    """The renderer was refused a resource (stylesheet, logo, diagram): the PDF would
    lack it, so none is returned. ``rechazados`` lists the URLs."""

    def __init__(self, rechazados: list[str]):
        super().__init__(str(MENSAJE_DOCUMENTO_INCOMPLETO))
        self.rechazados = list(rechazados)


class GlifosFaltantes(DocumentoIncompleto):
    """An archival render drew a character with no glyph (``.notdef``), which PDF/A
    forbids: none is returned. ``caracteres`` lists them; ``donde`` maps each to
    the labels holding it, when the caller knows (``archivo.generar`` does)."""

    def __init__(self, caracteres: Iterable[str], donde: dict[str, list[str]] | None = None):
        self.caracteres = sorted(set(caracteres))
        self.donde = dict(donde or {})
        descripciones = [self.describir(c) for c in self.caracteres]
        super().__init__(descripciones)
        self.mensaje = MENSAJE_GLIFOS_FALTANTES % {"caracteres": "; ".join(descripciones)}
        self.args = (str(self.mensaje),)

    def describir(self, caracter: str) -> str:
        etiquetas = ", ".join(f"«{e}»" for e in self.donde.get(caracter, []))
        return f"U+{ord(caracter):04X} ({etiquetas})" if etiquetas else f"U+{ord(caracter):04X}"


@dataclass(frozen=True)
class Adjunto:
    """A file embedded in the PDF; its dates are written in UTC."""

    nombre: str
    datos: bytes
    descripcion: str
    creado: datetime
    modificado: datetime
    relacion: str = "Source"


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
    """The PDF's HTML: the template, list starts and tables laid out, and every
    character no font draws written as its code point."""
    documento = render_to_string("informes/export/informe_pdf.html", contexto(informe, historial))
    return fuentes.sustituir(maquetacion.preparar(documento))


def fetcher_para(informe: Informe) -> fetcher_mod.FetcherInforme:
    """A fetcher that knows exactly this report's diagram URLs."""
    return fetcher_mod.FetcherInforme(
        {url_absoluta(presentacion.url_diagrama(d)): d for d in informe.diagramas.all()}
    )


def escribir(
    contenido_html: str,
    url_fetcher: fetcher_mod.FetcherInforme,
    *,
    adjuntos: Iterable[Adjunto] = (),
    variante: str | None = None,
) -> bytes:
    """Render HTML to PDF bytes with the locked-in fetcher and a deadline.

    Raises ``DocumentoIncompleto`` when the fetcher did not serve every resource
    the HTML asks for, and ``GlifosFaltantes`` when an archival ``variante``
    drew a missing glyph. A fresh ``Attachment`` is built for each render, as
    WeasyPrint can use one only once.
    """
    attachments = [
        Attachment(
            string=a.datos,
            name=a.nombre,
            description=a.descripcion,
            relationship=a.relacion,
            # WeasyPrint writes these with a «Z»: they must be UTC already.
            created=a.creado.astimezone(UTC),
            modified=a.modificado.astimezone(UTC),
        )
        for a in adjuntos
    ]
    faltantes: list[str] = []

    def terminar(renderizado, pdf_escrito):
        # Called by WeasyPrint with the laid-out document and the PDF before it is written.
        _un_adjunto_por_archivo(pdf_escrito)
        faltantes.extend(_glifos_faltantes(renderizado))

    with plazo():
        documento = HTML(
            string=contenido_html, base_url=fetcher_mod.BASE_URL, url_fetcher=url_fetcher
        )
        datos = documento.write_pdf(
            font_config=_FUENTES,
            presentational_hints=False,
            pdf_variant=variante,
            attachments=attachments or None,
            finisher=terminar,
        )
    if url_fetcher.rechazados:
        logger.error("PDF incompleto: %d recursos no servidos", len(url_fetcher.rechazados))
        raise DocumentoIncompleto(url_fetcher.rechazados)
    if faltantes:
        codigos = " ".join(f"U+{ord(c):04X}" for c in sorted(set(faltantes)))
        logger.error("PDF con glifos faltantes: %s", codigos)
        if variante is not None:
            raise GlifosFaltantes(faltantes)
    return datos


def _un_adjunto_por_archivo(pdf_escrito) -> None:
    """List each embedded file once in the catalogue's ``/AF``: WeasyPrint 70 adds
    it from the name tree and again from its file specification."""
    asociados = pdf_escrito.catalog.get("AF")
    if asociados:
        asociados[:] = list(dict.fromkeys(asociados))


def _glifos_faltantes(renderizado) -> list[str]:
    """The characters WeasyPrint drew with a missing glyph, from its record of each
    font (``weasyprint.pdf.fonts.Font``, WeasyPrint 70): those Pango found no font
    for (``missing``), and those a font's shaping gave glyph 0 (``to_unicode[0]``)."""
    caracteres = []
    for fuente in renderizado.fonts.values():
        caracteres.extend(chr(punto) for punto in fuente.missing)
        caracteres.extend(fuente.to_unicode.get(0, ""))
    return caracteres


def exportar(informe: Informe, historial: Iterable[dict] | None = None) -> bytes:
    """A fresh PDF of ``informe`` (watermarked unless approved or archived).

    The deadline starts here, before the Markdown is turned into HTML.
    """
    with plazo():
        return escribir(html(informe, historial), fetcher_para(informe))
