"""The only way WeasyPrint may read anything while rendering a report.

It serves two things and refuses everything else:

- the app's own static files, under ``BASE_URL + STATIC_URL``, looked up through
  the staticfiles finders (no ``..``, no percent-encoding, no backslashes);
- the report's own diagrams, by the exact URLs the PDF template writes for
  them (``presentacion.url_diagrama``), read from storage.

``file://``, ``http(s)://`` (loopback included), ``data:``, ``ftp:`` and every
other URL raise ``RecursoRechazado`` before anything is opened, so user content
can neither read a server file nor call a URL. Each read is bounded in size,
and files are regular files only (never a device such as ``/dev/urandom``).
"""

import functools
import logging
import os
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# A host that never resolves: relative URLs in the HTML are joined to it, and
# only URLs on it are candidates for serving.
BASE_URL = "https://informes.invalid/"
TAMANO_MAXIMO = 20 * 1024 * 1024
RUTA_ESTATICA_SEGURA = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")
TIPOS = {
    "css": "text/css",
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "woff2": "font/woff2",
    "ttf": "font/ttf",
}


class RecursoRechazado(ValueError):
    """A URL the renderer may not read."""


def _tipo(nombre: str) -> str:
    return TIPOS.get(nombre.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def _leer_acotado(archivo) -> bytes:
    datos = archivo.read(TAMANO_MAXIMO + 1)
    if len(datos) > TAMANO_MAXIMO:
        raise RecursoRechazado("recurso demasiado grande")
    return datos


class FetcherInforme(URLFetcher):
    """Serve static assets and one report's diagrams; refuse the rest.

    ``diagramas`` maps each absolute URL the template uses to the ``Diagrama``
    whose image it is.
    """

    def __init__(self, diagramas: dict | None = None):
        super().__init__(timeout=5, allowed_protocols=("https",), allow_redirects=False)
        self.diagramas = dict(diagramas or {})
        self.rechazados: list[str] = []

    def fetch(self, url, headers=None):
        try:
            return self._servir(url)
        except RecursoRechazado:
            self.rechazados.append(url)
            logger.warning("PDF: recurso rechazado: %.200s", url)
            raise

    def _servir(self, url: str) -> URLFetcherResponse:
        if url in self.diagramas:
            diagrama = self.diagramas[url]
            with diagrama.imagen.open("rb") as archivo:
                datos = _leer_acotado(archivo)
            return URLFetcherResponse(url, datos, {"Content-Type": _tipo(diagrama.imagen.name)})
        prefijo = BASE_URL + settings.STATIC_URL.lstrip("/")
        if not url.startswith(prefijo):
            raise RecursoRechazado("URL fuera de la aplicación")
        partes = urlsplit(url)
        if partes.query or partes.fragment:
            raise RecursoRechazado("URL con consulta")
        relativa = url[len(prefijo) :]
        if (
            not RUTA_ESTATICA_SEGURA.match(relativa)
            or ".." in relativa.split("/")
            or "//" in relativa
        ):
            raise RecursoRechazado("ruta estática no permitida")
        return URLFetcherResponse(url, _estatico(relativa), {"Content-Type": _tipo(relativa)})


@functools.lru_cache(maxsize=64)
def _estatico(relativa: str) -> bytes:
    """A static file's bytes; static files do not change while the process runs."""
    encontrada = finders.find(relativa)
    if not encontrada or not os.path.isfile(encontrada):
        raise RecursoRechazado("archivo estático inexistente")
    with open(encontrada, "rb") as archivo:
        return _leer_acotado(archivo)
