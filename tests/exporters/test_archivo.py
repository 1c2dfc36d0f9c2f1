"""The archival PDF/A-3b: rendered once on approval, stored, the same bytes forever."""

import hashlib
import re

import pytest
from django.core.exceptions import ValidationError

from informes import services
from informes.exporters import markdown, pdf
from informes.models import ArchivoInmutable, ArchivoPDF, Informe
from tests.factories import informe_demo, revisor
from tests.pdfs import lector, textos

pytestmark = pytest.mark.django_db


def aprobado(diagrama=True):
    informe = informe_demo(diagrama=diagrama)
    Informe.objects.filter(pk=informe.pk).update(estado="aprobado")
    return Informe.objects.get(pk=informe.pk)


@pytest.fixture
def archivado():
    informe = aprobado()
    return informe, services.archivo_generar(informe=informe)


def xmp(datos: bytes) -> str:
    metadatos = lector(datos).trailer["/Root"]["/Metadata"].get_object()
    return metadatos.get_data().decode("utf-8")


def test_archive_identifies_itself_as_pdf_a_3b(archivado):
    _informe, archivo = archivado
    texto = xmp(archivo.archivo.read())
    assert re.search(r"pdfaid:part(>|=\")3", texto)
    assert re.search(r"pdfaid:conformance(>|=\")B", texto)


def test_archive_embeds_the_markdown_export(archivado):
    informe, archivo = archivado
    adjuntos = lector(archivo.archivo.read()).attachments
    nombre = markdown.nombre_archivo(informe, "md")
    assert list(adjuntos) == [nombre]
    assert adjuntos[nombre][0].decode("utf-8") == markdown.exportar(informe)


def test_recorded_sha256_is_the_stored_files(archivado):
    _informe, archivo = archivado
    datos = archivo.archivo.read()
    assert archivo.sha256 == hashlib.sha256(datos).hexdigest()
    assert archivo.tamano == len(datos)
    assert not any("BORRADOR" in p for p in textos(datos))


def test_detail_page_shows_the_stored_files_sha256(client, archivado):
    informe, archivo = archivado
    client.force_login(informe.autor)
    html = client.get(informe.get_absolute_url()).content.decode()
    with archivo.archivo.open("rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() in html


def test_downloads_return_the_stored_bytes_and_never_render_again(client, archivado, monkeypatch):
    informe, archivo = archivado
    almacenado = archivo.archivo.read()

    def no_renderizar(*args, **kwargs):
        raise AssertionError("an archived version must not be rendered again")

    monkeypatch.setattr(pdf, "escribir", no_renderizar)
    client.force_login(revisor())
    primera = client.get(f"/informes/{informe.pk}/exportar.pdf")
    segunda = client.get(f"/informes/{informe.pk}/exportar.pdf")
    assert primera.status_code == segunda.status_code == 200
    assert b"".join(primera.streaming_content) == almacenado
    assert b"".join(segunda.streaming_content) == almacenado
    assert primera["ETag"] == f'"{archivo.sha256}"'
    assert primera["X-Informes-SHA256"] == archivo.sha256


def test_conditional_download_answers_not_modified(client, archivado):
    informe, archivo = archivado
    client.force_login(informe.autor)
    respuesta = client.get(
        f"/informes/{informe.pk}/exportar.pdf", headers={"If-None-Match": f'"{archivo.sha256}"'}
    )
    assert respuesta.status_code == 304


def test_a_draft_is_not_archived():
    informe = informe_demo(diagrama=False)
    with pytest.raises(ValidationError) as error:
        services.archivo_generar(informe=informe)
    assert error.value.messages == [str(services.MENSAJE_ARCHIVO_NO_APROBADO)]
    assert not ArchivoPDF.objects.exists()


def test_an_archive_is_generated_once_and_never_replaced(archivado):
    informe, archivo = archivado
    with pytest.raises(ValidationError) as error:
        services.archivo_generar(informe=informe)
    assert error.value.messages == [str(services.MENSAJE_ARCHIVO_EXISTE)]
    assert ArchivoPDF.objects.get().sha256 == archivo.sha256


def test_an_archive_row_cannot_be_updated(archivado):
    _informe, archivo = archivado
    archivo.sha256 = "0" * 64
    with pytest.raises(ArchivoInmutable):
        archivo.save()
