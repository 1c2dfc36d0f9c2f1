"""A report's diagrams through the API (views/api/diagramas.py): the form's validation and
re-encoding on upload (the hostile corpus of test_subidas_hostiles), the report's caps,
the image served after the check, removal."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from informes import images, limites
from informes.models import Diagrama, Informe
from tests.cliente_api import ClienteAPI, etag, url_informe
from tests.factories import InformeFactory
from tests.subidas_hostiles import CARGA, CORPUS, FIN_DE_IMAGEN, archivos_en, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def borrador(media_temporal):
    informe = InformeFactory()
    return informe, ClienteAPI(informe.autor)


def subir(api, informe, nombre: str, datos: bytes, **extra):
    archivo = SimpleUploadedFile(nombre, datos)
    return api.multipart(
        url_informe(informe, "diagramas/"), {"archivo": archivo, "titulo": "Plano"}, **extra
    )


@pytest.mark.parametrize("hostil", CORPUS, ids=[h.descripcion for h in CORPUS])
def test_an_upload_is_refused_beside_archivo_or_stored_only_as_a_clean_image(
    borrador, media_temporal, hostil
):
    informe, api = borrador
    respuesta = subir(api, informe, hostil.nombre, hostil.datos)
    if hostil.mensajes is not None:
        assert respuesta.status_code == 400, respuesta.content
        mensajes = respuesta.json()["campos"]["archivo"]
        assert any(str(m) in " ".join(mensajes) for m in hostil.mensajes), mensajes
        assert Informe.objects.get(pk=informe.pk).contador_cambios == informe.contador_cambios
        assert not Diagrama.objects.exists() and archivos_en(media_temporal) == []
        return
    assert respuesta.status_code == 201, respuesta.content
    diagrama = Diagrama.objects.get(informe=informe)
    (guardado,) = archivos_en(media_temporal)
    datos = guardado.read_bytes()
    assert CARGA not in datos and b"<script" not in datos and b"Exif" not in datos
    assert datos.endswith(FIN_DE_IMAGEN[diagrama.imagen.name.rsplit(".", 1)[-1]])
    assert respuesta["Location"].endswith(f"/diagramas/{diagrama.pk}/")
    filas = respuesta.json()["etiquetas"]["diagramas"]["filas"]
    assert [f["id"] for f in filas] == [diagrama.pk]
    servido = api.get(filas[0]["url"])
    assert servido.status_code == 200
    assert servido["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(servido.streaming_content) == datos


def test_an_svg_becomes_a_png(borrador):
    informe, api = borrador
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40">'
        b'<rect width="80" height="40"/></svg>'
    )
    assert subir(api, informe, "flujo.svg", svg).status_code == 201
    diagrama = Diagrama.objects.get()
    assert diagrama.imagen.name.endswith(".png") and (diagrama.ancho, diagrama.alto) == (80, 40)


def test_the_reports_cap_of_diagrams_holds(borrador, monkeypatch):
    informe, api = borrador
    monkeypatch.setattr(limites, "DIAGRAMAS_POR_INFORME", 1)
    assert subir(api, informe, "a.png", png()).status_code == 201
    respuesta = subir(api, informe, "b.png", png())
    assert respuesta.status_code == 400
    assert str(images.ERROR_DIAGRAMAS_INFORME)[:30] in " ".join(
        respuesta.json()["campos"]["archivo"]
    )
    assert Diagrama.objects.count() == 1


def test_a_title_and_a_file_are_required(borrador):
    informe, api = borrador
    respuesta = api.multipart(url_informe(informe, "diagramas/"), {"titulo": "a\nb"})
    assert respuesta.status_code == 400
    assert set(respuesta.json()["campos"]) == {"archivo", "titulo"}


def test_json_is_not_an_upload(borrador):
    informe, api = borrador
    respuesta = api.post(url_informe(informe, "diagramas/"), {"titulo": "x"})
    assert respuesta.status_code == 415


def test_a_stale_if_match_refuses_the_upload_with_412(borrador):
    informe, api = borrador
    visto = etag(informe)
    api.patch(url_informe(informe), {"nombre_modelo": "Otro"}, HTTP_IF_MATCH=visto)
    respuesta = subir(api, informe, "a.png", png(), HTTP_IF_MATCH=visto)
    assert respuesta.status_code == 412 and not Diagrama.objects.exists()


def test_removing_a_diagram_deletes_it_and_its_file(borrador, media_temporal):
    informe, api = borrador
    subir(api, informe, "a.png", png())
    subir(api, informe, "b.png", png(color="red"))
    primero, segundo = Diagrama.objects.order_by("orden")
    url = url_informe(informe, f"diagramas/{primero.pk}/")
    respuesta = api.delete(url, HTTP_IF_MATCH=etag(informe))
    assert respuesta.status_code == 200
    assert list(Diagrama.objects.values_list("pk", flat=True)) == [segundo.pk]
    assert [f["id"] for f in respuesta.json()["etiquetas"]["diagramas"]["filas"]] == [segundo.pk]
    assert api.get(url).status_code == 404


def test_the_list_of_diagrams(borrador):
    informe, api = borrador
    subir(api, informe, "a.png", png(50, 20))
    (fila,) = api.get(url_informe(informe, "diagramas/")).json()
    assert (fila["titulo"], fila["ancho"], fila["alto"]) == ("Plano", 50, 20)
    imagen = Image.open(io.BytesIO(b"".join(api.get(fila["url"]).streaming_content)))
    assert imagen.size == (50, 20)
