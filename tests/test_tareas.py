"""Archival PDFs rendered by a task: in the request without a worker, by
``db_worker`` when tasks are queued in the database (SQLite or PostgreSQL);
queued once per version, retried when a render fails, never stored defective."""

import ast
import datetime
import hashlib
import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from informes import limites, services, tareas
from informes.models import ArchivoPDF, Estado, Informe
from tests.factories import informe_completo, revisor

BASE_DE_DATOS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LOGO_AUSENTE = "informes/img/no-existe.svg"
RAIZ = Path(__file__).resolve().parent.parent


def enviar_y_aprobar(informe, revisor_):
    informe = services.informe_enviar(informe=informe, usuario=informe.autor)
    return services.informe_aprobar(informe=informe, revisor=revisor_, comentario="Conforme.")


def texto_pdf(datos: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(datos)).pages)


def tareas_de_archivo(**filtros):
    return DBTaskResult.objects.filter(task_path=services.archivar_pdf.module_path, **filtros)


def ejecutar_worker():
    call_command("db_worker", "--batch", stdout=StringIO(), stderr=StringIO())


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


@pytest.mark.django_db
def test_without_a_worker_the_pdf_view_serves_the_archive_it_makes_instead_of_202(client):
    # The approval's commit never ran its callbacks here: the archive is still to be made.
    informe = enviar_y_aprobar(informe_completo(), revisor())
    assert not tareas.en_segundo_plano(services.archivar_pdf)
    client.force_login(informe.autor)
    respuesta = client.get(reverse("informes:exportar_pdf", args=[informe.pk]))
    assert respuesta.status_code == 200
    archivo = ArchivoPDF.objects.get(informe=informe)
    assert b"".join(respuesta.streaming_content) == archivo.archivo.read()
    assert respuesta["X-Informes-SHA256"] == archivo.sha256


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

    ejecutar_worker()

    archivo = ArchivoPDF.objects.get(informe=informe)
    respuesta = client.get(url)
    assert respuesta.status_code == 200
    assert b"".join(respuesta.streaming_content) == archivo.archivo.read()


@pytest.mark.django_db(transaction=True)
def test_twenty_downloads_before_the_archive_queue_one_task(settings, client):
    settings.TASKS = BASE_DE_DATOS
    informe = enviar_y_aprobar(informe_completo(), revisor())
    client.force_login(informe.autor)
    url = reverse("informes:exportar_pdf", args=[informe.pk])
    assert all(client.get(url).status_code == 202 for _ in range(20))
    assert tareas_de_archivo().count() == 1

    ejecutar_worker()
    assert ArchivoPDF.objects.filter(informe=informe).count() == 1
    assert client.get(url).status_code == 200
    assert tareas_de_archivo().count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_task_lost_with_its_worker_no_longer_blocks_a_new_one(settings, client):
    settings.TASKS = BASE_DE_DATOS
    informe = enviar_y_aprobar(informe_completo(), revisor())
    # The worker that claimed it was killed: the row says "running" for ever.
    hace_mucho = timezone.now() - datetime.timedelta(seconds=limites.ARCHIVO_TAREA_PERDIDA + 1)
    tareas_de_archivo().update(status=TaskResultStatus.RUNNING, started_at=hace_mucho)
    client.force_login(informe.autor)
    assert client.get(reverse("informes:exportar_pdf", args=[informe.pk])).status_code == 202
    assert tareas_de_archivo(status=TaskResultStatus.READY).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_defective_archive_render_stores_nothing_and_the_worker_retries_it(settings, client):
    settings.TASKS = BASE_DE_DATOS
    settings.INFORMES_LOGO_PDF = LOGO_AUSENTE  # the renderer will be refused the logo
    informe = enviar_y_aprobar(informe_completo(), revisor())
    ejecutar_worker()

    assert Informe.objects.get(pk=informe.pk).estado == Estado.APROBADO
    assert not ArchivoPDF.objects.exists()
    fallida = tareas_de_archivo(status=TaskResultStatus.FAILED).get()
    assert fallida.exception_class_path == "informes.exporters.pdf.DocumentoIncompleto"
    reintento = tareas_de_archivo(status=TaskResultStatus.READY).get()
    assert reintento.args_kwargs["kwargs"] == {"informe_id": informe.pk, "intento": 2}
    assert reintento.run_after > timezone.now() + datetime.timedelta(seconds=30)

    client.force_login(informe.autor)
    assert "en preparación" in client.get(informe.get_absolute_url()).content.decode()
    url = reverse("informes:exportar_pdf", args=[informe.pk])
    assert client.get(url).status_code == 202
    assert tareas_de_archivo().count() == 2  # the pending retry is the one queued archive

    # The resource is back and the wait is over: the retry archives a complete PDF.
    settings.INFORMES_LOGO_PDF = "informes/img/logo.svg"
    tareas_de_archivo(status=TaskResultStatus.READY).update(run_after=timezone.now())
    ejecutar_worker()
    archivo = ArchivoPDF.objects.get(informe=informe)
    assert "Página 1 de" in texto_pdf(archivo.archivo.read())
    assert client.get(url).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_worker_gives_up_after_its_attempts_and_a_download_queues_again(settings, client):
    settings.TASKS = BASE_DE_DATOS
    settings.INFORMES_LOGO_PDF = LOGO_AUSENTE
    informe = enviar_y_aprobar(informe_completo(), revisor())
    for _ in range(limites.ARCHIVO_INTENTOS):
        tareas_de_archivo(status=TaskResultStatus.READY).update(run_after=timezone.now())
        ejecutar_worker()
    assert tareas_de_archivo(status=TaskResultStatus.FAILED).count() == limites.ARCHIVO_INTENTOS
    assert not tareas_de_archivo(status=TaskResultStatus.READY).exists()

    client.force_login(informe.autor)
    assert client.get(reverse("informes:exportar_pdf", args=[informe.pk])).status_code == 202
    assert tareas_de_archivo(status=TaskResultStatus.READY).count() == 1


