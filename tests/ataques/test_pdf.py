"""Attacks on the PDF export: inputs that would hold a worker past its timeout, and
renders that would hand out a document without its stylesheet, logo or diagrams.

Time bounds are CPU seconds of this process (the export runs here, in the test's
main thread, as in a gunicorn sync worker) with generous margins: they tell a
bounded export from one that runs for minutes, not a fast machine from a slow one.
"""

import logging
import time
import traceback
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from informes import limites, presentacion, services
from informes.exporters import archivo, pdf
from informes.models import ArchivoPDF, Estado, Informe
from tests.factories import informe_completo, informe_demo, revisor

pytestmark = pytest.mark.django_db

PLAZO = 2  # seconds configured for these tests
MARGEN = 8  # CPU seconds of slack: signals wait for the current C call to return
CORCHETES = "[" * 20_000  # quadratic in Python-Markdown: 88 s for one field


def mas_largo_posible() -> dict[str, str]:
    """Every Markdown label at its maximum length with dense tables: a valid report
    whose Markdown step alone takes seconds and whose PDF runs to hundreds of pages."""
    fila = "| **celda** | `codigo` | [enlace](https://example.org) |\n"
    campos = {}
    for campo in presentacion.CAMPOS_MARKDOWN:
        # Fresh text each run: the rendered-Markdown cache must not answer for it.
        cabecera = f"{uuid.uuid4().hex}\n\n| a | b | c |\n|---|---|---|\n"
        campos[campo] = (cabecera + fila * 1000)[: Informe._meta.get_field(campo).max_length]
    return campos


def con_campos(informe, campos: dict[str, str]):
    Informe.objects.filter(pk=informe.pk).update(**campos)
    return Informe.objects.get(pk=informe.pk)


def descargar(client, informe):
    client.force_login(informe.autor)
    inicio = time.process_time()
    respuesta = client.get(reverse("informes:exportar_pdf", args=[informe.pk]))
    return respuesta, time.process_time() - inicio


def test_a_bracket_run_answers_within_the_deadline(client, settings):
    settings.INFORMES_PDF_TIEMPO_MAXIMO = PLAZO
    informe = con_campos(informe_demo(diagrama=False), {"descripcion_modelo": CORCHETES})
    respuesta, cpu = descargar(client, informe)
    assert respuesta.status_code in (200, 503)
    assert cpu < PLAZO + MARGEN


def test_the_largest_report_answers_503_within_the_deadline(client, settings, caplog):
    settings.INFORMES_PDF_TIEMPO_MAXIMO = PLAZO
    informe = con_campos(informe_demo(diagrama=False), mas_largo_posible())
    with caplog.at_level(logging.WARNING, logger="informes.eventos"):
        respuesta, cpu = descargar(client, informe)
    assert respuesta.status_code == 503
    assert str(pdf.MENSAJE_TIEMPO_AGOTADO) in respuesta.content.decode()
    assert respuesta["Retry-After"]
    assert cpu < PLAZO + MARGEN
    assert [r.detalle["motivo"] for r in caplog.records if r.msg == "pdf_no_disponible"] == [
        "tiempo_agotado"
    ]


# A firing that lands in nh3's Python callback is reported as "ignored" (unraisable)
# and the timer's next firing cancels the work: that is the repetition's purpose.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_deadline_starts_before_the_markdown_is_rendered(settings):
    settings.INFORMES_PDF_TIEMPO_MAXIMO = 0.3
    informe = con_campos(informe_demo(diagrama=False), mas_largo_posible())
    inicio = time.process_time()
    with pytest.raises(pdf.TiempoAgotado) as error:
        pdf.exportar(informe)
    assert time.process_time() - inicio < 0.3 + MARGEN
    archivos = [marco.filename for marco in traceback.extract_tb(error.value.__traceback__)]
    # Cancelled while turning Markdown into HTML, before WeasyPrint was even called.
    assert any(a.endswith("markdown_seguro.py") for a in archivos)
    assert not any("weasyprint" in a for a in archivos)


def test_a_deadline_above_the_limit_is_the_limit(settings):
    for configurado in (limites.TIEMPO_PDF + 1, 3600, 0, -5, float("inf"), "nada"):
        settings.INFORMES_PDF_TIEMPO_MAXIMO = configurado
        assert pdf.tiempo_maximo() == limites.TIEMPO_PDF
    settings.INFORMES_PDF_TIEMPO_MAXIMO = 5
    assert pdf.tiempo_maximo() == 5
    assert limites.TIEMPO_PDF < limites.TIEMPO_TRABAJADOR


@pytest.mark.django_db(transaction=True)
# A firing inside a garbage-collector callback is "ignored" too; the next one cancels.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_archive_task_is_bounded_and_stores_nothing(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.INFORMES_PDF_TIEMPO_MAXIMO = PLAZO
    informe = con_campos(informe_completo(), mas_largo_posible())
    informe = services.informe_enviar(informe=informe, usuario=informe.autor)
    services.informe_aprobar(informe=informe, revisor=revisor(), comentario="Conforme.")
    inicio = time.process_time()
    call_command("db_worker", "--batch", stdout=StringIO(), stderr=StringIO())
    assert time.process_time() - inicio < PLAZO + MARGEN
    fallida = DBTaskResult.objects.get(status="FAILED")
    assert fallida.exception_class_path == "informes.exporters.plazo.TiempoAgotado"
    assert Informe.objects.get(pk=informe.pk).estado == Estado.APROBADO
    assert not ArchivoPDF.objects.exists()


def test_a_render_refused_a_resource_is_refused_with_503_and_a_log_line(client, settings, caplog):
    settings.INFORMES_LOGO_PDF = "informes/img/no-existe.svg"
    informe = informe_demo(diagrama=False)
    with pytest.raises(pdf.DocumentoIncompleto) as error:
        pdf.exportar(informe)
    assert error.value.rechazados == [pdf.url_absoluta("/static/informes/img/no-existe.svg")]
    with caplog.at_level(logging.WARNING, logger="informes.eventos"):
        respuesta, _cpu = descargar(client, informe)
    assert respuesta.status_code == 503
    assert "faltó uno de sus recursos" in respuesta.content.decode()
    linea = next(r for r in caplog.records if r.msg == "pdf_no_disponible")
    assert linea.informe == informe.pk and linea.detalle["motivo"] == "documento_incompleto"


def test_an_archive_is_never_stored_from_a_render_missing_a_resource(settings):
    settings.INFORMES_LOGO_PDF = "informes/img/no-existe.svg"
    informe = informe_demo(diagrama=False)
    Informe.objects.filter(pk=informe.pk).update(estado=Estado.APROBADO)
    with pytest.raises(pdf.DocumentoIncompleto):
        archivo.generar(Informe.objects.get(pk=informe.pk))
    with pytest.raises(pdf.DocumentoIncompleto):
        services.archivo_generar(informe=informe)
    assert not ArchivoPDF.objects.exists()
