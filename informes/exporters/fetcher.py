"""The only way WeasyPrint may read anything while rendering a report.

It serves two things and refuses everything else:

- the app's own static files, under ``BASE_URL + STATIC_URL``, by the names
  ``{% static %}`` writes: with a manifest storage (production's
  ``CompressedManifestStaticFilesStorage``) the collected files the manifest
  lists, by their hashed or plain names, read through that storage; otherwise
  the files the staticfiles finders find. No ``..``, no percent-encoding, no
  backslashes, no query, never a name outside those sets;
- the report's own diagrams, by the exact URLs the PDF template writes for
  them (``presentacion.url_diagrama``), read from storage.

``file://``, ``http(s)://`` (loopback included), ``data:``, ``ftp:`` and every
other URL raise ``RecursoRechazado`` before anything is opened, so user content
can neither read a server file nor call a URL. Each read is bounded in size,
and files are regular files only (never a device such as ``/dev/urandom``).

Every URL the fetcher could not serve, refused or failed, is kept in
``rechazados``: WeasyPrint logs such failures and goes on without the resource,
so callers must check the list (``pdf.escribir`` does) to never hand out a
document without its stylesheet, logo or diagrams.
"""

import logging
import os
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .. import limites

logger = logging.getLogger(__name__)

# A host that never resolves: relative URLs in the HTML are joined to it, and
# only URLs on it are candidates for serving.
BASE_URL = "https://informes.invalid/"
TAMANO_MAXIMO = limites.TAMANO_RECURSO_PDF
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
    whose image it is. ``rechazados`` lists every URL that was not served.
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
        except Exception:
            # A storage or disk error: WeasyPrint would go on without the resource.
            self.rechazados.append(url)
            logger.exception("PDF: recurso ilegible: %.200s", url)
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
        return URLFetcherResponse(url, estatico(relativa), {"Content-Type": _tipo(relativa)})


def estatico(relativa: str) -> bytes:
    """The bytes of the static file ``{% static %}`` names ``relativa``.

    Read anew for each render (a few small files): a cache would outlive a
    ``collectstatic`` or a change of storage.
    """
    almacen = staticfiles_storage
    manifiesto = getattr(almacen, "hashed_files", None)
    if manifiesto:
        return _coleccionado(almacen, manifiesto, relativa)
    encontrada = finders.find(relativa)
    if not encontrada or not os.path.isfile(encontrada):
        raise RecursoRechazado("archivo estático inexistente")
    with open(encontrada, "rb") as archivo:
        return _leer_acotado(archivo)


def _coleccionado(almacen, manifiesto: dict, relativa: str) -> bytes:
    """A collected file the manifest lists, by its hashed or its plain name."""
    if relativa in manifiesto:
        nombre = manifiesto[relativa]
    elif relativa in set(manifiesto.values()):
        nombre = relativa
    else:
        raise RecursoRechazado("archivo estático fuera del manifiesto")
    try:
        local = almacen.path(nombre)
    except NotImplementedError:  # a remote storage: no device files there
        local = None
    if local is not None and not os.path.isfile(local):
        raise RecursoRechazado("archivo estático inexistente")
    with almacen.open(nombre, "rb") as archivo:
        return _leer_acotado(archivo)
