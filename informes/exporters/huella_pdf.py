"""What a draft PDF's render depends on: the key of its stored copy, and the static files it read.

``clave`` is a SHA-256 of the exported Markdown, the report's every column
and listed row, its diagrams (by their recorded SHA-256), the names on the
cover, the review history on the last page, the estado (the watermark), the
logo setting, the language and time zone, the PDF template's source and the
templates it includes, the code that lays the document out, the renderer's
packages and the fonts installed on the machine. ``FetcherRegistrado`` notes
the SHA-256 of each static file the renderer is served (the stylesheet, its
fonts, the logo) and ``recursos_vigentes`` checks them against the files as
they are now, so a change of any of them is seen whatever names it.
"""

import hashlib
import logging
import os
import threading
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils import timezone, translation
from weasyprint.text.ffi import ffi, fontconfig
from weasyprint.urls import URLFetcherResponse

from .. import auditoria, huellas, presentacion
from .. import filas as tipos_de_fila
from ..models import Informe
from . import fetcher as fetcher_mod
from . import markdown, pdf

logger = logging.getLogger(__name__)

PLANTILLA_PDF = "informes/export/informe_pdf.html"
# The code between a report and its PDF, read when this module is imported.
CODIGO_PDF = huellas.de_codigo(
    "exporters/huella_pdf.py",
    "exporters/cache_pdf.py",
    "exporters/pdf.py",
    "exporters/fetcher.py",
    "exporters/fuentes.py",
    "exporters/maquetacion.py",
    "exporters/markdown.py",
    "presentacion.py",
    "markdown_seguro.py",
    "html_crudo.py",
    "plantilla.py",
    "data/informe_resumen_despliegue.md",
    "filas.py",
    "templatetags/filas.py",
    "auditoria/historial.py",
)
PAQUETES_PDF = (
    "weasyprint",
    "pydyf",
    "tinycss2",
    "tinyhtml5",
    "cssselect2",
    "fonttools",
    "pillow",
    "markdown-it-py",
    "nh3",
    "django",
)


def archivos_de_fuentes() -> list[tuple[str, int | None, int | None]]:
    """Every font file fontconfig offers WeasyPrint, with its size and date."""
    archivos = set()
    configuracion = fontconfig.FcInitLoadConfigAndFonts()
    try:
        conjunto = fontconfig.FcConfigGetFonts(configuracion, fontconfig.FcSetSystem)
        nombre = ffi.new("FcChar8 **")
        for i in range(conjunto.nfont if conjunto != ffi.NULL else 0):
            resultado = fontconfig.FcPatternGetString(conjunto.fonts[i], b"file", 0, nombre)
            if resultado == fontconfig.FcResultMatch:
                archivos.add(ffi.string(nombre[0]).decode("utf-8", "replace"))
    finally:
        fontconfig.FcConfigDestroy(configuracion)
    firmas = []
    for archivo in sorted(archivos):
        try:
            estado = os.stat(archivo)
            firmas.append((archivo, estado.st_size, estado.st_mtime_ns))
        except OSError:
            firmas.append((archivo, None, None))
    return firmas


@lru_cache(maxsize=1)
def fuentes_del_sistema() -> str:
    """SHA-256 of ``archivos_de_fuentes``, taken once a process: the renderer
    loads the machine's fonts once too, so a process renders with these."""
    return huellas.sha256_json(archivos_de_fuentes())


def _personas(informe: Informe) -> list[str]:
    coautores = sorted(informe.coautores.all(), key=lambda c: c.get_username())
    aprobado_por = getattr(informe, "aprobado_por", None)
    return [
        markdown.nombre_persona(informe.autor),
        *(markdown.nombre_persona(c) for c in coautores),
        markdown.nombre_persona(aprobado_por) if aprobado_por is not None else "",
    ]


