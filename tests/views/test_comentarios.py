"""Review comments as threads: replies, resolving and reopening, from a page or its script.

Plain posts come back to where they were made (the thread, or the form's section);
the script's JSON gets the section rendered anew; a refusal is shown beside the
box that caused it; every write is in the audit trail; permissions by the policy.
"""

import pytest
from django.test import Client
from django.urls import reverse

from informes import limites, services
from informes.models import AccionAuditoria, ComentarioRevision, Estado, EventoAuditoria, Informe
from tests.factories import admin, analista, informe_completo, revisor

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def hilo():
    """A report in review with a reviewer's comment on section 2."""
    rita = revisor()
    informe = informe_completo(estado=Estado.EN_REVISION)
    return services.comentario_agregar(
        informe=informe, revisor=rita, texto="Indique la región.", seccion=2
    )


def url(nombre, comentario):
    return reverse(f"informes:{nombre}", args=[comentario.informe_id, comentario.pk])


def cliente_de(usuario) -> Client:
    cliente = Client()
    cliente.force_login(usuario)
    return cliente


def test_the_author_replies_and_the_reply_joins_the_thread_in_the_trail(hilo):
    autor = hilo.informe.autor
    respuesta = cliente_de(autor).post(url("responder_comentario", hilo), {"texto": " Hecho. "})
    assert respuesta.status_code == 302
    assert respuesta.url == f"/informes/{hilo.informe_id}/#comentario-{hilo.pk}"
    (contestacion,) = hilo.respuestas.all()
    assert (contestacion.texto, contestacion.autor, contestacion.seccion) == ("Hecho.", autor, 2)
    evento = EventoAuditoria.objects.filter(informe=hilo.informe).latest("pk")
    assert evento.accion == AccionAuditoria.RESPONDER_COMENTARIO and evento.usuario == autor
    assert evento.comentario.endswith("Hecho.")


def test_a_reply_to_a_reply_joins_the_same_thread_one_level_deep(hilo):
    primera = services.comentario_responder(
        comentario=hilo, usuario=hilo.informe.autor, texto="Uno"
    )
    services.comentario_responder(comentario=primera, usuario=hilo.autor, texto="Dos")
    assert list(hilo.respuestas.values_list("texto", flat=True)) == ["Uno", "Dos"]
    assert not ComentarioRevision.objects.filter(respuesta_a=primera).exists()


def test_the_report_page_shows_each_thread_with_its_replies_once(client, hilo):
    services.comentario_responder(comentario=hilo, usuario=hilo.informe.autor, texto="Listo.")
    client.force_login(hilo.autor)
    html = client.get(reverse("informes:detalle", args=[hilo.informe_id])).content.decode()
    assert html.count('data-testid="comentario"') == 1
    assert html.count('data-testid="respuesta"') == 1 and "Listo." in html
    assert f'action="{url("responder_comentario", hilo)}"' in html


@pytest.mark.parametrize(
    ("texto", "mensaje"),
    [
        ("   ", services.MENSAJE_COMENTARIO_VACIO),
        ("x" * 5001, services.MENSAJE_COMENTARIO_LARGO),
        ("oculto\u202etxt", None),
    ],
)
def test_a_refused_reply_shows_its_message_beside_its_box_keeping_the_text(hilo, texto, mensaje):
    cliente = cliente_de(hilo.informe.autor)
    respuesta = cliente.post(url("responder_comentario", hilo), {"texto": texto})
    assert respuesta.status_code == 400
    html = respuesta.content.decode()
    caja = f"respuesta-{hilo.pk}"
    assert f'id="{caja}-error" class="invalid-feedback"' in html
    assert "autofocus" in html.split(f'id="{caja}-texto"', 1)[1].split(">", 1)[0]
    if mensaje:
        assert str(mensaje) in html
    en_json = cliente.post(url("responder_comentario", hilo), {"texto": texto}, **JSON)
    assert en_json.status_code == 400
    assert en_json.json()["ok"] is False and en_json.json()["caja"] == caja
    assert not hilo.respuestas.exists()


def test_a_thread_holds_a_bounded_number_of_replies(hilo):
    autor = hilo.informe.autor
    ComentarioRevision.objects.bulk_create(
        ComentarioRevision(
            informe=hilo.informe, seccion=2, texto=str(i), autor=autor, respuesta_a=hilo
        )
        for i in range(limites.RESPUESTAS_POR_COMENTARIO)
    )
    respuesta = cliente_de(autor).post(
        url("responder_comentario", hilo), {"texto": "Una más"}, **JSON
    )
    assert respuesta.status_code == 400
    assert respuesta.json()["mensaje"] == str(services.MENSAJE_HILO_LLENO)
    assert hilo.respuestas.count() == limites.RESPUESTAS_POR_COMENTARIO


