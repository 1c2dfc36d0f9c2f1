"""The renderer is locked in: user content cannot make the server read a file or call a URL."""

import http.server
import json
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings
from weasyprint import HTML

from informes import demo, services
from informes.exporters import fetcher, pdf
from tests.factories import InformeFactory, informe_demo
from tests.pdfs import lector, textos

pytestmark = pytest.mark.django_db

SECRETO = "SECRETO-7f3a9c"
CSS_SECRETO = f'body::before {{ content: "{SECRETO}"; }}'


class Servidor(http.server.BaseHTTPRequestHandler):
    pedidos: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        Servidor.pedidos.append(self.path)
        cuerpo = CSS_SECRETO.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(cuerpo)))
        self.end_headers()
        self.wfile.write(cuerpo)

    def log_message(self, *args):
        pass


@pytest.fixture
def servidor_local():
    """A tiny HTTP server on loopback that records every request it gets."""
    Servidor.pedidos = []
    servidor = http.server.HTTPServer(("127.0.0.1", 0), Servidor)
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    yield f"http://127.0.0.1:{servidor.server_port}"
    servidor.shutdown()
    servidor.server_close()


@pytest.fixture
def archivo_secreto(tmp_path):
    ruta = tmp_path / "secreto.css"
    ruta.write_text(CSS_SECRETO, encoding="utf-8")
    return ruta


def traversal_hacia(destino: Path) -> str:
    """A static-relative path that climbs from the static folder to ``destino``."""
    subidas = "../" * len(Path(settings.STATICFILES_DIRS[0]).resolve().parts)
    return subidas + str(destino).lstrip("/")


def renderizar(html: str, url_fetcher: fetcher.FetcherInforme) -> bytes:
    """WeasyPrint with the fetcher alone: what reaches the PDF when a URL is refused
    (``pdf.escribir`` would refuse the whole document, see test_pdf_incompleto)."""
    return HTML(string=html, base_url=fetcher.BASE_URL, url_fetcher=url_fetcher).write_pdf()


def render_con_css(href: str):
    """Render a page whose stylesheet is ``href``; returns (pdf text, fetcher)."""
    informe = InformeFactory(filas=False)
    url_fetcher = pdf.fetcher_para(informe)
    html = (
        f'<html><head><link rel="stylesheet" href="{href}"></head><body><p>Hola</p></body></html>'
    )
    datos = renderizar(html, url_fetcher)
    return "\n".join(textos(datos)), url_fetcher


def test_a_static_stylesheet_is_served():
    texto, url_fetcher = render_con_css("/static/informes/css/pdf.css")
    assert url_fetcher.rechazados == []
    assert "Página 1 de 1" in texto  # the print stylesheet's footer was applied


@pytest.mark.parametrize(
    "tipo",
    ["file", "traversal", "traversal_codificado", "data", "otro_servidor"],
)
def test_refused_url_leaves_nothing_of_its_target_in_the_pdf(tipo, archivo_secreto):
    href = {
        "file": archivo_secreto.as_uri(),
        "traversal": "/static/" + traversal_hacia(archivo_secreto),
        "traversal_codificado": "/static/"
        + traversal_hacia(archivo_secreto).replace("../", "%2e%2e%2f"),
        "data": "data:text/css," + quote(CSS_SECRETO),
        "otro_servidor": "https://example.org/secreto.css",
    }[tipo]
    texto, url_fetcher = render_con_css(href)
    assert SECRETO not in texto
    assert url_fetcher.rechazados, "the renderer asked for the URL and was refused"


def test_the_css_would_show_the_secret_if_it_were_served(archivo_secreto, tmp_path):
    # Guards the tests above: the same stylesheet, served, does put the secret in the PDF.
    informe = InformeFactory(filas=False)
    html = f"<html><head><style>{CSS_SECRETO}</style></head><body><p>Hola</p></body></html>"
    datos = pdf.escribir(html, pdf.fetcher_para(informe))
    assert SECRETO in "\n".join(textos(datos))


def test_loopback_server_is_never_called(servidor_local):
    texto, url_fetcher = render_con_css(f"{servidor_local}/secreto.css")
    assert SECRETO not in texto
    assert Servidor.pedidos == []
    assert url_fetcher.rechazados == [f"{servidor_local}/secreto.css"]


def test_user_markdown_cannot_reach_files_or_urls(servidor_local, archivo_secreto):
    informe = informe_demo(diagrama=False)
    informe.descripcion_modelo = (
        f"![a]({servidor_local}/a.png)\n\n"
        f'<img src="{archivo_secreto.as_uri()}">\n\n'
        f'<link rel="stylesheet" href="{servidor_local}/b.css">\n\n'
        f'<link rel="attachment" href="{archivo_secreto.as_uri()}">\n\n'
        f'<a rel="attachment" href="{servidor_local}/c">adjunto</a>\n\n'
        f"<style>{CSS_SECRETO}</style>"
    )
    datos = pdf.exportar(informe)
    assert SECRETO not in "\n".join(textos(datos))
    assert Servidor.pedidos == []
    assert lector(datos).attachments == {}


def test_link_rel_attachment_embeds_nothing_even_in_raw_html(archivo_secreto, servidor_local):
    informe = InformeFactory(filas=False)
    url_fetcher = pdf.fetcher_para(informe)
    html = (
        f'<html><head><link rel="attachment" href="{archivo_secreto.as_uri()}">'
        f'<link rel="attachment" href="{servidor_local}/x.txt">'
        '<link rel="attachment" href="/static/informes/css/pdf.css"></head>'
        "<body><p>Hola</p></body></html>"
    )
    datos = renderizar(html, url_fetcher)
    adjuntos = lector(datos).attachments
    assert archivo_secreto.name not in adjuntos and "x.txt" not in adjuntos
    assert Servidor.pedidos == []
    assert archivo_secreto.as_uri() in url_fetcher.rechazados


