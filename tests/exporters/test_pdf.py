"""The PDF export: cover, contents with page numbers, bookmarks, footer, watermark."""

import re
import signal
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from informes import limites, plantilla
from informes.exporters import pdf
from informes.models import Informe
from tests.factories import informe_demo, revisor
from tests.pdfs import lector, textos, titulos_marcadores

pytestmark = pytest.mark.django_db

ENTRADA_CONTENIDO = re.compile(r"^(?P<titulo>\d\. .+?)\s*\.*\s*(?P<pagina>\d+)$", re.M)


@pytest.fixture
def demo_pdf():
    informe = informe_demo()
    return informe, pdf.exportar(informe)


def test_every_section_title_is_in_the_text(demo_pdf):
    _informe, datos = demo_pdf
    texto = "\n".join(textos(datos))
    for seccion in plantilla.SECCIONES:
        assert seccion.encabezado in texto
    for etiqueta in plantilla.ETIQUETAS:
        assert etiqueta.texto in texto


def test_every_page_says_page_x_of_y(demo_pdf):
    _informe, datos = demo_pdf
    paginas = textos(datos)
    # Cover, contents, and one page at least per section.
    assert len(paginas) == len(lector(datos).pages) >= 2 + len(plantilla.SECCIONES)
    for numero, texto in enumerate(paginas, start=1):
        assert f"Página {numero} de {len(paginas)}" in texto


def test_contents_page_numbers_point_to_the_sections(demo_pdf):
    _informe, datos = demo_pdf
    paginas = textos(datos)
    entradas = {
        m["titulo"].strip(): int(m["pagina"]) for m in ENTRADA_CONTENIDO.finditer(paginas[1])
    }
    assert set(entradas) == {s.encabezado for s in plantilla.SECCIONES}
    for titulo, pagina in entradas.items():
        assert paginas[pagina - 1].lstrip().startswith(titulo)
        assert not any(p.lstrip().startswith(titulo) for p in paginas[2 : pagina - 1])


def test_headings_are_pdf_bookmarks(demo_pdf):
    _informe, datos = demo_pdf
    marcadores = titulos_marcadores(datos)
    for seccion in plantilla.SECCIONES:
        assert seccion.encabezado in marcadores
    assert "Bibliotecas de Terceros" in marcadores


def test_rows_are_tables_and_the_diagram_is_an_image(demo_pdf):
    _informe, datos = demo_pdf
    paginas = textos(datos)
    texto = "\n".join(paginas)
    assert "scikit-learn 1.5.2" in texto
    assert "MODEL_PATH Ruta del modelo /srv/modelos/ciiu.joblib" in texto
    pagina_diagrama = next(
        i for i, p in enumerate(paginas) if p.lstrip().startswith("6. Diagrama de Arquitectura")
    )
    assert len(lector(datos).pages[pagina_diagrama].images) == 1
    assert "Figura 1. Arquitectura de despliegue" in paginas[pagina_diagrama]


def test_draft_has_the_watermark_on_every_page(demo_pdf):
    _informe, datos = demo_pdf
    assert all("BORRADOR" in p for p in textos(datos))


@pytest.mark.parametrize("estado", ["en_revision", "cambios_solicitados"])
def test_a_report_under_review_still_has_the_watermark(estado):
    informe = informe_demo(diagrama=False)
    Informe.objects.filter(pk=informe.pk).update(estado=estado)
    datos = pdf.exportar(Informe.objects.get(pk=informe.pk))
    assert all("BORRADOR" in p for p in textos(datos))


@pytest.mark.parametrize("estado", ["aprobado", "archivado"])
def test_approved_or_archived_report_has_no_watermark(estado):
    informe = informe_demo(diagrama=False)
    Informe.objects.filter(pk=informe.pk).update(estado=estado)
    datos = pdf.exportar(Informe.objects.get(pk=informe.pk))
    assert not any("BORRADOR" in p for p in textos(datos))


def test_cover_shows_reviewer_and_approval_date_when_the_report_has_them():
    informe = informe_demo(diagrama=False)
    informe.aprobado_por = revisor(first_name="Rubén", last_name="Revisor")
    informe.aprobado_en = datetime(2026, 11, 2, 15, 0, tzinfo=ZoneInfo("America/Bogota"))
    portada = textos(pdf.exportar(informe))[0]
    assert "Clasificador de actividad económica" in portada
    assert "Ana Analista" in portada and "Borrador" in portada
    assert "Rubén Revisor" in portada and "2026-11-02" in portada


def test_cover_leaves_out_the_reviewer_when_there_is_none():
    portada = textos(pdf.exportar(informe_demo(diagrama=False)))[0]
    assert "Revisor" not in portada and "aprobación" not in portada


