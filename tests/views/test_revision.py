import datetime

import pytest
from django.contrib.messages import constants, get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from informes import services
from informes.models import ComentarioRevision, Estado, EventoAuditoria, Informe
from tests.factories import admin, analista, informe_completo, revisor
from tests.permisos import ESPERADO, ESTADOS, ROLES, preparar

pytestmark = pytest.mark.django_db


def _fecha_futura():
    return (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


# endpoint -> (policy action, POST data)
ENDPOINTS = {
    "enviar": ("enviar", {}),
    "retirar": ("retirar", {}),
    "aprobar": ("aprobar", {"comentario": "Bien."}),
    "solicitar_cambios": ("solicitar_cambios", {"comentario": "Arreglar la sección 2."}),
    "nueva_version": ("nueva_version", {}),
    "comentar": ("comentar", {"texto": "Aclare esto.", "seccion": "2"}),
    "resolver_comentario": ("resolver_comentario", {}),
    "responder_comentario": ("responder_comentario", {"texto": "Hecho."}),
    "proxima_revision": ("cambiar_proxima_revision", {"fecha": _fecha_futura()}),
}


def url_de(nombre: str, informe: Informe) -> str:
    if nombre in ("resolver_comentario", "responder_comentario"):
        comentario = ComentarioRevision.objects.filter(informe=informe).first()
        return reverse(f"informes:{nombre}", args=[informe.pk, comentario.pk])
    return reverse(f"informes:{nombre}", args=[informe.pk])


def mensajes(respuesta):
    return [(m.level, str(m)) for m in get_messages(respuesta.wsgi_request)]


@pytest.mark.parametrize("estado", ESTADOS)
@pytest.mark.parametrize("rol", ROLES)
def test_every_post_endpoint_answers_each_role_as_the_grid_says(rol, estado):
    for nombre, (accion, datos) in ENDPOINTS.items():
        informe, user = preparar(rol, estado)
        client = Client()
        if user is not None:
            client.force_login(user)
        respuesta = client.post(url_de(nombre, informe), datos)
        if rol == "anonimo":
            assert respuesta.status_code == 302, nombre
            assert respuesta.url.startswith("/cuentas/login/"), nombre
        elif "ver" not in ESPERADO[rol][estado]:  # another analyst's, or discarded
            assert respuesta.status_code == 404, nombre
        elif accion in ESPERADO[rol][estado]:
            assert respuesta.status_code == 302, nombre
            assert not respuesta.url.startswith("/cuentas/login/"), nombre
            assert [nivel for nivel, _texto in mensajes(respuesta)] == [constants.SUCCESS], nombre
        else:
            assert respuesta.status_code == 403, (nombre, rol, estado)
            assert Informe.objects.get(pk=informe.pk).estado == estado


@pytest.mark.parametrize("estado", ESTADOS)
@pytest.mark.parametrize("rol", ROLES)
def test_history_and_compare_pages_answer_each_role_as_the_grid_says(client, rol, estado):
    informe, user = preparar(rol, estado)
    if user is not None:
        client.force_login(user)
    for nombre in ("historial", "comparar"):
        respuesta = client.get(reverse(f"informes:{nombre}", args=[informe.pk]))
        if rol == "anonimo":
            assert respuesta.status_code == 302
        elif nombre in ESPERADO[rol][estado]:
            assert respuesta.status_code == 200
        else:
            assert respuesta.status_code == 404


@pytest.mark.parametrize("nombre", list(ENDPOINTS))
def test_post_only_endpoints_refuse_get_with_405(client, nombre):
    informe, rev = preparar("revisor", Estado.EN_REVISION)
    client.force_login(rev)
    assert client.get(url_de(nombre, informe)).status_code == 405
    assert Informe.objects.get(pk=informe.pk).estado == Estado.EN_REVISION


@pytest.mark.parametrize(
    ("hacer", "codigo"),
    [(revisor, 200), (admin, 200), (analista, 403), (None, 302)],
)
def test_reviewer_queue_is_for_reviewers_and_admins(client, hacer, codigo):
    if hacer:
        client.force_login(hacer())
    assert client.get("/revision/").status_code == codigo


def test_queue_lists_reports_in_review_oldest_first_with_waiting_time(client):
    antiguo = informe_completo(nombre_modelo="Modelo antiguo")
    reciente = informe_completo(nombre_modelo="Modelo reciente")
    informe_completo(nombre_modelo="Modelo en borrador")
    services.informe_enviar(informe=antiguo, usuario=antiguo.autor)
    services.informe_enviar(informe=reciente, usuario=reciente.autor)
    Informe.objects.filter(pk=antiguo.pk).update(
        enviado_en=timezone.now() - datetime.timedelta(days=3)
    )
    client.force_login(revisor())
    html = client.get("/revision/").content.decode()
    assert html.index("Modelo antiguo") < html.index("Modelo reciente")
    assert "Modelo en borrador" not in html
    assert "3\xa0días" in html or "3 días" in html


def test_queue_and_history_use_a_constant_number_of_queries(client):
    rev = revisor()
    client.force_login(rev)

    def consultas(url):
        client.get(url)  # warm the session and the group cache
        with CaptureQueriesContext(connection) as contexto:
            assert client.get(url).status_code == 200
        return len(contexto)

    primero = informe_completo()
    services.informe_enviar(informe=primero, usuario=primero.autor)
    cola_uno = consultas("/revision/")
    historial = reverse("informes:historial", args=[primero.pk])
    historial_uno = consultas(historial)
    for _ in range(4):
        otro = informe_completo()
        services.informe_enviar(informe=otro, usuario=otro.autor)
        services.comentario_agregar(informe=primero, revisor=rev, texto="Otro punto.")
    assert consultas("/revision/") == cola_uno
    assert consultas(historial) == historial_uno


def test_sending_an_incomplete_report_lists_the_sections_with_links(client):
    informe = informe_completo()
    Informe.objects.filter(pk=informe.pk).update(no_aplica={})
    client.force_login(informe.autor)
    respuesta = client.post(reverse("informes:enviar", args=[informe.pk]), follow=True)
    html = respuesta.content.decode()
    assert str(services.MENSAJE_INCOMPLETO).replace("«", "&laquo;") in html or (
        "llene o marque" in html
    )
    assert f'href="/informes/{informe.pk}/editar/#seccion-6"' in html
    assert "6. Diagrama de Arquitectura" in html
    assert Informe.objects.get(pk=informe.pk).estado == Estado.BORRADOR


def test_request_changes_without_comment_shows_the_message_beside_the_field(client):
    informe, rev = preparar("revisor", Estado.EN_REVISION)
    client.force_login(rev)
    respuesta = client.post(
        reverse("informes:solicitar_cambios", args=[informe.pk]), {"comentario": "  "}
    )
    assert respuesta.status_code == 400
    html = respuesta.content.decode()
    assert 'id="solicitar-cambios-error"' in html
    assert str(services.MENSAJE_COMENTARIO_REQUERIDO) in html


def test_too_long_comment_is_refused_and_the_text_is_kept(client):
    informe, rev = preparar("revisor", Estado.EN_REVISION)
    client.force_login(rev)
    texto = "<b>largo</b>" + "x" * 5000
    respuesta = client.post(
        reverse("informes:comentar", args=[informe.pk]), {"texto": texto, "seccion": "3"}
    )
    assert respuesta.status_code == 400
    html = respuesta.content.decode()
    assert str(services.MENSAJE_COMENTARIO_LARGO) in html
    assert "&lt;b&gt;largo&lt;/b&gt;xxx" in html
    assert "<b>largo</b>" not in html


@pytest.mark.parametrize("seccion", ["abc", "99", "-1"])
def test_hostile_section_numbers_get_a_message_not_an_error(client, seccion):
    informe, rev = preparar("revisor", Estado.EN_REVISION)
    client.force_login(rev)
    respuesta = client.post(
        reverse("informes:comentar", args=[informe.pk]), {"texto": "x", "seccion": seccion}
    )
    assert respuesta.status_code == 400
    assert str(services.MENSAJE_SECCION_INVALIDA) in respuesta.content.decode()


@pytest.mark.parametrize("fecha", ["", "mañana", "2020-13-45", "1999-01-01"])
def test_bad_next_review_dates_get_a_message(client, fecha):
    informe, rev = preparar("revisor", Estado.APROBADO)
    client.force_login(rev)
    respuesta = client.post(
        reverse("informes:proxima_revision", args=[informe.pk]), {"fecha": fecha}
    )
    assert respuesta.status_code == 400
    assert 'id="proxima-revision-error"' in respuesta.content.decode()


def test_a_form_from_a_stale_page_gets_the_conflict_message(client):
    informe, rev = preparar("revisor", Estado.EN_REVISION)
    visto = informe.contador_cambios
    otro = revisor()
    services.informe_aprobar(informe=informe, revisor=otro)
    client.force_login(rev)
    respuesta = client.post(
        reverse("informes:solicitar_cambios", args=[informe.pk]),
        {"comentario": "No", "contador": str(visto)},
    )
    assert respuesta.status_code == 302
    assert mensajes(respuesta) == [(constants.ERROR, str(services.MENSAJE_CONFLICTO))]
    assert Informe.objects.get(pk=informe.pk).estado == Estado.APROBADO


def test_detail_shows_only_the_buttons_the_policy_allows(client):
    informe, rev = preparar("revisor", Estado.EN_REVISION)
    url = informe.get_absolute_url()
    client.force_login(rev)
    html = client.get(url).content.decode()
    assert reverse("informes:aprobar", args=[informe.pk]) in html
    assert reverse("informes:solicitar_cambios", args=[informe.pk]) in html
    assert reverse("informes:retirar", args=[informe.pk]) not in html
    client.force_login(informe.autor)
    html = client.get(url).content.decode()
    assert reverse("informes:aprobar", args=[informe.pk]) not in html
    assert reverse("informes:retirar", args=[informe.pk]) in html


def test_section_comments_appear_beside_their_section_on_the_detail_page(client):
    informe, rev = preparar("revisor", Estado.EN_REVISION)
    services.comentario_agregar(informe=informe, revisor=rev, texto="Nota de la 4.", seccion=4)
    client.force_login(informe.autor)
    html = client.get(informe.get_absolute_url()).content.decode()
    seccion_4 = html.index('id="seccion-4"')
    seccion_5 = html.index('id="seccion-5"')
    assert seccion_4 < html.index("Nota de la 4.") < seccion_5


def test_history_lists_transitions_newest_first_with_field_changes(client):
    informe = informe_completo()
    informe = services.informe_enviar(informe=informe, usuario=informe.autor)
    informe = services.informe_retirar(informe=informe, usuario=informe.autor)
    client.force_login(informe.autor)
    html = client.get(reverse("informes:historial", args=[informe.pk])).content.decode()
    assert html.index("Retirado de revisión") < html.index("Enviado a revisión")
    assert "En revisión → Borrador" in html
    assert EventoAuditoria.objects.filter(informe=informe).count() == 2


def test_overdue_filter_lists_only_approved_reports_past_their_review_date(client):
    vencido = informe_completo(nombre_modelo="Modelo vencido", estado=Estado.APROBADO)
    al_dia = informe_completo(nombre_modelo="Modelo al día", estado=Estado.APROBADO)
    borrador = informe_completo(nombre_modelo="Modelo borrador")
    ayer = timezone.localdate() - datetime.timedelta(days=1)
    Informe.objects.filter(pk__in=[vencido.pk, borrador.pk]).update(proxima_revision=ayer)
    Informe.objects.filter(pk=al_dia.pk).update(proxima_revision=ayer + datetime.timedelta(days=60))
    client.force_login(revisor())
    html = client.get("/informes/?vencidos=1").content.decode()
    assert "Modelo vencido" in html
    assert "Modelo al día" not in html and "Modelo borrador" not in html
    assert "Modelo al día" in client.get("/informes/").content.decode()


def test_admin_shows_an_approved_report_read_only_and_refuses_a_post(client):
    informe = informe_completo(estado=Estado.APROBADO)
    client.force_login(admin())
    url = reverse("admin:informes_informe_change", args=[informe.pk])
    respuesta = client.get(url)
    assert respuesta.status_code == 200
    assert 'name="nombre_modelo"' not in respuesta.content.decode()
    assert client.post(url, {"nombre_modelo": "Cambiado"}).status_code == 403
    borrar = reverse("admin:informes_informe_delete", args=[informe.pk])
    assert client.post(borrar, {"post": "yes"}).status_code == 403
    fila = informe.bibliotecas.first()
    fila_url = reverse("admin:informes_biblioteca_change", args=[fila.pk])
    assert client.post(fila_url, {"nombre": "otro"}).status_code == 403
    assert Informe.objects.get(pk=informe.pk).nombre_modelo != "Cambiado"


def test_admin_lists_audit_entries_but_cannot_add_change_or_delete_them(client):
    informe = informe_completo()
    evento = services.informe_enviar(informe=informe, usuario=informe.autor).eventos.get()
    client.force_login(admin())
    assert client.get(reverse("admin:informes_eventoauditoria_changelist")).status_code == 200
    assert client.get(reverse("admin:informes_eventoauditoria_add")).status_code == 403
    cambiar = reverse("admin:informes_eventoauditoria_change", args=[evento.pk])
    assert client.post(cambiar, {"comentario": "x"}).status_code == 403
    borrar = reverse("admin:informes_eventoauditoria_delete", args=[evento.pk])
    assert client.post(borrar, {"post": "yes"}).status_code == 403
    assert EventoAuditoria.objects.filter(pk=evento.pk, comentario="").exists()


def test_admin_save_of_a_draft_is_audited(client):
    informe = informe_completo()
    client.force_login(admin())
    url = reverse("admin:informes_informe_change", args=[informe.pk])
    formulario = client.get(url).context["adminform"].form
    datos = {k: v for k, v in formulario.initial.items() if v is not None and k != "coautores"}
    datos["no_aplica"] = '{"diagramas": "Sin diagrama."}'
    datos["nombre_modelo"] = "Cambiado en admin"
    for prefijo in ("bibliotecas", "rutas", "variables_entorno", "diagramas"):
        datos[f"{prefijo}-TOTAL_FORMS"] = "0"
        datos[f"{prefijo}-INITIAL_FORMS"] = "0"
    respuesta = client.post(url, datos)
    assert respuesta.status_code == 302, respuesta.content.decode()[:2000]
    evento = EventoAuditoria.objects.get(informe=informe, accion="guardar")
    assert [c["campo"] for c in evento.cambios] == ["nombre_modelo"]
