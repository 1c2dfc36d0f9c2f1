"""The save status tells the truth, in a real browser: «Sin cambios», «Sin guardar»,
«Guardando…», «Guardado HH:MM» only once the server answered, «Sin conexión» while
offline (and saved once back), the server's refusal with its fields; Ctrl+S, the
leave-page guard, and «Guardar borrador» pressed while an autosave is in flight."""

import re

import pytest
from playwright.sync_api import expect

from informes.models import Informe
from tests.browser.paginas import iniciar_sesion
from tests.factories import CONTRASENA, InformeFactory, analista

pytestmark = pytest.mark.django_db(transaction=True)

GUARDADO = re.compile(r"^Guardado \d\d:\d\d$")


def estado_guardado(pagina):
    return pagina.locator("#estado-guardado")


@pytest.fixture
def informe():
    return InformeFactory(autor=analista(username="ana"))


def abrir(pagina, informe):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{informe.pk}/editar/")


def test_typing_shows_unsaved_then_saved_shortly_after_typing_stops(pagina, informe):
    abrir(pagina, informe)
    expect(estado_guardado(pagina)).to_have_text("Sin cambios")
    pagina.get_by_label("Hardware Requerido").fill("GPU A100")
    expect(estado_guardado(pagina)).to_have_text("Sin guardar")
    # No focus change, no timer of 30 s: the pause after typing is enough.
    expect(estado_guardado(pagina)).to_have_text(GUARDADO)
    assert Informe.objects.get(pk=informe.pk).hardware_requerido == "GPU A100"


def test_offline_typing_says_so_and_saves_when_the_connection_is_back(pagina, informe):
    abrir(pagina, informe)
    pagina.context.set_offline(True)
    pagina.get_by_label("Hardware Requerido").fill("Escrito sin conexión")
    expect(estado_guardado(pagina)).to_have_text("Sin conexión: se reintentará")
    assert Informe.objects.get(pk=informe.pk).hardware_requerido != "Escrito sin conexión"
    pagina.context.set_offline(False)
    expect(estado_guardado(pagina)).to_have_text(GUARDADO)
    assert Informe.objects.get(pk=informe.pk).hardware_requerido == "Escrito sin conexión"


def test_a_refused_autosave_names_the_field_and_shows_the_message_beside_it(pagina, informe):
    abrir(pagina, informe)
    pagina.get_by_label("Python").fill("no es una versión")
    expect(estado_guardado(pagina)).to_have_text(re.compile(r"^No se guardó: corrija «Python»"))
    campo = pagina.get_by_label("Python")
    expect(campo).to_have_attribute("aria-invalid", "true")
    expect(pagina.locator("#id_version_python_error")).to_contain_text("3.11")
    # Fixed, it saves, and the message beside the field goes away.
    campo.fill("3.12")
    expect(estado_guardado(pagina)).to_have_text(GUARDADO)
    expect(pagina.locator("#id_version_python_error")).to_have_count(0)
    assert Informe.objects.get(pk=informe.pk).version_python == "3.12"


def test_ctrl_s_saves_at_once(pagina, informe):
    abrir(pagina, informe)
    campo = pagina.get_by_label("Hardware Requerido")
    campo.fill("Guardado con el teclado")
    campo.press("Control+s")
    expect(estado_guardado(pagina)).to_have_text(GUARDADO)
    assert Informe.objects.get(pk=informe.pk).hardware_requerido == "Guardado con el teclado"


def test_leaving_with_unsaved_text_asks_first(pagina, informe):
    abrir(pagina, informe)
    pagina.context.set_offline(True)  # so the text stays unsaved
    pagina.get_by_label("Hardware Requerido").fill("No me pierdas")
    dialogos = []

    def al_dialogo(dialogo):
        dialogos.append(dialogo.type)
        dialogo.dismiss()  # stay on the page

    pagina.on("dialog", al_dialogo)
    pagina.evaluate("window.location.href = '/informes/'")
    pagina.wait_for_timeout(500)
    assert dialogos == ["beforeunload"]
    expect(pagina.get_by_label("Hardware Requerido")).to_have_value("No me pierdas")


def test_guardar_borrador_pressed_while_an_autosave_is_in_flight_is_never_lost(pagina, informe):
    abrir(pagina, informe)
    # Hold the first autosave until the button has been pressed.
    retenidas = []

    def retener(ruta):
        if retenidas:
            ruta.continue_()
        else:
            retenidas.append(ruta)

    pagina.route(re.compile(r"/autoguardar/$"), retener)
    pagina.get_by_label("Hardware Requerido").fill("Primero por autoguardado")
    expect(estado_guardado(pagina)).to_have_text("Guardando…")
    pagina.get_by_label("Comunicación").fill("Luego con el botón")
    pagina.get_by_role("button", name="Guardar borrador").click()
    pagina.wait_for_timeout(300)
    assert len(retenidas) == 1
    retenidas[0].continue_()
    pagina.get_by_text("Borrador guardado.").wait_for()
    guardado = Informe.objects.get(pk=informe.pk)
    assert guardado.hardware_requerido == "Primero por autoguardado"
    assert guardado.comunicacion == "Luego con el botón"
    expect(estado_guardado(pagina)).to_have_text("Sin cambios")


def test_a_new_reports_first_autosave_creates_it_and_the_page_says_so(pagina):
    analista(username="ana")
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto("/informes/nuevo/")
    pagina.get_by_label("Nombre del Modelo").fill("Creado al escribir")
    expect(estado_guardado(pagina)).to_have_text(GUARDADO)
    informe = Informe.objects.get()
    pagina.wait_for_url(f"**/informes/{informe.pk}/editar/")
    expect(pagina.get_by_role("heading", level=1)).to_have_text(
        "Editar informe: Creado al escribir v1"
    )
    expect(pagina.get_by_role("link", name="Ver el informe")).to_have_attribute(
        "href", f"/informes/{informe.pk}/"
    )
    assert "Creado al escribir" in pagina.title()
    # Later autosaves go to the report just created, never create another one.
    pagina.get_by_label("Hardware Requerido").fill("CPU")
    expect(estado_guardado(pagina)).to_have_text(GUARDADO)
    pagina.wait_for_timeout(200)
    assert Informe.objects.count() == 1
    assert Informe.objects.get().hardware_requerido == "CPU"