def test_a_device_file_is_refused_without_reading_it():
    with pytest.raises(fetcher.RecursoRechazado):
        fetcher.FetcherInforme().fetch("file:///dev/urandom")


def test_static_paths_with_traversal_or_encoding_are_refused():
    url_fetcher = fetcher.FetcherInforme()
    base = fetcher.BASE_URL + "static/"
    for ruta in ("../settings.py", "informes/../../manage.py", "%2e%2e/manage.py", "a\\b"):
        with pytest.raises(fetcher.RecursoRechazado):
            url_fetcher.fetch(base + ruta)


def test_only_the_reports_own_diagrams_are_served():
    propio = informe_demo()
    ajeno = InformeFactory(filas=False)
    diagrama_ajeno = services.diagrama_agregar(
        informe=ajeno, archivo=ContentFile(demo.diagrama_png(), name="a.png"), titulo="Ajeno"
    )
    url_fetcher = pdf.fetcher_para(propio)
    propio_url = pdf.url_absoluta(f"/informes/{propio.pk}/diagramas/{propio.diagramas.get().pk}/")
    assert url_fetcher.fetch(propio_url).read().startswith(b"\x89PNG")
    with pytest.raises(fetcher.RecursoRechazado):
        url_fetcher.fetch(pdf.url_absoluta(f"/informes/{ajeno.pk}/diagramas/{diagrama_ajeno.pk}/"))


def test_user_markdown_image_of_another_report_is_not_rendered():
    propio = informe_demo(diagrama=False)
    ajeno = informe_demo(diagrama=True)
    url = f"/informes/{ajeno.pk}/diagramas/{ajeno.diagramas.get().pk}/"
    propio.descripcion_modelo = f"![robado]({url})"
    datos = pdf.exportar(propio)
    assert all(len(p.images) == 0 for p in lector(datos).pages)


# --- Static files collected with hashed names (production's manifest storage).

MANIFIESTO = {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
}


@pytest.fixture(scope="module")
def coleccionados(tmp_path_factory):
    """The app's static files collected into a folder of their own, hashed names and manifest."""
    raiz = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=raiz, STORAGES={**settings.STORAGES, **MANIFIESTO}):
        call_command("collectstatic", interactive=False, verbosity=0)
    return raiz


@pytest.fixture
def manifiesto(coleccionados, settings):
    settings.STATIC_ROOT = coleccionados
    settings.STORAGES = {**settings.STORAGES, **MANIFIESTO}
    return coleccionados


def hashed(raiz: Path, nombre: str) -> str:
    return json.loads((raiz / "staticfiles.json").read_text())["paths"][nombre]


def test_with_a_manifest_the_pdf_keeps_its_stylesheet_and_logo(manifiesto):
    informe = informe_demo(diagrama=False)
    html = pdf.html(informe)
    css, logo = (
        hashed(manifiesto, "informes/css/pdf.css"),
        hashed(manifiesto, "informes/img/logo.svg"),
    )
    assert f"/static/{css}" in html and f"/static/{logo}" in html
    url_fetcher = pdf.fetcher_para(informe)
    paginas = textos(pdf.escribir(html, url_fetcher))
    assert url_fetcher.rechazados == []
    assert all(f"Página {n} de {len(paginas)}" in p for n, p in enumerate(paginas, start=1))


def test_a_manifest_serves_the_collected_file_by_its_hashed_and_its_plain_name(manifiesto):
    url_fetcher = fetcher.FetcherInforme()
    base = fetcher.BASE_URL + "static/"
    coleccionado = (manifiesto / hashed(manifiesto, "informes/css/pdf.css")).read_bytes()
    assert (
        url_fetcher.fetch(base + hashed(manifiesto, "informes/css/pdf.css")).read() == coleccionado
    )
    assert url_fetcher.fetch(base + "informes/css/pdf.css").read() == coleccionado


def test_a_manifest_serves_nothing_it_does_not_list(manifiesto):
    (manifiesto / "informes" / "css" / "secreto.css").write_text(CSS_SECRETO, encoding="utf-8")
    url_fetcher = fetcher.FetcherInforme()
    base = fetcher.BASE_URL + "static/"
    for ruta in (
        "informes/css/secreto.css",  # in the folder, not in the manifest
        "informes/css/pdf.0123456789ab.css",  # a hash the manifest never wrote
        "staticfiles.json",
        "informes/css/pdf.css.gz",
        "../" + hashed(manifiesto, "informes/css/pdf.css"),
    ):
        with pytest.raises(fetcher.RecursoRechazado):
            url_fetcher.fetch(base + ruta)
    assert len(url_fetcher.rechazados) == 5


def test_a_listed_file_missing_from_the_folder_makes_the_render_incomplete(manifiesto, tmp_path):
    informe = informe_demo(diagrama=False)
    html = pdf.html(informe)
    logo = manifiesto / hashed(manifiesto, "informes/img/logo.svg")
    guardado = tmp_path / "logo.svg"
    logo.rename(guardado)
    try:
        with pytest.raises(pdf.DocumentoIncompleto) as error:
            pdf.escribir(html, pdf.fetcher_para(informe))
    finally:
        guardado.rename(logo)
    assert error.value.rechazados == [
        pdf.url_absoluta("/static/" + logo.relative_to(manifiesto).as_posix())
    ]