def test_resolve_then_reopen_by_json_answers_the_section_rendered_anew(hilo):
    cliente = cliente_de(hilo.informe.autor)
    resuelto = cliente.post(url("resolver_comentario", hilo), **JSON)
    assert resuelto.status_code == 200
    j = resuelto.json()
    assert j["ok"] and j["seccion"] == 2 and j["mensaje"] == "Comentario marcado como resuelto."
    assert 'data-testid="comentarios-2"' in j["html"] and "Resuelto" in j["html"]
    assert f'action="{url("reabrir_comentario", hilo)}"' in j["html"]
    reabierto = cliente.post(url("reabrir_comentario", hilo), **JSON)
    assert reabierto.json()["mensaje"] == "El comentario se reabrió."
    hilo.refresh_from_db()
    assert not hilo.resuelto and hilo.resuelto_por is None and hilo.resuelto_en is None
    acciones = EventoAuditoria.objects.filter(informe=hilo.informe).values_list("accion", flat=True)
    assert AccionAuditoria.REABRIR_COMENTARIO in acciones
    # Reopening an open thread changes nothing and records nothing.
    cliente.post(url("reabrir_comentario", hilo), **JSON)
    assert (
        EventoAuditoria.objects.filter(
            informe=hilo.informe, accion=AccionAuditoria.REABRIR_COMENTARIO
        ).count()
        == 1
    )


def test_from_the_edit_form_the_json_renders_the_threads_for_the_form(hilo):
    informe = hilo.informe
    Informe.objects.filter(pk=informe.pk).update(estado=Estado.CAMBIOS_SOLICITADOS)
    cliente = cliente_de(informe.autor)
    respuesta = cliente.post(
        url("responder_comentario", hilo), {"texto": "Listo.", "volver": "formulario"}, **JSON
    )
    html = respuesta.json()["html"]
    assert f'form="hilo-{hilo.pk}" formaction="{url("resolver_comentario", hilo)}"' in html
    assert "<form" not in html  # inside the report's form, forms cannot nest
    # Without the script: back to the form at the section.
    sin_script = cliente.post(url("resolver_comentario", hilo), {"volver": "formulario"})
    assert sin_script.url == f"/informes/{informe.pk}/editar/#seccion-2"


def test_a_reviewers_comment_goes_back_to_its_thread_or_comes_as_json(client, hilo):
    client.force_login(hilo.autor)
    destino = reverse("informes:comentar", args=[hilo.informe_id])
    respuesta = client.post(destino, {"texto": "Otro punto.", "seccion": "5"})
    nuevo = ComentarioRevision.objects.latest("pk")
    assert respuesta.url == f"/informes/{hilo.informe_id}/#comentario-{nuevo.pk}"
    en_json = client.post(destino, {"texto": "Y otro.", "seccion": "5"}, **JSON)
    assert en_json.json()["seccion"] == 5 and "Y otro." in en_json.json()["html"]
    vacio = client.post(destino, {"texto": "", "seccion": "5"}, **JSON)
    assert vacio.status_code == 400 and vacio.json()["caja"] == "comentario-5"


@pytest.mark.parametrize(
    "nombre", ["responder_comentario", "resolver_comentario", "reabrir_comentario"]
)
def test_json_refusals_are_401_403_404_and_a_reply_is_no_thread(hilo, nombre):
    anonimo = Client().post(url(nombre, hilo), {"texto": "x"}, **JSON)
    assert anonimo.status_code == 401
    assert Client().post(url(nombre, hilo), {"texto": "x"}).status_code == 302  # a page: login
    assert cliente_de(admin()).post(url(nombre, hilo), {"texto": "x"}, **JSON).status_code == 403
    ajeno = cliente_de(analista()).post(url(nombre, hilo), {"texto": "x"}, **JSON)
    assert ajeno.status_code == 404 and ajeno.json()["ok"] is False
    contestacion = services.comentario_responder(
        comentario=hilo, usuario=hilo.informe.autor, texto="Una"
    )
    respuesta = cliente_de(hilo.informe.autor).post(url(nombre, contestacion), {"texto": "x"})
    assert respuesta.status_code == 404
    assert cliente_de(hilo.informe.autor).get(url(nombre, hilo)).status_code == 405


def test_nobody_replies_once_the_version_is_approved(hilo):
    Informe.objects.filter(pk=hilo.informe_id).update(estado=Estado.APROBADO)
    respuesta = cliente_de(hilo.informe.autor).post(
        url("responder_comentario", hilo), {"texto": "x"}
    )
    assert respuesta.status_code == 403 and not hilo.respuestas.exists()
