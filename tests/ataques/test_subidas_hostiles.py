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

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from informes import images
from informes.models import Diagrama, Informe
from tests.factories import InformeFactory
from tests.formularios import datos_formulario, error_junto_a
from tests.subidas_hostiles import (
    CARGA,
    CORPUS,
    FIN_DE_IMAGEN,
    Hostil,
    archivos_en,
    gif_polyglot,
    jpeg_con_gps,
    png,
)
from tests.xss import problemas_de_la_pagina

pytestmark = pytest.mark.django_db


def test_the_corpus_holds_at_least_ten_files_of_each_kind_the_issue_names():
    assert len(CORPUS) >= 10
    assert len({h.descripcion for h in CORPUS}) == len(CORPUS)


def test_the_gps_fixture_really_carries_gps_and_the_polyglot_really_starts_like_js():
    exif = Image.open(io.BytesIO(jpeg_con_gps())).getexif()
    assert exif.get_ifd(0x8825)  # otherwise the stripping test proves nothing
    assert gif_polyglot().startswith(b"GIF89a/*")


def subir(client, informe, hostil: Hostil):
    datos = datos_formulario(informe, hardware_requerido="Valor tecleado")
    datos["archivos"] = SimpleUploadedFile(hostil.nombre, hostil.datos)
    return client.post(reverse("informes:editar", args=[informe.pk]), datos)


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
