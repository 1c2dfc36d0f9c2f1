"""In a real browser: download the Markdown and import it back as a new draft."""

import pytest

from tests.browser.paginas import iniciar_sesion
from tests.factories import CONTRASENA, analista, informe_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_analyst_exports_markdown_and_imports_it_back(pagina, tmp_path):
    informe = informe_demo(diagrama=False)
    iniciar_sesion(pagina, informe.autor.username, CONTRASENA)
    pagina.goto(informe.get_absolute_url())
    with pagina.expect_download() as descarga:
        pagina.get_by_role("link", name="Exportar Markdown", exact=True).click()
    archivo = tmp_path / descarga.value.suggested_filename
    descarga.value.save_as(archivo)
    assert archivo.name == "informe-clasificador-de-actividad-economica-ciiu-v1.md"

    pagina.goto("/informes/")
    pagina.get_by_role("link", name="Importar Markdown").click()
    pagina.get_by_label("Archivo Markdown").set_input_files(str(archivo))
    pagina.get_by_role("button", name="Importar").click()
    pagina.get_by_role("heading", name="Resultado de la importación").wait_for()
    assert (
        "Etiquetas llenas (28)"
        in pagina.get_by_role("heading", name="Etiquetas llenas").inner_text()
    )
    assert "Todo el texto correspondió a alguna etiqueta." in pagina.content()


def test_a_binary_file_is_refused_next_to_the_field(pagina, tmp_path):
    usuario = analista()
    iniciar_sesion(pagina, usuario.username, CONTRASENA)
    archivo = tmp_path / "informe.md"
    archivo.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    pagina.goto("/informes/importar/")
    pagina.get_by_label("Archivo Markdown").set_input_files(str(archivo))
    pagina.get_by_role("button", name="Importar").click()
    pagina.get_by_text("El archivo no es texto Markdown").wait_for()
