"""«Enviar a revisión» from the form, in a real browser: it saves first; an incomplete
report names every missing label, each a link that scrolls to its field and marks
it, in the form and on the report's page."""

import pytest
from playwright.sync_api import expect

from informes import plantilla
from informes.models import Estado, Informe
from tests.browser.paginas import iniciar_sesion
from tests.factories import CONTRASENA, analista, informe_completo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def casi_completo():
    """A complete draft but for one label, «Comunicación», left empty."""
    informe = informe_completo(autor=analista(username="ana"))
    Informe.objects.filter(pk=informe.pk).update(comunicacion="")
    return Informe.objects.get(pk=informe.pk)


def enlace_pendiente(pagina, campo: str):
    return pagina.get_by_test_id("secciones-incompletas").locator(
        f"[data-etiqueta-pendiente={campo}]"
    )


def test_an_incomplete_report_names_the_missing_label_and_its_link_marks_the_field(
    pagina, casi_completo
):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{casi_completo.pk}/editar/")
    pagina.get_by_label("Hardware Requerido").fill("Editado antes de enviar")
    pagina.get_by_role("button", name="Enviar a revisión").click()
    enlace = enlace_pendiente(pagina, "comunicacion")
    expect(enlace).to_have_text(plantilla.etiqueta("comunicacion").texto)
    informe = Informe.objects.get(pk=casi_completo.pk)
    assert informe.estado == Estado.BORRADOR
    assert informe.hardware_requerido == "Editado antes de enviar"  # saved first
    enlace.click()
    destino = pagina.locator("#etiqueta-comunicacion")
    expect(destino).to_be_in_viewport()
    assert pagina.evaluate("document.querySelector(':target').id") == "etiqueta-comunicacion"
    assert destino.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    expect(pagina.get_by_label("Comunicación")).to_be_focused()
    # Filled, it goes.
    pagina.get_by_label("Comunicación").fill("Boletín quincenal.")
    pagina.get_by_role("button", name="Enviar a revisión").click()
    pagina.get_by_text("El informe se envió a revisión.").wait_for()
    assert pagina.url.endswith(f"/informes/{casi_completo.pk}/")
    assert Informe.objects.get(pk=casi_completo.pk).estado == Estado.EN_REVISION


def test_the_report_pages_refusal_links_each_missing_label_to_its_field(pagina, casi_completo):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{casi_completo.pk}/")
    pagina.get_by_test_id("acciones").get_by_role("button", name="Enviar a revisión").click()
    enlace = enlace_pendiente(pagina, "comunicacion")
    expect(enlace).to_have_text("Comunicación")
    enlace.click()
    pagina.wait_for_url(f"**/informes/{casi_completo.pk}/editar/#etiqueta-comunicacion")
    expect(pagina.locator("#etiqueta-comunicacion")).to_be_in_viewport()
    expect(pagina.get_by_label("Comunicación")).to_be_focused()
