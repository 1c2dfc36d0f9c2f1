"""Upload validation: every bad input is refused with its message, every stored
image is a fresh re-encoding, SVG is rasterised without reading anything."""

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from informes import images, services
from informes.models import Diagrama
from tests.factories import InformeFactory


def png(ancho=40, alto=30, color="white", modo="RGB") -> bytes:
    salida = io.BytesIO()
    Image.new(modo, (ancho, alto), color).save(salida, format="PNG")
    return salida.getvalue()


def subir(nombre: str, datos: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, datos)


def error_de(nombre: str, datos: bytes) -> str:
    with pytest.raises(ValidationError) as error:
        images.limpiar_imagen(subir(nombre, datos))
    return error.value.messages[0]


def abrir(limpia: images.ImagenLimpia) -> Image.Image:
    limpia.archivo.seek(0)
    return Image.open(io.BytesIO(limpia.archivo.read()))


def test_a_text_file_named_png_is_not_an_image():
    assert error_de("diagrama.png", b"esto no es una imagen") == images.ERROR_NO_IMAGEN


def test_a_truncated_png_is_refused():
    datos = png(400, 300, "red")
    assert error_de("diagrama.png", datos[: len(datos) // 2]) in (
        images.ERROR_TRUNCADA,
        images.ERROR_NO_IMAGEN,
    )


def test_a_144_megapixel_png_bomb_is_refused():
    salida = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(salida, format="PNG")
    assert len(salida.getvalue()) < 1_000_000  # tiny on disk, huge in memory
    assert error_de("bomba.png", salida.getvalue()) == images.ERROR_PIXELES


def test_an_image_over_the_pixel_cap_but_under_pillows_threshold_is_refused():
    salida = io.BytesIO()
    Image.new("1", (8_000, 6_000)).save(salida, format="PNG")  # 48 megapixels
    assert error_de("grande.png", salida.getvalue()) == images.ERROR_PIXELES


def test_a_file_over_ten_megabytes_is_refused():
    assert error_de("grande.png", b"\0" * (images.TAMANO_MAXIMO + 1)) == images.ERROR_TAMANO


@pytest.mark.parametrize("nombre", ["diagrama.gif", "diagrama.html", "diagrama", "diagrama.exe"])
def test_an_unaccepted_extension_is_refused(nombre):
    assert error_de(nombre, png()) == images.ERROR_EXTENSION


def test_a_png_named_jpg_is_refused_as_a_mismatch():
    assert error_de("diagrama.jpg", png()) == images.ERROR_NO_COINCIDE


@pytest.mark.parametrize("nombre", ["plano.html.png", "x.php.jpg", "dibujo.svg.png"])
def test_a_double_extension_is_refused(nombre):
    assert error_de(nombre, png()) == images.ERROR_DOBLE_EXTENSION


def test_exif_and_gps_metadata_are_removed():
    foto = Image.new("RGB", (50, 40), "blue")
    exif = Image.Exif()
    exif[0x010F] = "Fabricante"  # Make
    exif[0x8825] = {1: "N", 2: (4.0, 35.0, 0.0), 3: "W", 4: (74.0, 4.0, 0.0)}  # GPS
    salida = io.BytesIO()
    foto.save(salida, format="JPEG", exif=exif)
    assert Image.open(io.BytesIO(salida.getvalue())).getexif()  # the upload has them
    limpia = images.limpiar_imagen(subir("foto.jpg", salida.getvalue()))
    guardada = abrir(limpia)
    assert not guardada.getexif()
    assert "exif" not in guardada.info


def test_a_payload_appended_to_a_png_is_gone():
    limpia = images.limpiar_imagen(
        subir("diagrama.png", png() + b"<html><script>alert(1)</script></html>")
    )
    limpia.archivo.seek(0)
    datos = limpia.archivo.read()
    assert b"<script" not in datos and b"<html" not in datos
    assert datos.endswith(b"IEND\xaeB`\x82")


@pytest.mark.parametrize("formato,extension", [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_accepted_formats_are_stored_under_a_fresh_name(formato, extension):
    salida = io.BytesIO()
    Image.new("RGB", (30, 20), "green").save(salida, format=formato)
    limpia = images.limpiar_imagen(subir(f"mi diagrama.{extension}", salida.getvalue()))
    assert limpia.archivo.name.endswith(f".{extension}")
    assert "diagrama" not in limpia.archivo.name
    assert (limpia.ancho, limpia.alto) == (30, 20)


SVG_CON_SCRIPT = b"""<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60">
<script>alert(document.cookie)</script>
<rect width="120" height="60" fill="#ff0000" onload="alert(1)"/></svg>"""


def test_an_svg_with_a_script_is_rasterised_to_a_png_without_it():
    limpia = images.limpiar_imagen(subir("arquitectura.svg", SVG_CON_SCRIPT))
    limpia.archivo.seek(0)
    datos = limpia.archivo.read()
    assert datos.startswith(b"\x89PNG") and limpia.archivo.name.endswith(".png")
    assert b"script" not in datos and b"alert" not in datos
    assert abrir(limpia).convert("RGB").getpixel((60, 30)) == (255, 0, 0)


def test_an_svg_never_reads_a_local_file(tmp_path):
    secreto = tmp_path / "secreto.png"
    secreto.write_bytes(png(120, 60, "red"))
    svg = f"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
    width="120" height="60"><rect width="120" height="60" fill="#ffffff"/>
    <image href="file://{secreto}" width="120" height="60"/>
    <image xlink:href="file:///etc/passwd" width="120" height="60"/></svg>""".encode()
    limpia = images.limpiar_imagen(subir("arquitectura.svg", svg))
    # Drawn without the red file: the background stays white.
    assert abrir(limpia).convert("RGB").getpixel((60, 30)) == (255, 255, 255)


def test_an_svg_never_fetches_a_url():
    pedidos = []

    class Registro(BaseHTTPRequestHandler):
        def do_GET(self):
            pedidos.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(png(120, 60, "red"))

        def log_message(self, *args):
            pass

    servidor = HTTPServer(("127.0.0.1", 0), Registro)
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    try:
        url = f"http://127.0.0.1:{servidor.server_port}/espia.png"
        svg = f"""<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60">
        <rect width="120" height="60" fill="#ffffff"/>
        <image href="{url}" width="120" height="60"/></svg>""".encode()
        limpia = images.limpiar_imagen(subir("arquitectura.svg", svg))
    finally:
        servidor.shutdown()
        servidor.server_close()
    assert pedidos == []
    assert abrir(limpia).convert("RGB").getpixel((60, 30)) == (255, 255, 255)


def test_an_svg_with_an_external_entity_is_refused():
    svg = b"""<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><text y="20">&x;</text></svg>"""
    assert error_de("arquitectura.svg", svg) == images.ERROR_SVG


def test_an_svg_declaring_a_huge_canvas_is_refused_before_allocating_it():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"></svg>'
    assert error_de("arquitectura.svg", svg) == images.ERROR_PIXELES


def test_a_png_named_svg_is_refused():
    assert error_de("arquitectura.svg", png()) == images.ERROR_NO_COINCIDE


@pytest.mark.django_db
@pytest.mark.parametrize(
    "nombre,datos",
    [
        ("diagrama.png", b"no es imagen"),
        ("plano.html.png", png()),
        ("diagrama.jpg", png()),
    ],
)
def test_a_refused_upload_leaves_no_file_and_no_row(media_temporal, nombre, datos):
    informe = InformeFactory(filas=False)
    with pytest.raises(ValidationError):
        services.diagrama_agregar(informe=informe, archivo=subir(nombre, datos), titulo="x")
    assert not Diagrama.objects.exists()
    assert not media_temporal.exists() or not any(p.is_file() for p in media_temporal.rglob("*"))


@pytest.mark.django_db
def test_an_accepted_upload_is_stored_with_its_size(media_temporal):
    informe = InformeFactory(filas=False)
    diagrama = services.diagrama_agregar(
        informe=informe, archivo=subir("a.png", png(64, 32)), titulo="Arquitectura"
    )
    assert (diagrama.ancho, diagrama.alto) == (64, 32)
    assert (media_temporal / diagrama.imagen.name).is_file()


def test_a_truncated_png_is_refused_even_after_weasyprint_relaxed_pillow():
    """WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES when imported."""
    import weasyprint.images  # noqa: F401
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    png = io.BytesIO()
    Image.new("RGB", (400, 400), "red").save(png, format="PNG")
    with pytest.raises(ValidationError) as error:
        images.limpiar_imagen(SimpleUploadedFile("plano.png", png.getvalue()[:-200]))
    assert error.value.code == "truncada"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


# --- Budgets (informes/limites/).


def test_an_opaque_alpha_channel_is_dropped_and_a_real_one_kept():
    opaca = images.limpiar_imagen(subir("opaca.png", png(40, 30, (0, 90, 200, 255), "RGBA")))
    assert abrir(opaca).mode == "RGB"
    transparente = images.limpiar_imagen(subir("t.png", png(40, 30, (0, 90, 200, 128), "RGBA")))
    assert abrir(transparente).mode == "RGBA"
    assert abrir(transparente).getpixel((5, 5)) == (0, 90, 200, 128)


def test_a_re_encoding_over_the_stored_size_is_refused(monkeypatch):
    import os

    from informes import limites

    ruido = Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3))
    salida = io.BytesIO()
    ruido.save(salida, format="PNG")
    monkeypatch.setattr(limites, "TAMANO_DIAGRAMA_GUARDADO", len(salida.getvalue()) // 2)
    assert error_de("ruido.png", salida.getvalue()) == images.ERROR_GUARDADO


def test_one_budget_takes_each_image_s_pixels_in_turn():
    presupuesto = images.Presupuesto(pixeles=100 * 100 + 50 * 50)
    images.limpiar_imagen(subir("a.png", png(100, 100)), presupuesto)
    images.limpiar_imagen(subir("b.png", png(50, 50)), presupuesto)
    assert presupuesto.pixeles == 0
    with pytest.raises(ValidationError) as error:
        images.limpiar_imagen(subir("c.png", png(1, 1)), presupuesto)
    assert error.value.code == "pixeles_informe"


def test_a_spent_budget_refuses_the_next_file_without_reading_it():
    presupuesto = images.Presupuesto()
    presupuesto.fin = 0  # its seconds are spent
    with pytest.raises(ValidationError) as error:
        images.limpiar_imagen(subir("a.png", png()), presupuesto)
    assert error.value.messages == [str(images.ERROR_SUBIDA_TIEMPO)]


def test_an_svg_canvas_larger_than_the_report_has_left_is_refused_in_the_child():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"></svg>'
    with pytest.raises(ValidationError) as error:
        images.limpiar_imagen(subir("a.svg", svg), images.Presupuesto(pixeles=10_000))
    assert error.value.messages == [str(images.ERROR_PIXELES_INFORME)]


def test_the_messages_say_the_numbers_of_limites():
    from informes import limites

    assert "25 megapíxeles y 12.000 píxeles" in str(images.ERROR_PIXELES)
    assert f"{limites.DIAGRAMAS_POR_INFORME} diagramas" in str(images.ERROR_DIAGRAMAS_INFORME)
    assert "10.000 elementos" in str(images.ERROR_SVG_COMPLEJO)
    assert "10 MB" in str(images.ERROR_TAMANO)
