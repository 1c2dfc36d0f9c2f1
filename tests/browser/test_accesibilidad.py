"""axe-core on every page of the report form and of the review: no serious or
critical finding."""

import pytest

from informes import services
from informes.models import Estado, Informe
from tests.browser.paginas import hallazgos_graves, iniciar_sesion
from tests.factories import CONTRASENA, InformeFactory, analista, informe_completo, revisor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def informe():
    ana = analista(username="ana")
    return InformeFactory(autor=ana)


def test_login_page_has_no_serious_findings(pagina):
    pagina.goto("/cuentas/login/")
    assert hallazgos_graves(pagina) == []


def test_list_page_has_no_serious_findings(pagina, informe):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto("/informes/?orden=modelo")
    assert hallazgos_graves(pagina) == []


def test_new_report_form_has_no_serious_findings(pagina, informe):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto("/informes/nuevo/")
    assert hallazgos_graves(pagina) == []


def test_edit_form_with_errors_shown_has_no_serious_findings(pagina, informe):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{informe.pk}/editar/")
    pagina.get_by_label("Python").fill("no es versión")
    pagina.get_by_role("button", name="Guardar borrador").click()
    pagina.locator("#resumen-errores").wait_for()
    assert hallazgos_graves(pagina) == []


def test_detail_page_has_no_serious_findings(pagina, informe):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{informe.pk}/")
    assert hallazgos_graves(pagina) == []


@pytest.fixture
def en_revision():
    """A report in review with a comment on a section and an approved first version."""
    ana = analista(username="ana")
    rita = revisor(username="rita")
    v1 = informe_completo(autor=ana, estado=Estado.APROBADO)
    v2 = services.informe_nueva_version(informe=v1, usuario=ana)
    services.informe_guardar(
        informe=v2,
        editor=ana,
        contador_esperado=v2.contador_cambios,
        campos={"fase_liberacion": "Disponibilidad general"},
    )
    v2 = services.informe_enviar(informe=Informe.objects.get(pk=v2.pk), usuario=ana)
    services.comentario_agregar(informe=v2, revisor=rita, texto="Aclare la fase.", seccion=5)
    return Informe.objects.get(pk=v2.pk)


def test_detail_page_of_a_report_in_review_seen_by_a_reviewer_has_no_serious_findings(
    pagina, en_revision
):
    iniciar_sesion(pagina, "rita", CONTRASENA)
    pagina.goto(en_revision.get_absolute_url())
    pagina.get_by_role("button", name="Aprobar").wait_for()
    pagina.get_by_label("Comentario sobre la sección 5").wait_for()
    assert hallazgos_graves(pagina) == []


def test_detail_page_after_a_refused_request_for_changes_has_no_serious_findings(
    pagina, en_revision
):
    iniciar_sesion(pagina, "rita", CONTRASENA)
    pagina.goto(en_revision.get_absolute_url())
    pagina.get_by_role("button", name="Solicitar cambios").click()
    pagina.locator("#solicitar-cambios-error").wait_for()
    assert hallazgos_graves(pagina) == []


def test_edit_form_with_review_comments_has_no_serious_findings(pagina, en_revision):
    rita = en_revision.comentarios.first().autor
    services.informe_solicitar_cambios(
        informe=en_revision, revisor=rita, comentario="Atienda el comentario."
    )
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{en_revision.pk}/editar/")
    pagina.get_by_test_id("comentarios-5").get_by_role(
        "button", name="Marcar como resuelto"
    ).wait_for()
    assert hallazgos_graves(pagina) == []


def test_historial_page_has_no_serious_findings(pagina, en_revision):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{en_revision.pk}/historial/")
    pagina.get_by_test_id("historial").wait_for()
    pagina.locator("details summary").first.click()  # open one entry's changes
    assert hallazgos_graves(pagina) == []


def test_compare_page_has_no_serious_findings(pagina, en_revision):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{en_revision.pk}/comparar/")
    pagina.get_by_test_id("cambiado").first.wait_for()
    assert hallazgos_graves(pagina) == []


def test_reviewer_queue_has_no_serious_findings(pagina, en_revision):
    iniciar_sesion(pagina, "rita", CONTRASENA)
    pagina.goto("/revision/")
    pagina.get_by_test_id("cola").wait_for()
    assert hallazgos_graves(pagina) == []


