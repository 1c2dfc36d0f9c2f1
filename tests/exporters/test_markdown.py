"""The Markdown export reproduces the official template, byte for byte the same each time."""

import io
import zipfile
from pathlib import Path

import pytest

from informes import dialecto, plantilla
from informes.exporters import comprimido, markdown
from informes.models import Informe
from tests.exportacion import esqueleto
from tests.factories import InformeFactory, analista, informe_demo, revisor

pytestmark = pytest.mark.django_db

DORADO = Path(__file__).resolve().parents[1] / "data" / "informe_demo.md"


def test_demo_report_matches_the_golden_file():
    informe = informe_demo()
    assert markdown.exportar(informe) == DORADO.read_text(encoding="utf-8")


def test_export_has_the_same_skeleton_as_the_template():
    plantilla_texto = plantilla.RUTA_PLANTILLA.read_text(encoding="utf-8")
    assert esqueleto(markdown.exportar(informe_demo())) == esqueleto(plantilla_texto)
    assert len(esqueleto(plantilla_texto)) == 9 + 1 + 29 + 1  # headings, title, labels, group


def test_empty_report_keeps_the_skeleton_and_shows_pending_never_the_hints():
    informe = Informe.objects.create(autor=analista())
    texto = markdown.exportar(informe)
    assert esqueleto(texto) == esqueleto(plantilla.RUTA_PLANTILLA.read_text(encoding="utf-8"))
    assert texto.count(dialecto.PENDIENTE) == 29
    for etiqueta in plantilla.ETIQUETAS:
        assert f"[{etiqueta.pista}]" not in texto
    assert "_Ejemplo:_" not in texto


def test_headings_and_labels_inside_user_content_do_not_break_the_skeleton():
    informe = InformeFactory(
        descripcion_modelo=(
            "# Título propio\n\n- **Autenticación:** falsa\n\n```sh\n# comentario\n```"
        ),
    )
    texto = markdown.exportar(informe)
    assert esqueleto(texto) == esqueleto(plantilla.RUTA_PLANTILLA.read_text(encoding="utf-8"))
    assert "\\# Título propio" in texto
    assert "\\- **Autenticación:** falsa" in texto
    assert "```sh\n# comentario\n```" in texto


def test_label_marked_not_applicable_shows_its_reason():
    informe = InformeFactory(no_aplica={"hardware_requerido": "Servicio sin servidor"})
    assert "  - **Hardware Requerido:** No aplica: Servicio sin servidor\n" in (
        markdown.exportar(informe)
    )


def test_metadata_goes_in_a_trailing_comment_after_the_nine_sections():
    informe = InformeFactory(autor=analista(first_name="Ana", last_name="Analista"))
    texto = markdown.exportar(informe)
    comentario = texto[texto.index(dialecto.INICIO_METADATOS) :]
    assert texto.index("### 9.") < texto.index(dialecto.INICIO_METADATOS)
    assert "version: 1\nestado: borrador\nautores: Ana Analista\n-->\n" in comentario


def test_logo_line_is_the_templates_unless_configured(settings):
    informe = InformeFactory(filas=False)
    assert markdown.exportar(informe).startswith(markdown.LOGO_PLANTILLA + "\n\n# ")
    settings.INFORMES_LOGO_MARKDOWN = "![Logo](assets/logo.png)"
    assert markdown.exportar(informe).startswith("![Logo](assets/logo.png)\n\n# ")
    settings.INFORMES_LOGO_MARKDOWN = ""
    assert markdown.exportar(informe).startswith("# Informe resumen de despliegue\n")


def test_the_same_report_gives_the_same_bytes():
    informe = informe_demo()
    assert markdown.exportar(informe) == markdown.exportar(Informe.objects.get(pk=informe.pk))


def test_zip_holds_the_markdown_and_the_diagrams_it_links():
    informe = informe_demo()
    datos = comprimido.exportar(informe)
    with zipfile.ZipFile(io.BytesIO(datos)) as zip_:
        nombres = zip_.namelist()
        md = zip_.read(nombres[0]).decode()
        assert nombres == [markdown.nombre_archivo(informe, "md"), "diagramas/diagrama-1.png"]
        assert "![Arquitectura de despliegue](diagramas/diagrama-1.png)" in md
        assert zip_.read("diagramas/diagrama-1.png").startswith(b"\x89PNG")
    assert comprimido.exportar(informe) == datos


def test_author_downloads_markdown_with_a_clean_file_name(client):
    informe = informe_demo()
    client.force_login(informe.autor)
    respuesta = client.get(f"/informes/{informe.pk}/exportar.md")
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "text/markdown; charset=utf-8"
    assert respuesta["Content-Disposition"] == (
        'attachment; filename="informe-clasificador-de-actividad-economica-ciiu-v1.md"'
    )
    assert respuesta.content.decode() == markdown.exportar(informe)


def test_detail_page_offers_the_export_links(client):
    informe = InformeFactory(filas=False)
    client.force_login(revisor())
    html = client.get(informe.get_absolute_url()).content.decode()
    assert "Exportar Markdown" in html and "Descargar PDF" in html
    assert f"/informes/{informe.pk}/exportar.md" in html


@pytest.mark.parametrize("formato", ["md", "zip", "pdf"])
def test_export_of_another_analysts_report_is_not_found(client, formato):
    informe = InformeFactory(filas=False)
    client.force_login(analista())
    assert client.get(f"/informes/{informe.pk}/exportar.{formato}").status_code == 404


@pytest.mark.parametrize("formato", ["md", "zip", "pdf"])
def test_anonymous_export_is_sent_to_login(client, formato):
    informe = InformeFactory(filas=False)
    respuesta = client.get(f"/informes/{informe.pk}/exportar.{formato}")
    assert respuesta.status_code == 302
    assert respuesta.url.startswith("/cuentas/login/")
