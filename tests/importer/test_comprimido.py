"""Importing a zip: the app's own export with its diagrams, and a folder zipped by hand."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from informes import images, limites, services
from informes.exporters import comprimido, markdown
from informes.importer import comprimido as zip_importado
from informes.models import Diagrama, Informe
from tests.factories import analista, informe_demo

pytestmark = pytest.mark.django_db


def png(color="red", tamano=(30, 20)) -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", tamano, color).save(salida, format="PNG")
    return salida.getvalue()


def zip_de(entradas: dict[str, bytes]) -> bytes:
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as zona:
        for nombre, datos in entradas.items():
            zona.writestr(nombre, datos)
    return salida.getvalue()


def subir(client, datos: bytes, nombre="informe.zip"):
    return client.post(
        "/informes/importar/", {"archivo": SimpleUploadedFile(nombre, datos)}, follow=True
    )


def archivos_guardados(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


MARKDOWN_A_MANO = """# Informe resumen de despliegue

### 1. Detalles del Modelo

- **Nombre del Modelo:** Pronóstico de cosechas

### 6. Diagrama de Arquitectura

- **Diagrama de Arquitectura:**

![Flujo de datos](img/flujo.png)

![](img/Arquitectura%20general.png)

![Falta](img/no-esta.png)

![Remoto](https://example.org/x.png)
"""


def test_the_app_s_own_zip_brings_the_diagrams_back(client):
    original = informe_demo()
    client.force_login(original.autor)
    respuesta = subir(client, comprimido.exportar(original))
    assert respuesta.redirect_chain[-1][0] == "/informes/importar/resultado/"
    importado = Informe.objects.exclude(pk=original.pk).get()
    assert list(importado.diagramas.values_list("titulo", "leyenda")) == list(
        original.diagramas.values_list("titulo", "leyenda")
    )
    html = respuesta.content.decode()
    assert "Importado: Arquitectura de despliegue" in html
    assert (
        markdown.exportar(importado).split("<!--")[0]
        == markdown.exportar(original).split("<!--")[0]
    )


def test_a_folder_zipped_by_hand_gives_its_linked_images_and_lists_the_rest(client, media_temporal):
    client.force_login(analista())
    datos = zip_de(
        {
            "cosechas/": b"",
            "cosechas/informe.md": MARKDOWN_A_MANO.encode(),
            "cosechas/img/flujo.png": png("blue"),
            "cosechas/img/Arquitectura general.png": png("green", (12, 8)),
            "cosechas/img/sin-enlace.png": png("black"),
            "cosechas/LEEME.txt": b"notas",
            "__MACOSX/cosechas/._informe.md": b"\x00\x05\x16\x07",
        }
    )
    respuesta = subir(client, datos)
    informe = Informe.objects.get()
    assert list(informe.diagramas.values_list("titulo", "ancho", "alto")) == [
        ("Flujo de datos", 30, 20),
        ("Arquitectura general", 12, 8),  # no alternative text: the file's name
    ]
    resumen = respuesta.context["resumen"]
    assert [(d["ruta"], d["guardada"]) for d in resumen["diagramas"]] == [
        ("img/flujo.png", True),
        ("img/Arquitectura%20general.png", True),
        ("img/no-esta.png", False),
        ("https://example.org/x.png", False),
    ]
    assert len(archivos_guardados(media_temporal)) == 2


def test_each_image_is_re_encoded_as_an_upload_is(client, media_temporal):
    client.force_login(analista())
    imagen = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(imagen, format="JPEG", comment=b"<script>x</script>")
    markdown_ = "- **Diagrama de Arquitectura:**\n\n![Foto](foto.jpg)\n"
    subir(client, zip_de({"a.md": markdown_.encode(), "foto.jpg": imagen.getvalue() + b"<html>"}))
    diagrama = Diagrama.objects.get()
    guardado = diagrama.imagen.read()
    assert b"<script>" not in guardado and b"<html>" not in guardado
    assert diagrama.imagen.name.endswith(".jpg") and len(diagrama.sha256) == 64


@pytest.mark.parametrize(
    ("entradas", "mensaje"),
    [
        ({"a.txt": b"x"}, zip_importado.MENSAJES["sin_md"]),
        ({"a.md": b"# x", "b.md": b"# y"}, "más de un archivo .md"),
        ({"a.md": "### 1. Detalles del Modelo ñ".encode("latin-1")}, "UTF-8"),
    ],
    ids=["sin_md", "dos_md", "latin1"],
)
def test_a_zip_without_one_readable_report_gets_a_message(client, entradas, mensaje):
    client.force_login(analista())
    respuesta = subir(client, zip_de(entradas))
    assert respuesta.status_code == 200
    assert str(mensaje).split("%")[0] in respuesta.content.decode()
    assert not Informe.objects.exists()


def test_an_image_an_upload_would_refuse_refuses_the_import_naming_it(client, media_temporal):
    client.force_login(analista())
    markdown_ = "- **Diagrama de Arquitectura:**\n\n![Bien](bien.png)\n\n![Rota](img/rota.png)\n"
    datos = zip_de({"a.md": markdown_.encode(), "bien.png": png(), "img/rota.png": png()[:40]})
    html = subir(client, datos).content.decode()
    assert "img/rota.png" in html and str(images.ERROR_NO_IMAGEN) in html
    assert not Informe.objects.exists()
    assert archivos_guardados(media_temporal) == []


def test_more_diagrams_than_a_report_holds_refuse_the_import(client):
    client.force_login(analista())
    n = limites.DIAGRAMAS_POR_INFORME + 1
    enlaces = "\n\n".join(f"![D{i}](d{i}.png)" for i in range(n))
    entradas = {"a.md": f"- **Diagrama de Arquitectura:**\n\n{enlaces}\n".encode()}
    entradas |= {f"d{i}.png": png() for i in range(n)}
    html = subir(client, zip_de(entradas)).content.decode()
    assert str(images.ERROR_DIAGRAMAS_INFORME) in html
    assert not Informe.objects.exists()


def test_a_failed_creation_leaves_no_stored_image(media_temporal):
    limpia = images.limpiar_imagen(ContentFile(png(), name="d.png"))
    nuevo = services.DiagramaNuevo(limpia, titulo="")  # a title is required: refused
    with pytest.raises(Exception):  # noqa: B017 - whichever refusal, nothing may stay
        services.informe_crear(autor=analista(), diagramas=[nuevo])
    assert not Informe.objects.exists()
    assert archivos_guardados(media_temporal) == []


def test_the_upload_form_says_it_takes_a_zip(client):
    client.force_login(analista())
    html = client.get("/informes/importar/").content.decode()
    assert ".zip" in html and "application/zip" in html
