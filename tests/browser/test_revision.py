import re

import pytest

from informes.models import Estado, Informe

from ..ayudas_revision import asegurar_grupos, informe_completo
from ..factories import CONTRASENA, analista, revisor
from .conftest import iniciar_sesion

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
    pagina.get_by_text("Comentario agregado.").wait_for()


def test_report_goes_through_review_changes_approval_and_a_new_version(pagina):
    asegurar_grupos()
    ana = analista(username="ana")
    rita = revisor(username="rita")
    informe = informe_completo(autor=ana)
    detalle = informe.get_absolute_url()

    # The analyst sends the complete report.
    entrar(pagina, ana)
    pagina.goto(detalle)
    pagina.get_by_role("button", name="Enviar a revisión").click()
    pagina.get_by_text("El informe se envió a revisión.").wait_for()
    assert pagina.get_by_role("button", name="Retirar").is_visible()

    # The reviewer finds it in the queue, comments two sections and requests changes.
    entrar(pagina, rita)
    pagina.goto("/revision/")
    pagina.get_by_test_id("cola").get_by_role("link").first.click()
    comentar_seccion(pagina, 2, "Indique la región de la nube.")
    comentar_seccion(pagina, 5, "Falta el criterio de reversión.")
    pagina.get_by_label("Cambios que solicita (obligatorio)").fill("Atienda los dos comentarios.")
    pagina.get_by_role("button", name="Solicitar cambios").click()
    pagina.get_by_text("Se solicitaron cambios al autor.").wait_for()

    # The analyst sees each comment beside its section, marks one resolved and resends.
    entrar(pagina, ana)
    pagina.goto(detalle)
    assert "Indique la región de la nube." in pagina.get_by_test_id("comentarios-2").inner_text()
    assert "Falta el criterio de reversión." in pagina.get_by_test_id("comentarios-5").inner_text()
    assert "Atienda los dos comentarios." in pagina.get_by_test_id("comentarios-0").inner_text()
    pagina.get_by_test_id("comentarios-2").get_by_role(
        "button", name="Marcar como resuelto"
    ).click()
    pagina.get_by_text("Comentario marcado como resuelto.").wait_for()
    assert "Resuelto" in pagina.get_by_test_id("comentarios-2").inner_text()
    pagina.get_by_role("button", name="Enviar a revisión").click()
    pagina.get_by_text("El informe se envió a revisión.").wait_for()

    # The reviewer approves.
    entrar(pagina, rita)
    pagina.goto(detalle)
    pagina.get_by_label("Comentario de aprobación (opcional)").fill("Completo.")
    pagina.get_by_role("button", name="Aprobar").click()
    pagina.get_by_text("El informe quedó aprobado.").wait_for()
    assert pagina.get_by_test_id("proxima-revision").is_visible()

    # The analyst can no longer change the approved version.
    entrar(pagina, ana)
    pagina.goto(detalle)
    acciones = pagina.get_by_test_id("acciones")
    assert acciones.get_by_role("link", name="Editar").count() == 0
    assert acciones.get_by_role("button", name="Enviar a revisión").count() == 0
    token = next(c["value"] for c in pagina.context.cookies() if c["name"] == "csrftoken")
    respuesta = pagina.request.post(
        f"/informes/{informe.pk}/enviar/",
        headers={"X-CSRFToken": token, "Referer": pagina.url},
    )
    assert respuesta.status == 403
    assert Informe.objects.get(pk=informe.pk).estado == Estado.APROBADO

    # "Nueva versión" opens version 2, a draft.
    pagina.get_by_role("button", name="Nueva versión").click()
    pagina.get_by_text("Se creó la versión 2 como borrador.").wait_for()
    v2 = Informe.objects.get(serie=informe.serie, version=2)
    assert pagina.url.endswith(v2.get_absolute_url())

    # The edit form arrives with its own branch; until then the field changes here.
    Informe.objects.filter(pk=v2.pk).update(fase_liberacion="Disponibilidad general")
    pagina.reload()
    pagina.get_by_role("link", name="Comparar versiones").click()
    pagina.wait_for_url(re.compile(r"/comparar/"))
    cambiadas = pagina.get_by_test_id("cambiado")
    assert cambiadas.count() == 1
    assert "Fase de Liberación" in cambiadas.inner_text()
    assert "Disponibilidad general" in cambiadas.inner_text()
