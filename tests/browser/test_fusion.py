"""Two editors of one draft in two browsers: merged saves, the conflict page, presence;
and a reviewer comparing what the analyst changed since the round sent back."""

import re

import pytest
from playwright.sync_api import expect

from informes import plantilla, services
from informes.models import Informe
from tests.browser.paginas import hallazgos_graves, iniciar_sesion
from tests.factories import CONTRASENA, analista, informe_completo, revisor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def dos(navegador, live_server, pagina):
    """A draft by Ana with Luis as co-author; Ana in ``pagina``, Luis in a second browser."""
    ana = analista(username="ana", first_name="Ana", last_name="Ruiz")
    luis = analista(username="luis", first_name="Luis", last_name="Mora")
    informe = informe_completo(autor=ana)
    informe.coautores.add(luis)
    contexto = navegador.new_context(base_url=live_server.url, locale="es-CO")
    otra = contexto.new_page()
    otra.set_default_timeout(30_000)
    errores = []
    otra.on("pageerror", lambda e: errores.append(str(e)))
    iniciar_sesion(pagina, "ana", CONTRASENA)
    iniciar_sesion(otra, "luis", CONTRASENA)
    yield informe, pagina, otra
    contexto.close()
    assert not errores, errores


def campo(pagina, nombre: str):
    return pagina.get_by_label(plantilla.etiqueta(nombre).texto, exact=True)


def editar(pagina, informe):
    pagina.goto(f"/informes/{informe.pk}/editar/")
    expect(campo(pagina, "nombre_modelo")).to_be_visible()


def guardar(pagina):
    with pagina.expect_response(
        lambda r: r.request.method == "POST" and re.search(r"/editar/$", r.url)
    ) as envio:
        pagina.get_by_role("button", name="Guardar borrador").click()
    return envio.value.status


def test_two_editors_changing_different_fields_both_keep_their_values(dos):
    informe, ana, luis = dos
    editar(ana, informe)
    editar(luis, informe)
    campo(ana, "comunicacion").fill("Aviso de Ana a los equipos.")
    campo(luis, "hardware_requerido").fill("Dos GPU, según Luis.")
    assert guardar(ana) == 302
    assert guardar(luis) == 302
    expect(luis.get_by_text("Borrador guardado.")).to_be_visible()
    expect(luis.get_by_role("heading", name=re.compile("Conflicto"))).to_have_count(0)
    # Luis's page now shows Ana's change too.
    expect(campo(luis, "comunicacion")).to_have_value("Aviso de Ana a los equipos.")
    final = Informe.objects.get(pk=informe.pk)
    assert final.comunicacion == "Aviso de Ana a los equipos."
    assert final.hardware_requerido == "Dos GPU, según Luis."


def test_the_same_field_is_decided_alone_and_keeping_mine_stores_it(dos):
    informe, ana, luis = dos
    editar(ana, informe)
    editar(luis, informe)
    campo(ana, "hardware_requerido").fill("Una GPU (Ana).")
    campo(ana, "comunicacion").fill("Correo de Ana.")
    campo(luis, "hardware_requerido").fill("Dos GPU (Luis).")
    campo(luis, "fase_liberacion").fill("Piloto de Luis.")
    assert guardar(ana) == 302
    assert guardar(luis) == 409
    expect(luis.get_by_role("heading", name=re.compile("Conflicto de edición"))).to_be_visible()
    conflictos = luis.locator("fieldset.conflicto")
    expect(conflictos).to_have_count(1)
    expect(luis.get_by_test_id("suyo-hardware_requerido")).to_have_text("Dos GPU (Luis).")
    expect(luis.get_by_test_id("guardado-hardware_requerido")).to_have_text("Una GPU (Ana).")
    combinado = luis.get_by_test_id("combinado")
    expect(combinado).to_contain_text(plantilla.etiqueta("fase_liberacion").texto)
    expect(combinado).to_contain_text(plantilla.etiqueta("comunicacion").texto)
    assert Informe.objects.get(pk=informe.pk).fase_liberacion != "Piloto de Luis."
    assert hallazgos_graves(luis) == []

    conflictos.get_by_label("Conservar el mío").check()
    luis.get_by_role("button", name="Guardar la combinación").click()
    expect(luis.get_by_text("Borrador guardado con sus decisiones.")).to_be_visible()
    final = Informe.objects.get(pk=informe.pk)
    assert final.hardware_requerido == "Dos GPU (Luis)."
    assert final.fase_liberacion == "Piloto de Luis."
    assert final.comunicacion == "Correo de Ana."


def test_each_editor_sees_who_else_has_the_draft_open(dos):
    informe, ana, luis = dos
    editar(ana, informe)
    editar(luis, informe)
    expect(luis.get_by_test_id("presencia")).to_have_text(
        "Ana Ruiz también está editando este informe"
    )
    ana.reload()
    expect(ana.get_by_test_id("presencia")).to_have_text(
        "Luis Mora también está editando este informe"
    )
    # Leaving the page takes the name away at once.
    luis.goto(informe.get_absolute_url())
    ana.reload()
    expect(ana.get_by_test_id("presencia")).to_be_hidden()


def test_a_reviewer_who_asked_for_changes_compares_the_round_with_the_correction(pagina):
    ana = analista(username="ana")
    rita = revisor(username="rita")
    informe = informe_completo(autor=ana)
    informe = services.informe_guardar(
        informe=informe, editor=ana, contador_esperado=informe.contador_cambios,
        campos={"criterios_exito": "El modelo supera un F1 de 0,9 en validación."},
    )  # fmt: skip
    informe = services.informe_enviar(informe=informe, usuario=ana)
    services.informe_solicitar_cambios(informe=informe, revisor=rita, comentario="¿F1 o exactitud?")

    iniciar_sesion(pagina, "ana", CONTRASENA)
    editar(pagina, informe)
    campo(pagina, "criterios_exito").fill("El modelo supera una exactitud de 0,9 en validación.")
    assert guardar(pagina) == 302
    pagina.get_by_role("button", name="Cerrar sesión").click()

    iniciar_sesion(pagina, "rita", CONTRASENA)
    pagina.goto(informe.get_absolute_url())
    pagina.get_by_role("link", name="Comparar versiones").click()
    pagina.wait_for_url(re.compile(r"/comparar/"))
    expect(pagina.get_by_test_id("comparando")).to_contain_text("ronda 1")
    fila = pagina.get_by_test_id("cambiado")
    expect(fila).to_have_count(1)
    expect(fila.locator("del")).to_have_text(["un F1"])
    expect(fila.locator("ins")).to_have_text(["una exactitud"])
    expect(fila.get_by_test_id("texto-b")).to_have_text(
        "El modelo supera una exactitud de 0,9 en validación."
    )
    assert hallazgos_graves(pagina) == []