def test_review_history_is_rendered_at_the_end_when_given():
    informe = informe_demo(diagrama=False)
    historial = [
        {
            "fecha": datetime(2026, 11, 1, 10, 0, tzinfo=ZoneInfo("America/Bogota")),
            "usuario": "Rubén Revisor",
            "decision": "Cambios solicitados",
            "comentario": "Falta el plan de contingencia.",
        },
        {
            "fecha": datetime(2026, 11, 2, 10, 0, tzinfo=ZoneInfo("America/Bogota")),
            "usuario": "Rubén Revisor",
            "decision": "Aprobado",
            "comentario": "Completo.",
        },
    ]
    paginas = textos(pdf.exportar(informe, historial))
    assert "Historial de revisión" in paginas[-1]
    assert "Falta el plan de contingencia." in paginas[-1]
    assert "2026-11-02 10:00" in paginas[-1]
    assert "Historial de revisión" in paginas[1]  # listed in the contents


def test_long_code_lines_wrap_inside_the_page():
    informe = informe_demo(diagrama=False)
    informe.instalacion = "```sh\n" + "x" * 400 + "FINAL\n```"
    texto = "\n".join(textos(pdf.exportar(informe)))
    lineas = [linea for linea in texto.splitlines() if "xxxx" in linea]
    # Unwrapped, the 405 characters would come out as one line running off the page.
    assert len(lineas) >= 3
    assert all(len(linea) < 150 for linea in lineas)
    assert "FINAL" in texto


def test_view_downloads_a_fresh_pdf_with_a_clean_name(client):
    informe = informe_demo(diagrama=False)
    client.force_login(informe.autor)
    respuesta = client.get(f"/informes/{informe.pk}/exportar.pdf")
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/pdf"
    assert (
        "informe-clasificador-de-actividad-economica-ciiu-v1.pdf"
        in (respuesta["Content-Disposition"])
    )
    assert respuesta.content.startswith(b"%PDF-")


def test_a_render_past_its_deadline_is_cancelled(settings):
    settings.INFORMES_PDF_TIEMPO_MAXIMO = 0.01
    with pytest.raises(pdf.TiempoAgotado):
        pdf.exportar(informe_demo(diagrama=False))


def test_view_answers_503_when_the_render_is_cancelled(client, settings):
    settings.INFORMES_PDF_TIEMPO_MAXIMO = 0.01
    informe = informe_demo(diagrama=False)
    client.force_login(informe.autor)
    respuesta = client.get(f"/informes/{informe.pk}/exportar.pdf")
    assert respuesta.status_code == 503
    assert respuesta["Content-Type"].startswith("text/html")
    html = respuesta.content.decode()
    assert str(pdf.MENSAJE_TIEMPO_AGOTADO) in html
    assert informe.get_absolute_url() in html  # a way back to the report


def ocupar(segundos: float) -> None:
    """Keep the main thread busy in Python code for ``segundos``."""
    fin = time.monotonic() + segundos
    while time.monotonic() < fin:
        pass


def test_an_inner_deadline_never_extends_the_outer_one():
    inicio = time.monotonic()
    with pytest.raises(pdf.TiempoAgotado), pdf.plazo(0.2), pdf.plazo(30):
        ocupar(5)
    assert time.monotonic() - inicio < 2


def test_the_outer_deadline_still_holds_after_an_inner_one_ends():
    inicio = time.monotonic()
    with pytest.raises(pdf.TiempoAgotado), pdf.plazo(0.3):
        with pdf.plazo(0.1):
            pass
        ocupar(5)
    assert 0.25 < time.monotonic() - inicio < 2


def test_nothing_fires_after_a_deadline_has_ended():
    anterior = signal.getsignal(signal.SIGALRM)
    with pytest.raises(pdf.TiempoAgotado), pdf.plazo(0.05):
        ocupar(5)
    with pdf.plazo(0.05):
        pass
    ocupar(limites.TIEMPO_PDF_REPETICION * 3)  # a repeating timer left behind would fire here
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == anterior


def consulta_lenta(cursor, segundos: float) -> str:
    """SQL that keeps the database busy for ``segundos`` on this backend."""
    if connection.vendor == "postgresql":
        return f"SELECT pg_sleep({segundos})"
    cursor.connection.create_function("informes_dormir", 1, lambda s: time.sleep(s) or 0)
    return f"SELECT informes_dormir({segundos})"


def test_a_deadline_waits_for_the_query_it_falls_in_and_leaves_the_connection_usable():
    with connection.cursor() as cursor:
        sql = consulta_lenta(cursor, 0.4)
        inicio = time.monotonic()
        with pytest.raises(pdf.TiempoAgotado), pdf.plazo(0.05):
            cursor.execute(sql)
            pytest.fail("the deadline passed during the query and must be raised when it returns")
    assert time.monotonic() - inicio >= 0.35  # the query ran to its end
    assert not Informe.objects.exists()  # and the connection still answers
    assert connection.execute_wrappers == []
