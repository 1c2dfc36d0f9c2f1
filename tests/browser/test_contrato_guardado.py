"""The page's side of the save answers' contract, in a real browser: ``ocultos`` fill
the form's hidden inputs, ``recargar`` reloads the stored values without ever
dropping typed text, a 409 stops autosaving and links to where it is settled."""

import json
import re

import pytest
from playwright.sync_api import expect

from informes import services
from informes.models import Informe
from tests.browser.paginas import iniciar_sesion
from tests.factories import CONTRASENA, InformeFactory, analista

pytestmark = pytest.mark.django_db(transaction=True)

AUTOGUARDAR = re.compile(r"/autoguardar/$")
GUARDADO = re.compile(r"^Guardado \d\d:\d\d$")


@pytest.fixture
def informe():
    return InformeFactory(autor=analista(username="ana"))


def abrir(pagina, informe):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{informe.pk}/editar/")
    # A mark that a reload would wipe out.
    pagina.evaluate("window.marcaDeLaPagina = true")


def recargada(pagina) -> bool:
    return not pagina.evaluate("window.marcaDeLaPagina === true")


def con_recargar(ruta, otra_persona=None):
    """Pass the save to the server, then answer as if it had combined another save
    (``otra_persona``, run once the server has saved, stores that other save)."""
    respuesta = ruta.fetch()
    if otra_persona is not None:
        otra_persona()
    cuerpo = respuesta.json()
    cuerpo["recargar"] = True
    ruta.fulfill(response=respuesta, body=json.dumps(cuerpo))


def test_hidden_inputs_take_the_values_the_server_hands_back(pagina, informe):
    abrir(pagina, informe)
    pagina.get_by_label("Hardware Requerido").fill("Uno")
    expect(pagina.locator("#estado-guardado")).to_have_text(GUARDADO)
    contador = Informe.objects.get(pk=informe.pk).contador_cambios
    expect(pagina.locator("input[name=contador_cambios]")).to_have_value(str(contador))


def test_recargar_reloads_the_stored_values_at_once_when_nothing_was_typed_since(pagina, informe):
    abrir(pagina, informe)

    def combinada(ruta):
        con_recargar(
            ruta,
            lambda: Informe.objects.filter(pk=informe.pk).update(
                comunicacion="Cambio de otra persona"
            ),
        )

    pagina.route(AUTOGUARDAR, combinada)
    pagina.get_by_label("Hardware Requerido").fill("Mío")
    expect(pagina.get_by_label("Comunicación")).to_have_value("Cambio de otra persona")
    assert recargada(pagina)
    expect(pagina.get_by_label("Hardware Requerido")).to_have_value("Mío")


def test_recargar_waits_for_typed_text_to_be_saved_first(pagina, informe):
    abrir(pagina, informe)
    retenidas = []
    pagina.route(AUTOGUARDAR, lambda ruta: retenidas.append(ruta))
    campo = pagina.get_by_label("Hardware Requerido")
    campo.fill("Primera parte")
    expect(pagina.locator("#estado-guardado")).to_have_text("Guardando…")
    campo.press("End")
    campo.type(" y segunda parte")  # typed while the save is on its way
    con_recargar(retenidas.pop())
    pagina.wait_for_timeout(500)
    assert not recargada(pagina), "reloaded over typed text"
    expect(campo).to_have_value("Primera parte y segunda parte")
    # The next save (of the whole text) goes through; then the page reloads.
    with pagina.expect_event("load", timeout=15_000):
        pagina.unroute(AUTOGUARDAR)
    assert recargada(pagina)
    expect(pagina.get_by_label("Hardware Requerido")).to_have_value("Primera parte y segunda parte")
    assert Informe.objects.get(pk=informe.pk).hardware_requerido == (
        "Primera parte y segunda parte"
    )


def test_a_conflict_stops_autosaving_and_links_to_where_it_is_settled(pagina, informe):
    abrir(pagina, informe)
    # Another page saved the same field first.
    services.informe_guardar(
        informe=informe,
        editor=informe.autor,
        contador_esperado=informe.contador_cambios,
        campos={"hardware_requerido": "De la otra ventana"},
    )
    pedidas = []
    pagina.on("request", lambda r: pedidas.append(r.url) if AUTOGUARDAR.search(r.url) else None)
    pagina.get_by_label("Hardware Requerido").fill("De esta ventana")
    estado = pagina.locator("#estado-guardado")
    expect(estado).to_have_text(str(services.ERROR_CONFLICTO))
    enlace = pagina.get_by_role("link", name="Resolver el conflicto")
    expect(enlace).to_have_attribute(
        "href", re.compile(rf"^/informes/{informe.pk}/conflicto/[\w-]{{22}}/$")
    )
    antes = len(pedidas)
    pagina.get_by_label("Comunicación").fill("Sigo escribiendo")
    pagina.wait_for_timeout(2500)
    assert len(pedidas) == antes, "autosave went on after a conflict"
    expect(estado).to_have_text(str(services.ERROR_CONFLICTO))
    assert Informe.objects.get(pk=informe.pk).hardware_requerido == "De la otra ventana"