@pytest.mark.django_db
def test_without_a_worker_a_defective_render_keeps_the_approval_and_answers_503(
    settings, client, django_capture_on_commit_callbacks
):
    settings.INFORMES_LOGO_PDF = LOGO_AUSENTE
    with django_capture_on_commit_callbacks(execute=True):
        informe = enviar_y_aprobar(informe_completo(), revisor())
    assert Informe.objects.get(pk=informe.pk).estado == Estado.APROBADO
    assert not ArchivoPDF.objects.exists()

    client.force_login(informe.autor)
    assert "en preparación" in client.get(informe.get_absolute_url()).content.decode()
    respuesta = client.get(reverse("informes:exportar_pdf", args=[informe.pk]))
    assert respuesta.status_code == 503
    assert "faltó uno de sus recursos" in respuesta.content.decode()
    assert not ArchivoPDF.objects.exists()

    settings.INFORMES_LOGO_PDF = "informes/img/logo.svg"
    respuesta = client.get(reverse("informes:exportar_pdf", args=[informe.pk]))
    assert respuesta.status_code == 200
    assert ArchivoPDF.objects.filter(informe=informe).exists()


# The archive's modules import one another only at the top: no cycle hidden in a function.
MODULOS_SIN_CICLOS = [
    "informes/tareas.py",
    "informes/services/archivo.py",
    "informes/views/exportar.py",
    "informes/exporters/pdf.py",
    "informes/exporters/plazo.py",
    "informes/exporters/archivo.py",
    "informes/exporters/fetcher.py",
]


@pytest.mark.parametrize("ruta", MODULOS_SIN_CICLOS)
def test_no_import_inside_a_function(ruta):
    arbol = ast.parse((RAIZ / ruta).read_text(encoding="utf-8"))
    funciones = [n for n in ast.walk(arbol) if isinstance(n, ast.FunctionDef)]
    dentro = [
        (f.name, i.lineno)
        for f in funciones
        for i in ast.walk(f)
        if isinstance(i, ast.Import | ast.ImportFrom)
    ]
    assert dentro == []


def test_the_task_glue_imports_no_service():
    arbol = ast.parse((RAIZ / "informes/tareas.py").read_text(encoding="utf-8"))
    origenes = {n.module or "" for n in ast.walk(arbol) if isinstance(n, ast.ImportFrom)}
    nombres = {a.name for n in ast.walk(arbol) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert not any("services" in o for o in origenes) and "services" not in nombres
