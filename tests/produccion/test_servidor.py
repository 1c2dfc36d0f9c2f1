"""Production parity: what production serves is what the tests check.

One gunicorn for the test run with ``informes.settings.production`` after
``collectstatic`` (tests/produccion.py): static files go out by their hashed
names, and the PDF of a draft and the archived PDF/A of an approved version keep
their stylesheet (footer, fonts), logo and diagram. The server's numbers come
from ``informes/limites/`` through ``informes.gunicorn_conf``.
"""

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from informes import limites
from tests.pdfs import fuentes, lector, textos
from tests.servidor_produccion import RAIZ, Cliente


@pytest.fixture(scope="module")
def servidor(servidor_produccion):
    return servidor_produccion


def con_sesion(servidor, usuario: str) -> Cliente:
    cliente = Cliente(servidor)
    cliente.iniciar_sesion(usuario)
    return cliente


def comprobar_completo(datos: bytes) -> list[str]:
    """The PDF has what pdf.css and the template's resources give it; its pages' text."""
    paginas = textos(datos)
    assert len(paginas) >= 11
    for numero, texto in enumerate(paginas, start=1):
        assert f"Página {numero} de {len(paginas)}" in texto  # the stylesheet's footer
    portada = paginas[0].splitlines()
    # The logo SVG draws the word "Informes"; a logo not served leaves its alt text.
    assert "Informes" in portada and "Logo" not in portada
    usadas = fuentes(datos)
    assert {"DejaVu-Sans", "DejaVu-Sans-Bold", "DejaVu-Sans-Mono"} <= usadas
    assert not any("Serif" in f for f in usadas)  # the default font without pdf.css
    diagrama = next(i for i, p in enumerate(paginas) if "Figura 1. Arquitectura" in p)
    assert len(lector(datos).pages[diagrama].images) == 1
    return paginas


def test_static_files_are_served_by_their_hashed_names(servidor):
    pagina = Cliente(servidor).pedir("GET", "/cuentas/login/")
    assert pagina.status == 200
    hoja = re.search(r'href="(/static/informes/css/informes\.[0-9a-f]{12}\.css)"', pagina.texto)
    assert hoja, "the page links the collected stylesheet by its hashed name"
    respuesta = Cliente(servidor).pedir("GET", hoja.group(1))
    assert respuesta.status == 200
    assert "immutable" in respuesta["Cache-Control"]


def test_a_drafts_pdf_keeps_its_stylesheet_logo_and_diagram(servidor):
    cliente = con_sesion(servidor, "analista")
    respuesta = cliente.pedir("GET", f"/informes/{servidor.informe_demo}/exportar.pdf")
    assert respuesta.status == 200, respuesta.texto[:2000]
    assert respuesta["Content-Type"] == "application/pdf"
    paginas = comprobar_completo(respuesta.cuerpo)
    assert all("BORRADOR" in p for p in paginas)
    assert "recurso rechazado" not in servidor.log()


def test_the_archived_pdf_a_of_the_approved_version_keeps_them_too(servidor):
    pk = servidor.informe_demo
    analista = con_sesion(servidor, "analista")
    analista.pedir("GET", f"/informes/{pk}/")
    assert analista.pedir("POST", f"/informes/{pk}/enviar/", {}).status == 302
    revisor = con_sesion(servidor, "revisor")
    revisor.pedir("GET", f"/informes/{pk}/")
    aprobado = revisor.pedir("POST", f"/informes/{pk}/aprobar/", {"comentario": "Conforme."})
    assert aprobado.status == 302, aprobado.texto[:2000]

    # No worker: the approval archived it in its own request.
    respuesta = analista.pedir("GET", f"/informes/{pk}/exportar.pdf")
    assert respuesta.status == 200, respuesta.texto[:2000]
    sha256 = hashlib.sha256(respuesta.cuerpo).hexdigest()
    assert respuesta["X-Informes-SHA256"] == sha256
    paginas = comprobar_completo(respuesta.cuerpo)
    assert not any("BORRADOR" in p for p in paginas)
    assert "Historial de revisión" in paginas[-1] and "Conforme." in paginas[-1]
    documento = lector(respuesta.cuerpo)
    xmp = documento.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(>|=\")3", xmp)
    assert [n for n in documento.attachments if n.endswith(".md")]
    assert sha256 in analista.pedir("GET", f"/informes/{pk}/").texto
    assert "recurso rechazado" not in servidor.log()


def test_gunicorn_takes_its_timeout_from_limites():
    resultado = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "python:informes.gunicorn_conf"]
        + ["--print-config", "informes.wsgi"],
        cwd=RAIZ,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    valores = dict(re.findall(r"^(\w+)\s+= (.*)$", resultado.stdout, re.M))
    assert int(valores["timeout"]) == limites.TIEMPO_TRABAJADOR
    assert valores["worker_class"] == "sync"  # the deadlines' signal needs the main thread
    assert limites.TIEMPO_PDF < limites.TIEMPO_TRABAJADOR


@pytest.mark.parametrize(
    "ruta", ["Dockerfile", "docker-compose.yml", "bench/comun.py", "bench/carga.py"]
)
def test_every_way_of_starting_gunicorn_uses_the_configuration(ruta):
    texto = (RAIZ / ruta).read_text(encoding="utf-8")
    assert "python:informes.gunicorn_conf" in texto
    # No timeout of its own on a command line, in one line or as a list's item.
    assert not re.search(r'gunicorn [^\n]*--timeout|"--timeout"', texto)


def test_the_tests_start_gunicorn_with_the_configuration_too():
    for ruta in sorted(Path(RAIZ / "tests").rglob("*.py")):
        texto = ruta.read_text(encoding="utf-8")
        if '"gunicorn"' in texto and "informes.wsgi" in texto:
            assert "python:informes.gunicorn_conf" in texto, ruta
