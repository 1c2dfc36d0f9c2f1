"""Hostile uploads (polyglots, bombs, SVG with scripts, bad names) made with Pillow and zlib."""

import io
import struct
import zlib
from dataclasses import dataclass

from PIL import Image

from informes import images

CARGA = b"<script>alert(1)</script><!--CARGA-HOSTIL-->"


def png(ancho=64, alto=32, modo="RGB", color="navy") -> bytes:
    salida = io.BytesIO()
    Image.new(modo, (ancho, alto), color).save(salida, format="PNG")
    return salida.getvalue()


def fragmento(tipo: bytes, datos: bytes) -> bytes:
    return (
        struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", zlib.crc32(tipo + datos))
    )


def png_declarado(ancho: int, alto: int) -> bytes:
    """A valid 1-bit PNG header declaring ``ancho``×``alto`` with a tiny compressed body:
    a decompression bomb that would need gigabytes once decoded."""
    ihdr = struct.pack(">IIBBBBB", ancho, alto, 1, 0, 0, 0, 0)
    fila = b"\x00" + b"\x00" * ((ancho + 7) // 8)
    cuerpo = zlib.compress(fila * 64, 9)  # a few rows are enough to look real
    firma = b"\x89PNG\r\n\x1a\n"
    return firma + fragmento(b"IHDR", ihdr) + fragmento(b"IDAT", cuerpo) + fragmento(b"IEND", b"")


def gif_polyglot() -> bytes:
    """A GIF whose header is also the start of a JavaScript statement."""
    salida = io.BytesIO()
    Image.new("P", (10, 10)).save(salida, format="GIF", comment=b"*/=alert(1)/*")
    datos = bytearray(salida.getvalue())
    datos[6:8] = b"/*"  # width bytes become a JS comment opener: GIF89a/*...
    return bytes(datos) + b"*/=1;alert(1);//"


def jpeg_con_gps() -> bytes:
    imagen = Image.new("RGB", (48, 32), "orange")
    exif = Image.Exif()
    exif[0x010F] = "Fabricante"  # Make
    exif[0x8825] = {1: "N", 2: (4.0, 36.0, 0.0), 3: "W", 4: (74.0, 4.0, 0.0)}  # GPS IFD
    salida = io.BytesIO()
    imagen.save(salida, format="JPEG", exif=exif)
    return salida.getvalue()


SVG_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40" onload="alert(1)">'
    b'<script>alert(1)</script><rect width="80" height="40" fill="teal"/></svg>'
)


SVG_EXTERNO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    b'width="80" height="40"><image xlink:href="file:///etc/passwd" width="80" height="40"/>'
    b'<image href="http://127.0.0.1:9/x.png" width="10" height="10"/>'
    b'<use xlink:href="http://169.254.169.254/latest#x"/>'
    b'<rect width="20" height="20" fill="red"/></svg>'
)


# The probes: a path used 300 times in a group used 300 times (31 s in
# CairoSVG, then stored), and a viewBox that magnifies a circle 10**30 times.
SVG_ABANICO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40"><defs>'
    b'<path id="p" d="M0 0 L9 9 L19 0 Z"/><g id="g">' + b'<use href="#p"/>' * 300 + b"</g></defs>"
    + b'<use href="#g"/>' * 300 + b"</svg>"
)  # fmt: skip


SVG_LUPA = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40" viewBox="0 0 1e-30 1e-30">'
    b'<circle r="1"/></svg>'
)


SVG_ENTIDAD = (
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>'
)


@dataclass(frozen=True)
class Hostil:
    descripcion: str
    nombre: str
    datos: bytes
    # The messages that may refuse it; None when a clean copy may be stored.
    mensajes: tuple | None


def corpus() -> list[Hostil]:
    valido = png()
    pixeles = (images.ERROR_PIXELES,)
    html = b"<html><script>alert(1)</script></html>"
    return [
        Hostil("GIF/JS polyglot", "diagrama.gif", gif_polyglot(), (images.ERROR_EXTENSION,)),
        Hostil(
            "GIF/JS polyglot named .png",
            "diagrama.png",
            gif_polyglot(),
            (images.ERROR_NO_IMAGEN, images.ERROR_NO_COINCIDE),
        ),
        Hostil("PNG followed by HTML", "plano.png", valido + CARGA, None),
        Hostil("SVG with a script", "flujo.svg", SVG_SCRIPT, None),
        Hostil("SVG with external references", "externo.svg", SVG_EXTERNO, None),
        Hostil("SVG with an external entity", "entidad.svg", SVG_ENTIDAD, (images.ERROR_SVG,)),
        Hostil("SVG use fan-out", "abanico.svg", SVG_ABANICO, (images.ERROR_SVG_COMPLEJO,)),
        Hostil("SVG magnifying viewBox", "lupa.svg", SVG_LUPA, (images.ERROR_SVG_COSTOSO,)),
        Hostil("decompression bomb", "bomba.png", png_declarado(60_000, 60_000), pixeles),
        Hostil("144-megapixel image", "grande.png", png_declarado(12_000, 12_000), pixeles),
        Hostil(
            "truncated PNG",
            "cortado.png",
            png(400, 300, color="red")[:-300],
            (images.ERROR_TRUNCADA, images.ERROR_NO_IMAGEN),
        ),
        Hostil("PNG named .jpg", "foto.jpg", valido, (images.ERROR_NO_COINCIDE,)),
        Hostil("executable extension", "diagrama.exe", valido, (images.ERROR_EXTENSION,)),
        Hostil("double extension", "plano.php.png", valido, (images.ERROR_DOBLE_EXTENSION,)),
        Hostil("HTML named .png", "pagina.png", html, (images.ERROR_NO_IMAGEN,)),
        Hostil("empty file", "vacio.png", b"", (images.ERROR_NO_IMAGEN,)),
        Hostil("path traversal in the name", "../../etc/x.png", valido, None),
        Hostil("HTML in the name", '<img src=x onerror="alert(1)">.png', valido, None),
        Hostil("JPEG with EXIF GPS", "campo.jpg", jpeg_con_gps(), None),
    ]  # fmt: skip


CORPUS = corpus()


def archivos_en(raiz) -> list:
    return [p for p in raiz.rglob("*") if p.is_file()] if raiz.exists() else []


FIN_DE_IMAGEN = {"png": b"IEND\xaeB`\x82", "jpg": b"\xff\xd9"}