def clave(informe: Informe) -> str:
    """SHA-256 of everything a render of ``informe`` reads except the static files."""
    columnas = {f.attname: getattr(informe, f.attname) for f in Informe._meta.concrete_fields}
    filas = {
        campo: [tipo.valores(f) for f in getattr(informe, campo).all()]
        for campo, tipo in tipos_de_fila.TIPOS.items()
        if not tipo.imagen
    }
    diagramas = [
        (d.pk, d.sha256, d.imagen.name, d.orden, d.titulo, d.leyenda, d.ancho, d.alto)
        for d in informe.diagramas.all()
    ]
    return huellas.sha256_json(
        {
            "markdown": markdown.exportar(informe),
            "columnas": columnas,
            "filas": filas,
            "diagramas": diagramas,
            "personas": _personas(informe),
            "historial": auditoria.historial_revision(informe),
            "marca_de_agua": informe.estado not in pdf.ESTADOS_SIN_MARCA,
            "logo": getattr(settings, "INFORMES_LOGO_PDF", None) or pdf.LOGO_PDF_POR_DEFECTO,
            "static_url": settings.STATIC_URL,
            "idioma": translation.get_language(),
            "zona": timezone.get_current_timezone_name(),
            "plantilla": huellas.de_plantilla(PLANTILLA_PDF),
            "codigo": CODIGO_PDF,
            "paquetes": huellas.de_paquetes(*PAQUETES_PDF),
            "fuentes": fuentes_del_sistema(),
            "renderizado": presentacion.VERSION_RENDERIZADO,
        }
    )


class _HuellasEstaticas:
    """SHA-256 of static files, read again only when a file's size, dates or inode
    changed (a write always changes its ctime), so a download checks fonts of
    megabytes without reading them."""

    def __init__(self):
        self.conocidas: dict[str, tuple[tuple, str]] = {}
        self.candado = threading.Lock()

    def de(self, relativa: str) -> str | None:
        """The file's SHA-256, or None when it can no longer be served."""
        ruta = _ruta_local(relativa)
        try:
            firma = _firma(ruta) if ruta else None
            with self.candado:
                conocida = self.conocidas.get(relativa)
            if firma is not None and conocida is not None and conocida[0] == (ruta, firma):
                return conocida[1]
            huella = hashlib.sha256(fetcher_mod.estatico(relativa)).hexdigest()
        except (fetcher_mod.RecursoRechazado, OSError):
            return None
        if firma is not None:
            with self.candado:
                self.conocidas[relativa] = ((ruta, firma), huella)
        return huella


def _firma(ruta: str) -> tuple:
    estado = os.stat(ruta)
    return (estado.st_dev, estado.st_ino, estado.st_size, estado.st_mtime_ns, estado.st_ctime_ns)


def _ruta_local(relativa: str) -> str | None:
    """Where the file the fetcher would serve for ``relativa`` lies, if on this disk."""
    manifiesto = getattr(staticfiles_storage, "hashed_files", None)
    try:
        if manifiesto:
            return staticfiles_storage.path(manifiesto.get(relativa, relativa))
        return finders.find(relativa) or None
    except (NotImplementedError, ValueError):
        return None


huellas_estaticas = _HuellasEstaticas()


def _prefijo_estatico() -> str:
    return fetcher_mod.BASE_URL + settings.STATIC_URL.lstrip("/")


def recursos_vigentes(recursos: dict[str, str]) -> bool:
    """Whether every static file a render was served is still the same."""
    prefijo = _prefijo_estatico()
    for url, huella in recursos.items():
        if not url.startswith(prefijo) or huellas_estaticas.de(url[len(prefijo) :]) != huella:
            return False
    return True


class FetcherRegistrado(fetcher_mod.FetcherInforme):
    """The report's locked-in fetcher, noting the SHA-256 of every static file it serves."""

    def __init__(self, diagramas: dict | None = None):
        super().__init__(diagramas)
        self.recursos: dict[str, str] = {}

    def fetch(self, url, headers=None):
        respuesta = super().fetch(url, headers)
        if url in self.diagramas:  # known by their recorded SHA-256, in the key
            return respuesta
        datos = respuesta.read()
        respuesta.close()
        self.recursos[url] = hashlib.sha256(datos).hexdigest()
        return URLFetcherResponse(respuesta.url, datos, respuesta.headers, respuesta.status)
