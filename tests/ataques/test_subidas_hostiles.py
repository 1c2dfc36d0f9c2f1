"""Hostile uploads posted through the real edit form.

Each file of the corpus (generated here with Pillow, zlib and plain bytes, so no
binary sits in the repository) is either refused with its message next to the
upload field, nothing saved and no file left in MEDIA_ROOT, or stored only as a
clean re-encoding: a fresh UUID name under ``diagramas/``, no EXIF or GPS, no
byte after the image's end, served with ``nosniff`` and a sandboxing CSP.
``tests/test_images.py`` tests ``images.limpiar_imagen`` itself.
"""

import io
import re
import struct
import zlib
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from informes import images
from informes.models import Diagrama, Informe
from tests.ataques.test_xss import problemas_de_la_pagina
from tests.factories import InformeFactory
from tests.views.test_edicion import datos_formulario, error_junto_a

pytestmark = pytest.mark.django_db

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
# The issue's probes: a path used 300 times in a group used 300 times (31 s in
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


def test_the_corpus_holds_at_least_ten_files_of_each_kind_the_issue_names():
    assert len(CORPUS) >= 10
    assert len({h.descripcion for h in CORPUS}) == len(CORPUS)


def test_the_gps_fixture_really_carries_gps_and_the_polyglot_really_starts_like_js():
    exif = Image.open(io.BytesIO(jpeg_con_gps())).getexif()
    assert exif.get_ifd(0x8825)  # otherwise the stripping test proves nothing
    assert gif_polyglot().startswith(b"GIF89a/*")


def archivos_en(raiz) -> list:
    return [p for p in raiz.rglob("*") if p.is_file()] if raiz.exists() else []


def subir(client, informe, hostil: Hostil):
    datos = datos_formulario(informe, hardware_requerido="Valor tecleado")
    datos["archivos"] = SimpleUploadedFile(hostil.nombre, hostil.datos)
    return client.post(reverse("informes:editar", args=[informe.pk]), datos)


FIN_DE_IMAGEN = {"png": b"IEND\xaeB`\x82", "jpg": b"\xff\xd9"}


@pytest.mark.parametrize("hostil", CORPUS, ids=[h.descripcion for h in CORPUS])
def test_a_hostile_upload_is_refused_or_stored_only_as_a_clean_image(
    client, media_temporal, hostil
):
    informe = InformeFactory()
    client.force_login(informe.autor)
    contador = informe.contador_cambios
    respuesta = subir(client, informe, hostil)
    assert respuesta.status_code in (302, 400)
    despues = Informe.objects.get(pk=informe.pk)

    if hostil.mensajes is not None or respuesta.status_code == 400:
        assert hostil.mensajes is not None, "a file that may be stored was refused"
        assert respuesta.status_code == 400
        html = respuesta.content.decode()
        error = error_junto_a(html, "id_archivos")
        assert any(str(m) in error for m in hostil.mensajes), error
        assert "Valor tecleado" in html  # the user's values are kept
        assert despues.contador_cambios == contador
        assert not Diagrama.objects.exists()
        assert archivos_en(media_temporal) == []
        return

    assert respuesta.status_code == 302
    diagrama = Diagrama.objects.get(informe=informe)
    assert re.fullmatch(
        rf"diagramas/{informe.serie}/[0-9a-f]{{32}}\.(png|jpg)", diagrama.imagen.name
    ), diagrama.imagen.name
    (guardado,) = archivos_en(media_temporal)
    assert guardado.resolve().is_relative_to(media_temporal.resolve())
    datos = guardado.read_bytes()
    assert CARGA not in datos and b"<script" not in datos and b"alert" not in datos
    extension = diagrama.imagen.name.rsplit(".", 1)[-1]
    assert datos.endswith(FIN_DE_IMAGEN[extension]), "bytes after the image's end"
    imagen = Image.open(io.BytesIO(datos))
    assert imagen.format == {"png": "PNG", "jpg": "JPEG"}[extension]
    assert not imagen.getexif() and "exif" not in imagen.info
    assert b"Exif" not in datos and b"Fabricante" not in datos

    # Served only through the checked view, as an image that cannot be sniffed or scripted.
    url = reverse("informes:diagrama", args=[informe.pk, diagrama.pk])
    servido = client.get(url)
    assert servido.status_code == 200
    assert servido["X-Content-Type-Options"] == "nosniff"
    assert servido["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert re.fullmatch(
        rf'inline; filename="diagrama-{diagrama.pk}\.(png|jpg)"', servido["Content-Disposition"]
    )
    assert b"".join(servido.streaming_content) == datos

    # The title taken from the file name is shown as text.
    pagina = client.get(reverse("informes:detalle", args=[informe.pk])).content.decode()
    assert problemas_de_la_pagina(pagina) == []


def test_a_traversal_name_never_writes_outside_media_root(client, media_temporal, tmp_path):
    informe = InformeFactory()
    client.force_login(informe.autor)
    hostil = next(h for h in CORPUS if h.descripcion == "path traversal in the name")
    assert subir(client, informe, hostil).status_code == 302
    fuera = [p for p in tmp_path.rglob("*") if p.is_file() and media_temporal not in p.parents]
    assert fuera == []
    assert Diagrama.objects.get().titulo == "x"


def test_several_files_with_one_bad_store_none_of_them(client, media_temporal):
    informe = InformeFactory()
    client.force_login(informe.autor)
    datos = datos_formulario(informe)
    datos["archivos"] = [
        SimpleUploadedFile("bueno.png", png()),
        SimpleUploadedFile("malo.png", b"no soy una imagen"),
    ]
    respuesta = client.post(reverse("informes:editar", args=[informe.pk]), datos)
    assert respuesta.status_code == 400
    assert "malo.png" in error_junto_a(respuesta.content.decode(), "id_archivos")
    assert not Diagrama.objects.exists() and archivos_en(media_temporal) == []


def test_a_file_over_the_size_limit_is_refused_without_a_500(client, media_temporal):
    informe = InformeFactory()
    client.force_login(informe.autor)
    enorme = Hostil("over 10 MB", "enorme.png", png() + b"\x00" * images.TAMANO_MAXIMO, ())
    respuesta = subir(client, informe, enorme)
    assert respuesta.status_code == 400
    assert str(images.ERROR_TAMANO) in error_junto_a(respuesta.content.decode(), "id_archivos")
    assert archivos_en(media_temporal) == []
