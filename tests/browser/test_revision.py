"""The review workflow end to end in a real browser, every edit through the form."""

import re

import pytest
from playwright.sync_api import expect

from informes import plantilla
from informes.models import Estado, Informe
from tests.browser.paginas import iniciar_sesion
from tests.factories import CONTRASENA, analista, informe_completo, revisor

pytestmark = pytest.mark.django_db(transaction=True)


def entrar(pagina, usuario):
    if pagina.get_by_role("button", name="Cerrar sesión").count():
        pagina.get_by_role("button", name="Cerrar sesión").click()
        pagina.wait_for_load_state()
    iniciar_sesion(pagina, usuario.username, CONTRASENA)


def comentar_seccion(pagina, numero: int, texto: str):
    zona = pagina.get_by_test_id(f"comentarios-{numero}")
    zona.get_by_label(f"Comentario sobre la sección {numero}").fill(texto)
    zona.get_by_role("button", name="Agregar comentario").click()
    mensaje(pagina, "Comentario agregado.")


def campo(pagina, nombre: str):
    """The form's input of a template field, found by the template's own label."""
    return pagina.get_by_label(plantilla.etiqueta(nombre).texto, exact=True)


def seccion_del_formulario(pagina, numero: int):
    return pagina.locator(f"#seccion-{numero}")


def guardar_borrador(pagina):
    """Save the form and wait for the page it redirects to (the same address)."""
    with pagina.expect_response(
        lambda r: r.request.method == "POST" and re.search(r"/editar/$", r.url)
    ) as envio:
        pagina.get_by_role("button", name="Guardar borrador").click()
    assert envio.value.status == 302, envio.value.status
    pagina.get_by_text("Borrador guardado.").wait_for()
    assert re.search(r"/informes/\d+/editar/$", pagina.url)


def mensaje(pagina, texto: str):
    """Wait for a flash message (the page's own timeout, not expect's shorter one)."""
    pagina.get_by_text(texto).wait_for()


def abrir_formulario(pagina, informe):
    """From the report's page, through its Editar button, to the form."""
    pagina.goto(informe.get_absolute_url())
    pagina.get_by_test_id("acciones").get_by_role("link", name="Editar").click()
    pagina.wait_for_url(re.compile(rf"/informes/{informe.pk}/editar/$"))


def enviar_a_revision(pagina):
    pagina.get_by_role("link", name="Ver el informe").click()
    pagina.get_by_role("button", name="Enviar a revisión").click()
    mensaje(pagina, "El informe se envió a revisión.")


def post_con_csrf(pagina, url: str):
    token = next(c["value"] for c in pagina.context.cookies() if c["name"] == "csrftoken")
    return pagina.request.post(url, headers={"X-CSRFToken": token, "Referer": pagina.url})


def test_report_goes_through_review_changes_approval_and_a_new_version(pagina):
    ana = analista(username="ana")
    rita = revisor(username="rita")
    informe = informe_completo(autor=ana)
    detalle = informe.get_absolute_url()
    editar = f"/informes/{informe.pk}/editar/"

    # The analyst completes the filled report through the form and sends it.
    entrar(pagina, ana)
    abrir_formulario(pagina, informe)
    campo(pagina, "comunicacion").fill("Boletín quincenal a las áreas usuarias.")
    guardar_borrador(pagina)
    enviar_a_revision(pagina)
    assert pagina.get_by_role("button", name="Retirar").is_visible()

    # The reviewer finds it in the queue, comments two sections and requests changes.
    entrar(pagina, rita)
    pagina.goto("/revision/")
    pagina.get_by_test_id("cola").get_by_role("link").first.click()
    pagina.wait_for_url(f"**{detalle}")
    comentar_seccion(pagina, 2, "Indique la región de la nube.")
    comentar_seccion(pagina, 5, "Falta el criterio de reversión.")
    pagina.get_by_label("Cambios que solicita (obligatorio)").fill("Atienda los dos comentarios.")
    pagina.get_by_role("button", name="Solicitar cambios").click()
    mensaje(pagina, "Se solicitaron cambios al autor.")

    # The analyst sees each comment beside its section in the form, and the general
    # one on top; fixes both sections through the form and marks one comment resolved.
    entrar(pagina, ana)
    abrir_formulario(pagina, informe)
    expect(seccion_del_formulario(pagina, 2).get_by_test_id("comentarios-2")).to_contain_text(
        "Indique la región de la nube."
    )
    expect(seccion_del_formulario(pagina, 5).get_by_test_id("comentarios-5")).to_contain_text(
        "Falta el criterio de reversión."
    )
    expect(pagina.get_by_test_id("comentarios-0")).to_contain_text("Atienda los dos comentarios.")
    campo(pagina, "entorno_despliegue").fill("Nube pública, región us-east-1")
    campo(pagina, "plan_contingencia").fill(
        "Revertir a la versión anterior si el error pasa del 2 %."
    )
    guardar_borrador(pagina)
    seccion_del_formulario(pagina, 2).get_by_role("button", name="Marcar como resuelto").click()
    # Resolved in place: the page never left the form.
    expect(seccion_del_formulario(pagina, 2).get_by_test_id("comentarios-2")).to_contain_text(
        "Resuelto"
    )
    assert pagina.url.endswith(editar)
    expect(campo(pagina, "entorno_despliegue")).to_have_value("Nube pública, región us-east-1")
    enviar_a_revision(pagina)

    # The reviewer approves.
    entrar(pagina, rita)
    pagina.goto(detalle)
    pagina.get_by_label("Comentario de aprobación (opcional)").fill("Completo.")
    pagina.get_by_role("button", name="Aprobar").click()
    mensaje(pagina, "El informe quedó aprobado.")
    expect(pagina.get_by_test_id("proxima-revision")).to_be_visible()

    # The analyst can no longer change the approved version: no button, and the
    # form's address answers 403 to a GET and to a POST.
    entrar(pagina, ana)
    pagina.goto(detalle)
    acciones = pagina.get_by_test_id("acciones")
    expect(acciones.get_by_role("button", name="Nueva versión")).to_be_visible()
    assert acciones.get_by_role("link", name="Editar").count() == 0
    assert acciones.get_by_role("button", name="Enviar a revisión").count() == 0
    assert pagina.request.get(editar).status == 403
    assert post_con_csrf(pagina, editar).status == 403
    assert post_con_csrf(pagina, f"/informes/{informe.pk}/enviar/").status == 403
    aprobado = Informe.objects.get(pk=informe.pk)
    assert aprobado.estado == Estado.APROBADO
    assert aprobado.entorno_despliegue == "Nube pública, región us-east-1"

    # "Nueva versión" opens version 2, a draft, which the analyst edits through the form.
    acciones.get_by_role("button", name="Nueva versión").click()
    mensaje(pagina, "Se creó la versión 2 como borrador.")
    v2 = Informe.objects.get(serie=informe.serie, version=2)
    assert pagina.url.endswith(v2.get_absolute_url())
    abrir_formulario(pagina, v2)
    campo(pagina, "fase_liberacion").fill("Disponibilidad general")
    guardar_borrador(pagina)

    # The compare page shows exactly that field changed from v1 to v2.
    pagina.get_by_role("link", name="Ver el informe").click()
    pagina.get_by_role("link", name="Comparar versiones").click()
    pagina.wait_for_url(re.compile(r"/comparar/"))
    cambiadas = pagina.get_by_test_id("cambiado")
    expect(cambiadas).to_have_count(1)
    assert plantilla.etiqueta("fase_liberacion").texto in cambiadas.inner_text()
    assert "Disponibilidad general" in cambiadas.inner_text()
