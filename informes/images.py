"""Upload validation and re-encoding for architecture diagrams.

Every stored image is decoded by Pillow (PNG, JPEG or WebP decoders only) and
encoded again, so metadata (EXIF, GPS) and bytes appended after the image are
gone. SVG is never stored: it is rasterised to PNG by CairoSVG with every
external reference read as an empty drawing and XML entities refused, then
treated like any other PNG.
"""

import io
import threading
import uuid
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from cairosvg.parser import Tree
from cairosvg.surface import PNGSurface
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps

TAMANO_MAXIMO = 10 * 1024 * 1024  # bytes of the uploaded file
# Well under Pillow's decompression-bomb threshold (about 89 million pixels).
PIXELES_MAXIMOS = 40_000_000
LADO_MAXIMO = 12_000

FORMATOS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
EXTENSIONES = {
    "png": "PNG",
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "webp": "WEBP",
    "svg": "SVG",
}
# An inner extension such as "plano.html.png" or "x.php.jpg" is a classic trick.
EXTENSIONES_PELIGROSAS = {
    "html", "htm", "xhtml", "js", "mjs", "php", "phtml", "asp", "aspx", "jsp", "cgi",
    "exe", "sh", "bat", "cmd", "svg", "xml", "gif", "py", "pl",
}  # fmt: skip

ERROR_TAMANO = _("El archivo supera el máximo de 10 MB.")
ERROR_EXTENSION = _("Suba una imagen PNG, JPEG, WebP o SVG (extensión .png, .jpg, .webp o .svg).")
ERROR_DOBLE_EXTENSION = _("El nombre del archivo tiene una extensión doble sospechosa.")
ERROR_NO_IMAGEN = _("El archivo no es una imagen PNG, JPEG, WebP ni SVG válida.")
ERROR_NO_COINCIDE = _("El contenido del archivo no corresponde a su extensión.")
ERROR_PIXELES = _(
    "La imagen es demasiado grande: el máximo es 40 megapíxeles y 12.000 píxeles por lado."
)
ERROR_TRUNCADA = _("La imagen está dañada o incompleta.")
ERROR_SVG = _("El SVG no se pudo convertir en imagen: revise que sea un dibujo válido.")


_CANDADO_CARGA = threading.Lock()


@contextmanager
def _carga_estricta():
    """Decode with truncated data refused, whatever the process-wide setting says.

    WeasyPrint sets ``ImageFile.LOAD_TRUNCATED_IMAGES = True`` when imported,
    which would let a truncated upload through padded with grey. The lock keeps
    two uploads from restoring each other's value.
    """
    with _CANDADO_CARGA:
        anterior = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = anterior


@dataclass(frozen=True)
class ImagenLimpia:
    archivo: ContentFile
    ancho: int
    alto: int


def _extension(nombre: str) -> str:
    partes = (nombre or "").replace("\\", "/").rsplit("/", 1)[-1].lower().split(".")
    if len(partes) < 2:
        raise ValidationError(ERROR_EXTENSION, code="extension")
    if any(p in EXTENSIONES_PELIGROSAS for p in partes[1:-1]):
        raise ValidationError(ERROR_DOBLE_EXTENSION, code="doble_extension")
    extension = partes[-1]
    if extension not in EXTENSIONES:
        raise ValidationError(ERROR_EXTENSION, code="extension")
    return extension


def _parece_svg(datos: bytes) -> bool:
    inicio = datos[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return inicio.startswith(b"<?xml") or inicio.startswith(b"<svg") or b"<svg" in inicio


# What every external reference of an SVG (file://, http://, even data:) reads as:
# an empty drawing, so the diagram is rasterised without it and the renderer
# never opens a file, a URL or an embedded image that could be a pixel bomb.
SVG_VACIO = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'


def _sin_recursos_externos(url, *args, **kwargs) -> bytes:
    return SVG_VACIO


class _SuperficieAcotada(PNGSurface):
    """A PNG surface that refuses to allocate more pixels than the cap."""

    def _create_surface(self, width, height):
        if width * height > PIXELES_MAXIMOS or max(width, height) > LADO_MAXIMO:
            raise ValidationError(ERROR_PIXELES, code="pixeles")
        return super()._create_surface(width, height)


def _rasterizar_svg(datos: bytes) -> bytes:
    salida = io.BytesIO()
    try:
        arbol = Tree(bytestring=datos, unsafe=False, url_fetcher=_sin_recursos_externos)
        superficie = _SuperficieAcotada(arbol, salida, 96)
        superficie.finish()
    except ValidationError:
        raise
    except Exception as error:  # CairoSVG raises many kinds on malformed input.
        raise ValidationError(ERROR_SVG, code="svg") from error
    return salida.getvalue()


def _reencodar(datos: bytes, formato_esperado: str | None) -> ImagenLimpia:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            imagen = Image.open(io.BytesIO(datos), formats=list(FORMATOS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(ERROR_PIXELES, code="pixeles") from error
        except Exception as error:
            raise ValidationError(ERROR_NO_IMAGEN, code="no_imagen") from error
        if formato_esperado and imagen.format != formato_esperado:
            raise ValidationError(ERROR_NO_COINCIDE, code="no_coincide")
        ancho, alto = imagen.size
        if ancho * alto > PIXELES_MAXIMOS or max(ancho, alto) > LADO_MAXIMO:
            raise ValidationError(ERROR_PIXELES, code="pixeles")
        try:
            with _carga_estricta():
                imagen.load()
        except Exception as error:
            raise ValidationError(ERROR_TRUNCADA, code="truncada") from error
    formato = imagen.format
    # Apply the EXIF orientation before the EXIF block is dropped.
    imagen = ImageOps.exif_transpose(imagen)
    if formato == "JPEG" and imagen.mode not in ("RGB", "L"):
        imagen = imagen.convert("RGB")
    elif imagen.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        imagen = imagen.convert("RGBA")
    salida = io.BytesIO()
    opciones = {"PNG": {"optimize": True}, "JPEG": {"quality": 90}, "WEBP": {"quality": 90}}
    imagen.save(salida, format=formato, **opciones[formato])
    nombre = f"{uuid.uuid4().hex}.{FORMATOS[formato]}"
    return ImagenLimpia(ContentFile(salida.getvalue(), name=nombre), imagen.width, imagen.height)


def limpiar_imagen(archivo) -> ImagenLimpia:
    """Validate an uploaded file and return a clean re-encoded copy.

    Raises ValidationError with a message fit for the user on anything that is
    not a well-formed PNG, JPEG, WebP or SVG within the limits.
    """
    if archivo.size is not None and archivo.size > TAMANO_MAXIMO:
        raise ValidationError(ERROR_TAMANO, code="tamano")
    extension = _extension(getattr(archivo, "name", ""))
    archivo.seek(0)
    datos = archivo.read(TAMANO_MAXIMO + 1)
    if len(datos) > TAMANO_MAXIMO:
        raise ValidationError(ERROR_TAMANO, code="tamano")
    if EXTENSIONES[extension] == "SVG":
        if not _parece_svg(datos):
            raise ValidationError(ERROR_NO_COINCIDE, code="no_coincide")
        return _reencodar(_rasterizar_svg(datos), "PNG")
    return _reencodar(datos, EXTENSIONES[extension])
