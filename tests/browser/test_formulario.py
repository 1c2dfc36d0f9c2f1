"""The analysts' form in a real browser: every label filled by its text, rows,
diagrams, save and reload, then a second editor and the conflict page."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from informes import plantilla
from informes.models import Informe
from tests.browser.paginas import iniciar_sesion
from tests.factories import CONTRASENA, analista

pytestmark = pytest.mark.django_db(transaction=True)


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120">'
    b'<rect width="300" height="120" fill="#e8f0fe"/><script>alert(1)</script>'
    b'<text x="20" y="60">API</text></svg>'
)


def png() -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (320, 160), "#0b3d91").save(salida, format="PNG")
    return salida.getvalue()


def valor(etiqueta: plantilla.Etiqueta) -> str:
    especiales = {"version_python": "3.11", "archivo_principal": "deploy_model.py"}
    return especiales.get(etiqueta.campo, f"Texto de {etiqueta.texto}")


def grupo(pagina, leyenda: str):
    return pagina.get_by_role("group", name=leyenda, exact=True)


def celda(pagina, leyenda: str, columna: str, fila: int):
    return grupo(pagina, leyenda).get_by_label(f"{columna} {fila}", exact=True)


def llenar_filas(pagina):
    # One library by pasting a requirements file; two typed in rows.
    pagina.get_by_label("Pegar requirements.txt").fill("# base\nscikit-learn==1.5.2\n-r otro.txt\n")
    pagina.get_by_role("button", name="Agregar bibliotecas").click()
    expect(pagina.get_by_text("Se agregó 1 biblioteca")).to_be_visible()
    bibliotecas = "Bibliotecas de Terceros"
    expect(celda(pagina, bibliotecas, "Nombre", 1)).to_have_value("scikit-learn")
    celda(pagina, bibliotecas, "Nombre", 2).fill("pandas")
    celda(pagina, bibliotecas, "Versión", 2).fill(">=2.2,<3")
    grupo(pagina, bibliotecas).get_by_role("button", name=re.compile("^Agregar fila")).click()
    celda(pagina, bibliotecas, "Nombre", 3).fill("fastapi")
    celda(pagina, bibliotecas, "Versión", 3).fill("0.115.0")
    rutas = "Rutas de Acceso a los Archivos"
    celda(pagina, rutas, "Ruta", 1).fill("/srv/modelo.pkl")
    celda(pagina, rutas, "Propósito", 1).fill("Modelo entrenado")
    variables = "Variables de Entorno"
    celda(pagina, variables, "Nombre", 1).fill("MODEL_PATH")
    celda(pagina, variables, "Propósito", 1).fill("Ruta del modelo")
    celda(pagina, variables, "Valor de ejemplo", 1).fill("/srv/modelo.pkl")


def comprobar_todo(pagina):
    for etiqueta in plantilla.ETIQUETAS:
        if not etiqueta.es_filas:
            expect(pagina.get_by_label(etiqueta.texto)).to_have_value(valor(etiqueta))
    bibliotecas = "Bibliotecas de Terceros"
    for fila, (nombre, version) in enumerate(
        [("scikit-learn", "1.5.2"), ("pandas", ">=2.2,<3"), ("fastapi", "0.115.0")], start=1
    ):
        expect(celda(pagina, bibliotecas, "Nombre", fila)).to_have_value(nombre)
        expect(celda(pagina, bibliotecas, "Versión", fila)).to_have_value(version)
    expect(celda(pagina, "Rutas de Acceso a los Archivos", "Ruta", 1)).to_have_value(
        "/srv/modelo.pkl"
    )
    variables = "Variables de Entorno"
    expect(celda(pagina, variables, "Nombre", 1)).to_have_value("MODEL_PATH")
    expect(celda(pagina, variables, "Valor de ejemplo", 1)).to_have_value("/srv/modelo.pkl")
    expect(pagina.get_by_role("img", name="Miniatura: flujo")).to_be_visible()
    expect(pagina.get_by_role("img", name="Miniatura: arquitectura")).to_be_visible()


def test_analyst_fills_every_label_saves_reloads_and_meets_a_conflict(
    pagina, navegador, live_server
):
    ana = analista(username="ana")
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.get_by_role("link", name="Nuevo informe").click()
    expect(pagina.get_by_role("heading", name="1. Detalles del Modelo")).to_be_visible()
    for etiqueta in plantilla.ETIQUETAS:
        if not etiqueta.es_filas:
            pagina.get_by_label(etiqueta.texto).fill(valor(etiqueta))
    llenar_filas(pagina)
    pagina.get_by_label("Diagrama de Arquitectura").set_input_files(
        [
            {"name": "flujo.png", "mimeType": "image/png", "buffer": png()},
            {"name": "arquitectura.svg", "mimeType": "image/svg+xml", "buffer": SVG},
        ]
    )
    pagina.get_by_role("button", name="Guardar borrador").click()
    pagina.wait_for_url(re.compile(r"/informes/\d+/editar/$"))
    expect(pagina.get_by_text("Borrador guardado.")).to_be_visible()
    pagina.reload()
    comprobar_todo(pagina)
    informe = Informe.objects.get(autor=ana)
    assert informe.bibliotecas.count() == 3 and informe.diagramas.count() == 2

    # A second editor (another browser) saves the same draft first.
    otro = navegador.new_context(base_url=live_server.url, locale="es-CO")
    segunda = otro.new_page()
    iniciar_sesion(segunda, "ana", CONTRASENA)
    segunda.goto(pagina.url)
    segunda.get_by_label("Hardware Requerido").fill("Cambio de la segunda ventana")
    segunda.get_by_role("button", name="Guardar borrador").click()
    expect(segunda.get_by_text("Borrador guardado.")).to_be_visible()
    otro.close()

    pagina.get_by_label("Hardware Requerido").fill("Cambio de la primera ventana")
    pagina.get_by_role("button", name="Guardar borrador").click()
    expect(pagina.get_by_role("heading", name=re.compile("Conflicto de edición"))).to_be_visible()
    expect(pagina.get_by_test_id("suyo-hardware_requerido")).to_have_text(
        "Cambio de la primera ventana"
    )
    expect(pagina.get_by_test_id("guardado-hardware_requerido")).to_have_text(
        "Cambio de la segunda ventana"
    )
    expect(pagina.get_by_label("Hardware Requerido")).to_have_value("Cambio de la primera ventana")
    assert Informe.objects.get(pk=informe.pk).hardware_requerido == "Cambio de la segunda ventana"


def test_leaving_a_section_autosaves_and_shows_the_time(pagina):
    analista(username="ana")
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto("/informes/nuevo/")
    pagina.get_by_label("Nombre del Modelo").fill("Autoguardado en el navegador")
    pagina.get_by_label("Plataforma de Despliegue").focus()  # section 2
    expect(pagina.get_by_role("status").filter(has_text="Guardado")).to_have_text(
        re.compile(r"^Guardado \d\d:\d\d$")
    )
    informe = Informe.objects.get()
    assert informe.nombre_modelo == "Autoguardado en el navegador"
    pagina.wait_for_url(f"**/informes/{informe.pk}/editar/")


def test_rows_are_added_and_removed_in_place(pagina):
    analista(username="ana")
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto("/informes/nuevo/")
    rutas = "Rutas de Acceso a los Archivos"
    celda(pagina, rutas, "Ruta", 1).fill("/a")
    celda(pagina, rutas, "Ruta", 2).fill("/b")
    grupo(pagina, rutas).get_by_role("button", name=re.compile("^Agregar fila")).click()
    celda(pagina, rutas, "Ruta", 3).fill("/c")
    grupo(pagina, rutas).get_by_role("button", name="Quitar fila 2").click()
    expect(celda(pagina, rutas, "Ruta", 2)).to_be_hidden()
    pagina.get_by_role("button", name="Guardar borrador").click()
    pagina.wait_for_url(re.compile(r"/editar/$"))
    assert list(Informe.objects.get().rutas.values_list("ruta", flat=True)) == ["/a", "/c"]


def test_markdown_preview_shows_the_servers_sanitized_html(pagina):
    analista(username="ana")
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto("/informes/nuevo/")
    pagina.get_by_label("Descripción del Modelo").fill(
        "**Negrita** <img src=x onerror=alert(1)>\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    seccion = pagina.locator("[data-etiqueta=descripcion_modelo]")
    seccion.get_by_role("button", name="Previsualizar").click()
    panel = seccion.locator(".vista-previa-md")
    expect(panel.locator("strong")).to_have_text("Negrita")
    expect(panel.locator("table")).to_be_visible()
    html = panel.inner_html()
    assert "onerror" not in html and "src=" not in html


def test_the_form_works_without_javascript(navegador, live_server):
    analista(username="ana")
    contexto = navegador.new_context(
        base_url=live_server.url, locale="es-CO", java_script_enabled=False
    )
    pagina = contexto.new_page()
    try:
        iniciar_sesion(pagina, "ana", CONTRASENA)
        pagina.goto("/informes/nuevo/")
        pagina.get_by_label("Nombre del Modelo").fill("Sin JavaScript")
        rutas = "Rutas de Acceso a los Archivos"
        grupo(pagina, rutas).get_by_role("button", name="Agregar filas").click()
        expect(pagina.get_by_label("Nombre del Modelo")).to_have_value("Sin JavaScript")
        celda(pagina, rutas, "Ruta", 4).fill("/cuarta")
        pagina.get_by_role("button", name="Guardar borrador").click()
        pagina.wait_for_url(re.compile(r"/editar/$"))
        assert list(Informe.objects.get().rutas.values_list("ruta", flat=True)) == ["/cuarta"]
    finally:
        contexto.close()


def test_leaving_with_unsaved_changes_asks_first_but_saving_does_not(pagina):
    analista(username="ana")
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto("/informes/nuevo/")
    preguntas = []

    def responder(dialogo):
        if dialogo.type == "beforeunload":
            preguntas.append(dialogo.type)
            dialogo.dismiss()  # stay on the page

    pagina.on("dialog", responder)
    pagina.get_by_label("Nombre del Modelo").click()
    pagina.keyboard.type("Sin guardar")
    with pagina.expect_event("dialog"):
        pagina.get_by_role("link", name="Informes", exact=True).first.click()
    expect(pagina.get_by_label("Nombre del Modelo")).to_have_value("Sin guardar")
    assert preguntas == ["beforeunload"]
    pagina.get_by_role("button", name="Guardar borrador").click()
    pagina.wait_for_url(re.compile(r"/editar/$"))
    assert preguntas == ["beforeunload"]
