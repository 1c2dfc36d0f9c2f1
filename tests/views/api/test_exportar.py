"""A report's downloads through the API (views/api/exportar.py): the same Markdown and zip as
the pages, a draft's PDF rendered, an approved version's archived bytes with their ETag."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from informes.exporters import pdf
from informes.models import ArchivoPDF, Estado, PDFEnCache
from tests.cliente_api import ClienteAPI, url_informe
from tests.factories import InformeFactory, informe_completo

pytestmark = pytest.mark.django_db


def pagina(informe, nombre: str) -> bytes:
    cliente = Client()
    cliente.force_login(informe.autor)
    return cliente.get(reverse(f"informes:{nombre}", args=[informe.pk])).content


@pytest.mark.parametrize(("sufijo", "nombre"), [("md", "exportar_md"), ("zip", "exportar_zip")])
def test_markdown_and_zip_are_the_pages_own_bytes(sufijo, nombre):
    informe = InformeFactory()
    respuesta = ClienteAPI(informe.autor).get(url_informe(informe, f"exportar.{sufijo}"))
    assert respuesta.status_code == 200
    assert respuesta["Content-Disposition"].startswith("attachment; filename=")
    assert respuesta.content == pagina(informe, nombre)


def test_a_drafts_pdf_is_rendered():
    informe = InformeFactory()
    respuesta = ClienteAPI(informe.autor).get(url_informe(informe, "exportar.pdf"))
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/pdf"
    assert respuesta.content.startswith(b"%PDF")


def test_a_drafts_pdf_is_kept_by_content_as_the_pages_is(monkeypatch):
    informe = informe_completo()
    api = ClienteAPI(informe.autor)
    primera = api.get(url_informe(informe, "exportar.pdf"))
    assert PDFEnCache.objects.filter(informe=informe).count() == 1

    def sin_render(*args, **kwargs):
        raise AssertionError("an unchanged draft was rendered again")

    monkeypatch.setattr(pdf, "escribir", sin_render)
    segunda = api.get(url_informe(informe, "exportar.pdf"))
    assert segunda.status_code == 200 and segunda.content == primera.content
    assert pagina(informe, "exportar_pdf") == primera.content  # the page's own bytes


def test_an_approved_versions_pdf_is_its_archived_bytes(media_temporal):
    informe = informe_completo(estado=Estado.APROBADO)
    datos = b"%PDF-1.7\narchivado\n"
    suma = hashlib.sha256(datos).hexdigest()
    ArchivoPDF.objects.create(
        informe=informe, archivo=ContentFile(datos, name="x.pdf"), sha256=suma, tamano=len(datos)
    )
    api = ClienteAPI(informe.autor)
    respuesta = api.get(url_informe(informe, "exportar.pdf"))
    assert respuesta.status_code == 200
    assert b"".join(respuesta.streaming_content) == datos
    assert respuesta["ETag"] == f'"{suma}"' and respuesta["X-Informes-SHA256"] == suma
    assert respuesta["Cache-Control"] == "private, no-cache"
    otra = api.get(url_informe(informe, "exportar.pdf"), HTTP_IF_NONE_MATCH=f'"{suma}"')
    assert otra.status_code == 304


def test_whatever_the_client_accepts_a_download_is_its_bytes_and_an_error_is_json():
    informe = InformeFactory()
    api = ClienteAPI(informe.autor)
    respuesta = api.get(url_informe(informe, "exportar.md"), HTTP_ACCEPT="application/pdf")
    assert respuesta.status_code == 200
    ajeno = api.get(f"/api/v1/informes/{informe.pk + 1000}/exportar.md", HTTP_ACCEPT="text/html")
    assert ajeno.status_code == 404 and ajeno["Content-Type"] == "application/json"
