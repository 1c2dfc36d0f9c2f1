"""Review comments without losing edits, in a real browser: «Marcar como resuelto»
with an unsaved edit stores the edit; replies and reopening in the form and on the
report's page, which never leave the page; an error shows beside its box."""

import pytest
from playwright.sync_api import expect

from informes import services
from informes.models import ComentarioRevision, Estado, Informe
from tests.browser.paginas import iniciar_sesion
from tests.factories import CONTRASENA, analista, informe_completo, revisor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def devuelto():
    """A report sent back with a comment on section 2."""
    ana = analista(username="ana")
    rita = revisor(username="rita", first_name="Rita", last_name="Revisora")
    informe = informe_completo(autor=ana, estado=Estado.EN_REVISION)
    services.comentario_agregar(
        informe=informe, revisor=rita, texto="Indique la región de la nube.", seccion=2
    )
    informe.refresh_from_db()
    services.informe_solicitar_cambios(informe=informe, revisor=rita, comentario="Revise.")
    return Informe.objects.get(pk=informe.pk)


def test_resolving_with_an_unsaved_edit_stores_the_edit_and_stays_in_the_form(pagina, devuelto):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    editar = f"/informes/{devuelto.pk}/editar/"
    pagina.goto(editar)
    pagina.get_by_label("Entorno de Despliegue").fill("Nube pública, región us-east-1")
    # At once: the autosave after typing has not fired yet.
    zona = pagina.get_by_test_id("comentarios-2")
    zona.get_by_role("button", name="Marcar como resuelto").click()
    expect(zona.get_by_text("Resuelto", exact=True)).to_be_visible()
    assert pagina.url.endswith(editar)
    informe = Informe.objects.get(pk=devuelto.pk)
    assert informe.entorno_despliegue == "Nube pública, región us-east-1"
    assert ComentarioRevision.objects.get(informe=devuelto, seccion=2).resuelto
    expect(pagina.get_by_label("Entorno de Despliegue")).to_have_value(
        "Nube pública, región us-east-1"
    )
    expect(pagina.locator("#estado-guardado")).not_to_have_text("Sin guardar")


def test_author_replies_in_the_form_and_the_reviewer_answers_and_reopens_on_the_page(
    pagina, devuelto
):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{devuelto.pk}/editar/")
    zona = pagina.get_by_test_id("comentarios-2")
    zona.locator("summary", has_text="Responder").click()  # the <summary>
    zona.get_by_label("Su respuesta").fill("Es us-east-1; ya lo agregué.")
    zona.get_by_role("button", name="Enviar respuesta").click()
    expect(zona.get_by_test_id("respuesta")).to_contain_text("Es us-east-1; ya lo agregué.")
    zona.get_by_role("button", name="Marcar como resuelto").click()
    expect(zona.get_by_text("Resuelto", exact=True)).to_be_visible()
    # The reply box belongs to its thread: the report itself has nothing unsaved.
    expect(pagina.locator("#estado-guardado")).to_have_text("Sin cambios")

    pagina.get_by_role("button", name="Cerrar sesión").click()
    iniciar_sesion(pagina, "rita", CONTRASENA)
    pagina.goto(f"/informes/{devuelto.pk}/")
    zona = pagina.get_by_test_id("comentarios-2")
    expect(zona.get_by_test_id("respuesta")).to_contain_text("Es us-east-1")
    zona.get_by_role("button", name="Reabrir").click()
    expect(zona.get_by_role("button", name="Marcar como resuelto")).to_be_visible()
    zona.locator("summary", has_text="Responder").click()
    zona.get_by_label("Su respuesta").fill("Falta también la zona.")
    zona.get_by_role("button", name="Enviar respuesta").click()
    expect(zona.get_by_test_id("respuesta")).to_have_count(2)
    assert pagina.url.endswith(f"/informes/{devuelto.pk}/")
    hilo = ComentarioRevision.objects.get(informe=devuelto, seccion=2, respuesta_a=None)
    assert not hilo.resuelto
    assert [r.autor.username for r in hilo.respuestas.all()] == ["ana", "rita"]


def test_a_reviewer_comment_stays_at_its_section_and_an_empty_one_says_why_beside_it(pagina):
    ana = analista(username="ana")
    revisor(username="rita")
    informe = informe_completo(autor=ana)
    services.informe_enviar(informe=informe, usuario=ana)
    iniciar_sesion(pagina, "rita", CONTRASENA)
    pagina.goto(f"/informes/{informe.pk}/")
    zona = pagina.get_by_test_id("comentarios-5")
    zona.get_by_role("button", name="Agregar comentario").click()
    expect(zona.get_by_text("Escriba el comentario.")).to_be_visible()
    caja = zona.get_by_label("Comentario sobre la sección 5")
    expect(caja).to_have_attribute("aria-invalid", "true")
    caja.fill("Falta el criterio de reversión.")
    zona.get_by_role("button", name="Agregar comentario").click()
    zona = pagina.get_by_test_id("comentarios-5")
    expect(zona.get_by_test_id("comentario")).to_contain_text("Falta el criterio de reversión.")
    # Still at the section: the thread is in view, the page did not go back to the top.
    expect(zona.get_by_test_id("comentario")).to_be_in_viewport()
    assert pagina.evaluate("window.scrollY") > 0
