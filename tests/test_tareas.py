"""Archival PDFs rendered by a task: in the request without a worker, by
``db_worker`` when tasks are queued in the database (SQLite or PostgreSQL)."""

import hashlib
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from informes import services
from informes.models import ArchivoPDF

from .ayudas_revision import informe_completo
from .factories import revisor

BASE_DE_DATOS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def enviar_y_aprobar(informe, revisor_):
    informe = services.informe_enviar(informe=informe, usuario=informe.autor)
    return services.informe_aprobar(informe=informe, revisor=revisor_, comentario="Conforme.")


def texto_pdf(datos: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(datos)).pages)


@pytest.mark.django_db
def test_without_a_worker_approval_archives_the_pdf_with_its_history(
    django_capture_on_commit_callbacks, client
):
    informe = informe_completo()
    responsable = revisor(first_name="Rita", last_name="Revisora")
    with django_capture_on_commit_callbacks(execute=True):
        enviar_y_aprobar(informe, responsable)
    archivo = ArchivoPDF.objects.get(informe=informe)
    datos = archivo.archivo.read()
    assert hashlib.sha256(datos).hexdigest() == archivo.sha256
    texto = texto_pdf(datos)
    assert "Historial de revisión" in texto
    assert "Rita Revisora" in texto and "Conforme." in texto

    client.force_login(informe.autor)
    respuesta = client.get(reverse("informes:exportar_pdf", args=[informe.pk]))
    assert b"".join(respuesta.streaming_content) == datos


@pytest.mark.django_db(transaction=True)
def test_with_a_worker_the_page_waits_until_db_worker_has_archived(settings, client):
    settings.TASKS = BASE_DE_DATOS
    informe = informe_completo()
    enviar_y_aprobar(informe, revisor())
    assert not ArchivoPDF.objects.filter(informe=informe).exists()

    client.force_login(informe.autor)
    url = reverse("informes:exportar_pdf", args=[informe.pk])
    respuesta = client.get(url)
    assert respuesta.status_code == 202
    assert "Preparando el PDF archivado" in respuesta.content.decode()
    assert "en preparación" in client.get(informe.get_absolute_url()).content.decode()

    call_command("db_worker", "--batch", stdout=StringIO(), stderr=StringIO())

    archivo = ArchivoPDF.objects.get(informe=informe)
    respuesta = client.get(url)
    assert respuesta.status_code == 200
    assert b"".join(respuesta.streaming_content) == archivo.archivo.read()
