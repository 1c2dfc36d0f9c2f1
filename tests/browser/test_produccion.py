"""Production parity in a real browser: Chromium against gunicorn with the
production settings after ``collectstatic`` (tests/produccion.py). An analyst
signs in, opens the form, saves a draft and downloads its PDF, which keeps its
stylesheet and logo; every page's static files arrive by their hashed names."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.paginas import iniciar_sesion
from tests.pdfs import fuentes, textos
from tests.servidor_produccion import CONTRASENA


@pytest.fixture(scope="module")
def servidor(servidor_produccion):
    return servidor_produccion


@pytest.fixture
def pagina(navegador, servidor):
    contexto = navegador.new_context(base_url=servidor.url, locale="es-CO")
    page = contexto.new_page()
    problemas = []
    page.on("pageerror", lambda e: problemas.append(str(e)))
    page.on(
        "response",
        lambda r: r.status >= 400 and problemas.append(f"{r.status} {r.url}"),
    )
    # A download ends its navigation as "aborted": not a failure.
    page.on(
        "requestfailed",
        lambda r: "exportar.pdf" not in r.url and problemas.append(f"falló {r.url}"),
    )
    page.set_default_timeout(60_000)
    expect.set_options(timeout=30_000)
    yield page
    contexto.close()
    assert not problemas, problemas


def test_an_analyst_saves_a_draft_and_downloads_its_complete_pdf(pagina, servidor, tmp_path):
    estaticos = []
    pagina.on("response", lambda r: "/static/" in r.url and estaticos.append(r.url))
    iniciar_sesion(pagina, "analista", CONTRASENA)

    pagina.goto("/informes/nuevo/")
    pagina.get_by_label("Nombre del Modelo").fill("Modelo en producción")
    pagina.get_by_role("button", name="Guardar borrador").click()
    pagina.wait_for_url(re.compile(r"/informes/\d+/editar/$"))
    expect(pagina.get_by_text("Borrador guardado.")).to_be_visible()
    pk = re.search(r"/informes/(\d+)/editar/$", pagina.url).group(1)

    pagina.goto(f"/informes/{pk}/")
    with pagina.expect_download() as descarga:
        pagina.get_by_role("link", name="Descargar PDF", exact=True).click()
    archivo = tmp_path / "informe.pdf"
    descarga.value.save_as(archivo)
    datos = archivo.read_bytes()
    paginas = textos(datos)
    for numero, texto in enumerate(paginas, start=1):
        assert f"Página {numero} de {len(paginas)}" in texto
    portada = paginas[0].splitlines()
    assert "Modelo en producción" in paginas[0]
    assert "Informes" in portada and "Logo" not in portada
    assert "DejaVu-Sans" in fuentes(datos)

    assert estaticos, "the pages loaded their static files"
    assert all(re.search(r"\.[0-9a-f]{12}\.\w+$", url) for url in estaticos), estaticos
