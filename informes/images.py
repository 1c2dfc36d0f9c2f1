"""Upload validation and re-encoding for architecture diagrams.

Every stored image is decoded by Pillow (PNG, JPEG or WebP decoders only) and
encoded again, so metadata (EXIF, GPS) and bytes appended after the image are
gone. SVG is never stored: ``svg.py`` rasterises it to PNG in a child process
under its own budgets, then it is treated like any other PNG.

Every upload is bounded before its pixels are decoded: one diagram's pixels
and side, what is left of its report's pixels, and the seconds all the files of
one save share (``Presupuesto``). The numbers live in ``limites``.
"""

import io
import threading
import time
import uuid
import warnings
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps

from . import jpeg, limites, svg

TAMANO_MAXIMO = limites.TAMANO_DIAGRAMA
PIXELES_MAXIMOS = limites.PIXELES_DIAGRAMA
LADO_MAXIMO = limites.LADO_DIAGRAMA


def _miles(numero: int) -> str:
    return f"{numero:,}".replace(",", ".")


def _megas(numero: int, unidad: int) -> str:
    return _miles(numero // unidad)


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

ERROR_TAMANO = format_lazy(
    _("El archivo supera el máximo de {mb} MB."), mb=_megas(TAMANO_MAXIMO, 1024 * 1024)
)
ERROR_EXTENSION = _("Suba una imagen PNG, JPEG, WebP o SVG (extensión .png, .jpg, .webp o .svg).")
ERROR_DOBLE_EXTENSION = _("El nombre del archivo tiene una extensión doble sospechosa.")
ERROR_NO_IMAGEN = _("El archivo no es una imagen PNG, JPEG, WebP ni SVG válida.")
ERROR_NO_COINCIDE = _("El contenido del archivo no corresponde a su extensión.")
ERROR_PIXELES = format_lazy(
    _("La imagen es demasiado grande: el máximo es {mp} megapíxeles y {lado} píxeles por lado."),
    mp=_megas(PIXELES_MAXIMOS, 1_000_000),
    lado=_miles(LADO_MAXIMO),
)
ERROR_PIXELES_INFORME = format_lazy(
    _(
        "Los diagramas de un informe suman como máximo {mp} megapíxeles y este ya no cabe: "
        "reduzca la imagen o elimine otro diagrama."
    ),
    mp=_megas(limites.PIXELES_POR_INFORME, 1_000_000),
)
ERROR_DIAGRAMAS_INFORME = format_lazy(
    _("Un informe admite como máximo {n} diagramas: elimine alguno antes de subir otros."),
    n=limites.DIAGRAMAS_POR_INFORME,
)
ERROR_GUARDADO = format_lazy(
    _("La imagen ocuparía más de {mb} MB una vez procesada: redúzcala o comprímala."),
    mb=_megas(limites.TAMANO_DIAGRAMA_GUARDADO, 1024 * 1024),
)
ERROR_TRUNCADA = _("La imagen está dañada o incompleta.")
ERROR_SVG = _("El SVG no se pudo convertir en imagen: revise que sea un dibujo válido.")
ERROR_SVG_COMPLEJO = format_lazy(
    _(
        "El SVG es demasiado complejo: dibuja más de {n} elementos (cada uso de <use> cuenta "
        "de nuevo) o los anida demasiado. Simplifíquelo o súbalo como PNG."
    ),
    n=_miles(limites.SVG_ELEMENTOS),
)
ERROR_SVG_COSTOSO = format_lazy(
    _(
        "El SVG tardó demasiado en convertirse en imagen (más de {s} segundos) o necesitó "
        "demasiada memoria. Simplifíquelo o súbalo como PNG."
    ),
    s=limites.SVG_CPU,
)
ERROR_SUBIDA_TIEMPO = format_lazy(
    _(
        "No se procesó: los archivos de este envío agotaron su tiempo ({s} segundos entre "
        "todos). Súbalo en otro envío."
    ),
    s=limites.SUBIDA_SEGUNDOS,
)
MENSAJES_SVG = {
    svg.INVALIDO: ERROR_SVG,
    svg.COMPLEJO: ERROR_SVG_COMPLEJO,
    svg.PIXELES: ERROR_PIXELES,
    svg.PIXELES_INFORME: ERROR_PIXELES_INFORME,
    svg.COSTOSO: ERROR_SVG_COSTOSO,
}


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


class Presupuesto:
    """What the uploads of one save may still spend: pixels and wall-clock seconds.

    ``pixeles`` starts at what the report has left; each accepted image takes its
    share. Build one per save (``para``) and pass it to every ``limpiar_imagen``.
    """

    def __init__(self, *, pixeles: int = limites.PIXELES_POR_INFORME):
        self.pixeles = pixeles
        self.fin = time.monotonic() + limites.SUBIDA_SEGUNDOS

    @classmethod
    def para(cls, guardados: Iterable, nuevos: int = 1) -> "Presupuesto":
        """The budget of ``nuevos`` uploads to a report that keeps the diagrams
        ``guardados`` (anything with ``ancho`` and ``alto``); refuses them at once
        when the report has no room for that many."""
        tamanos = [(d.ancho, d.alto) for d in guardados]
        if len(tamanos) + nuevos > limites.DIAGRAMAS_POR_INFORME:
            raise ValidationError(ERROR_DIAGRAMAS_INFORME, code="diagramas_informe")
        return cls(pixeles=limites.PIXELES_POR_INFORME - sum(a * h for a, h in tamanos))

    def segundos(self) -> float:
        return self.fin - time.monotonic()

    def exigir_tiempo(self) -> None:
        if self.segundos() <= 0:
            raise ValidationError(ERROR_SUBIDA_TIEMPO, code="tiempo")

    def exigir_pixeles(self, ancho: int, alto: int) -> None:
        if ancho * alto > PIXELES_MAXIMOS or max(ancho, alto) > LADO_MAXIMO:
            raise ValidationError(ERROR_PIXELES, code="pixeles")
        if ancho * alto > self.pixeles:
            raise ValidationError(ERROR_PIXELES_INFORME, code="pixeles_informe")


def exigir_cupo(guardados: Iterable, nuevas: list[ImagenLimpia]) -> None:
    """Refuse the images ``nuevas`` beyond the caps of a report that keeps the
    diagrams ``guardados`` (read only when there is something new)."""
    if nuevas:
        presupuesto = Presupuesto.para(guardados, len(nuevas))
        if sum(n.ancho * n.alto for n in nuevas) > presupuesto.pixeles:
            raise ValidationError(ERROR_PIXELES_INFORME, code="pixeles_informe")


def _rasterizar_svg(datos: bytes, presupuesto: Presupuesto) -> bytes:
    cotas = svg.Cotas(
        cpu=limites.SVG_CPU,
        memoria=limites.SVG_MEMORIA,
        elementos=limites.SVG_ELEMENTOS,
        profundidad=limites.SVG_PROFUNDIDAD,
        pixeles=PIXELES_MAXIMOS,
        lado=LADO_MAXIMO,
        pixeles_disponibles=presupuesto.pixeles,
    )
    segundos = min(limites.SVG_SEGUNDOS, presupuesto.segundos())
    try:
        return svg.rasterizar(datos, cotas, segundos=segundos)
    except svg.Rechazo as rechazo:
        if rechazo.motivo == svg.COSTOSO and segundos < limites.SVG_SEGUNDOS:
            raise ValidationError(ERROR_SUBIDA_TIEMPO, code="tiempo") from rechazo
        raise ValidationError(MENSAJES_SVG[rechazo.motivo], code=rechazo.motivo) from rechazo


def _reencodar(
    datos: bytes, formato_esperado: str | None, presupuesto: Presupuesto, sin_perdida=False
) -> ImagenLimpia:
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
        presupuesto.exigir_pixeles(*imagen.size)
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
    if imagen.mode in ("RGBA", "LA") and imagen.getchannel("A").getextrema() == (255, 255):
        # An opaque alpha channel: the PDF would re-compress it apart for nothing
        # (60 MP of diagrams: 4.7 s of CPU with it, 3.7 s without).
        imagen = imagen.convert(imagen.mode[:-1])
    salida = io.BytesIO()
    # zlib's default level: level 9 ("optimize") took three times the CPU on a
    # 25 MP diagram for a file 0.3 % smaller.
    opciones = {"PNG": {}, "JPEG": {"quality": 90}, "WEBP": {"quality": 90}}
    if sin_perdida:  # the same pixels: lossless WebP, a JPEG copied without its metadata
        opciones["WEBP"] = {"lossless": True, "exact": True}
    copia = jpeg.reescrito(datos, imagen) if sin_perdida and formato == "JPEG" else None
    if copia is not None:
        salida.write(copia)
    else:
        imagen.save(salida, format=formato, **opciones[formato])
    if salida.tell() > limites.TAMANO_DIAGRAMA_GUARDADO:
        raise ValidationError(ERROR_GUARDADO, code="guardado")
    presupuesto.pixeles -= imagen.width * imagen.height
    nombre = f"{uuid.uuid4().hex}.{FORMATOS[formato]}"
    return ImagenLimpia(ContentFile(salida.getvalue(), name=nombre), imagen.width, imagen.height)


def limpiar_imagen(
    archivo, presupuesto: Presupuesto | None = None, *, sin_perdida: bool = False
) -> ImagenLimpia:
    """Validate an uploaded file and return a clean re-encoded copy.

    Raises ValidationError with a message fit for the user on anything that is
    not a well-formed PNG, JPEG, WebP or SVG within the limits, ``presupuesto``'s
    included (a fresh one, a whole report's pixels, when none is given).
    ``sin_perdida`` keeps every pixel (an imported diagram must come back as it left).
    """
    presupuesto = presupuesto or Presupuesto()
    presupuesto.exigir_tiempo()
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
        return _reencodar(_rasterizar_svg(datos, presupuesto), "PNG", presupuesto)
    return _reencodar(datos, EXTENSIONES[extension], presupuesto, sin_perdida)