def test_the_form_is_usable_by_keyboard_alone(pagina, informe):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{informe.pk}/editar/")
    # The skip link comes first and lands on the content.
    pagina.keyboard.press("Tab")
    assert pagina.evaluate("document.activeElement.textContent").strip() == "Saltar al contenido"
    # Tabbing reaches the save button and then the first field, each visibly focused.
    alcanzados = []
    for _ in range(60):
        pagina.keyboard.press("Tab")
        alcanzados.append(
            pagina.evaluate(
                "(() => { const e = document.activeElement;"
                " return [(e.id || e.textContent || '').trim(),"
                " getComputedStyle(e).outlineStyle + getComputedStyle(e).boxShadow]; })()"
            )
        )
        if alcanzados[-1][0] == "id_nombre_modelo":
            break
    nombres = [nombre for nombre, _ in alcanzados]
    assert "Guardar borrador" in nombres and nombres[-1] == "id_nombre_modelo"
    for nombre, estilo in alcanzados:
        assert estilo != "nonenone", f"{nombre} has no visible focus"
    pagina.keyboard.press("End")
    pagina.keyboard.type(" editado")
    assert pagina.get_by_label("Nombre del Modelo").input_value().endswith(" editado")


def png_subida(nombre: str, datos: bytes | None = None) -> dict:
    import io

    from PIL import Image

    if datos is None:
        salida = io.BytesIO()
        Image.new("RGB", (64, 32), "navy").save(salida, format="PNG")
        datos = salida.getvalue()
    return {"name": nombre, "mimeType": "image/png", "buffer": datos}


def test_form_with_uploaded_diagrams_a_refused_file_and_a_refused_save_has_no_serious_findings(
    pagina, informe
):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{informe.pk}/editar/")
    entrada = pagina.get_by_label("Diagrama de Arquitectura")
    entrada.set_input_files([png_subida("uno.png"), png_subida("dos.png")])
    pagina.get_by_role("img", name="Miniatura: dos").wait_for()
    entrada.set_input_files([png_subida("roto.png", b"no es una imagen")])
    pagina.locator("#id_archivos_error").get_by_text("roto.png").wait_for()
    pagina.get_by_label("Python").fill("no es versión")
    pagina.locator("#id_version_python_error").wait_for()
    assert hallazgos_graves(pagina) == []


def test_threads_with_replies_and_open_reply_boxes_have_no_serious_findings(pagina, en_revision):
    rita = en_revision.comentarios.first().autor
    services.comentario_responder(
        comentario=en_revision.comentarios.first(), usuario=en_revision.autor, texto="Listo."
    )
    iniciar_sesion(pagina, "rita", CONTRASENA)
    pagina.goto(en_revision.get_absolute_url())
    pagina.evaluate("document.querySelectorAll('details.responder').forEach(d => d.open = true)")
    pagina.get_by_test_id("comentarios-5").get_by_role("button", name="Agregar comentario").click()
    pagina.locator("#comentario-5-error").get_by_text("Escriba el comentario.").wait_for()
    assert hallazgos_graves(pagina) == []
    services.informe_solicitar_cambios(informe=en_revision, revisor=rita, comentario="Corrija.")
    pagina.get_by_role("button", name="Cerrar sesión").click()
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{en_revision.pk}/editar/")
    pagina.evaluate("document.querySelectorAll('details.responder').forEach(d => d.open = true)")
    pagina.get_by_role("button", name="Enviar respuesta").first.wait_for()
    assert hallazgos_graves(pagina) == []


def test_the_incomplete_report_message_and_the_discard_page_have_no_serious_findings(
    pagina, informe
):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{informe.pk}/")
    pagina.get_by_test_id("acciones").get_by_role("button", name="Enviar a revisión").click()
    pagina.get_by_test_id("secciones-incompletas").wait_for()
    assert hallazgos_graves(pagina) == []
    pagina.get_by_role("button", name="Descartar borrador").click()
    pagina.get_by_role("heading", name="Descartar borrador").first.wait_for()
    assert hallazgos_graves(pagina) == []
