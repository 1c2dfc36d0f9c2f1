"""The review workflow through the API (views/api/revision.py): each transition of ``flujo``
through its service, the incomplete report's pending labels, required comments, a stale
If-Match, new versions and review comments."""

import pytest

from informes.models import ComentarioRevision, Estado, EventoAuditoria, Informe
from tests.cliente_api import ClienteAPI, etag, url_informe
from tests.factories import InformeFactory, informe_completo, revisor

pytestmark = pytest.mark.django_db


def test_an_incomplete_report_is_not_sent_and_the_answer_names_each_pending_label():
    informe = InformeFactory(filas=False, hardware_requerido="")
    respuesta = ClienteAPI(informe.autor).post(url_informe(informe, "enviar/"))
    assert respuesta.status_code == 409
    datos = respuesta.json()
    assert set(datos["campos"]) == {
        "bibliotecas",
        "hardware_requerido",
        "diagramas",
        "rutas",
        "variables_entorno",
    }
    assert [s["seccion"] for s in datos["secciones_incompletas"]] == [3, 6, 7]
    assert Informe.objects.get(pk=informe.pk).estado == Estado.BORRADOR


def test_send_approve_and_new_version_through_the_api():
    informe = informe_completo()
    autor, juez = ClienteAPI(informe.autor), ClienteAPI(revisor())
    enviado = autor.post(url_informe(informe, "enviar/"))
    assert enviado.status_code == 200 and enviado.json()["estado"] == Estado.EN_REVISION
    assert "aprobar" not in enviado.json()["acciones"]
    assert "aprobar" in juez.get(url_informe(informe)).json()["acciones"]
    aprobado = juez.post(url_informe(informe, "aprobar/"), {"comentario": "Bien."})
    assert aprobado.status_code == 200 and aprobado.json()["estado"] == Estado.APROBADO
    assert aprobado.json()["aprobado_por"]["usuario"] == juez.token.usuario.username
    nueva = autor.post(url_informe(informe, "nueva-version/"))
    assert nueva.status_code == 201
    assert (nueva.json()["version"], nueva.json()["estado"]) == (2, Estado.BORRADOR)
    assert nueva["Location"] == nueva.json()["enlaces"]["api"]
    acciones = EventoAuditoria.objects.filter(serie=informe.serie).values_list("accion", flat=True)
    assert {"enviar", "aprobar", "nueva_version"} <= set(acciones)


def test_requesting_changes_needs_a_comment_beside_its_field():
    informe = informe_completo(estado=Estado.EN_REVISION)
    juez = ClienteAPI(revisor())
    sin = juez.post(url_informe(informe, "solicitar-cambios/"), {"comentario": "  "})
    assert sin.status_code == 400 and list(sin.json()["campos"]) == ["comentario"]
    con = juez.post(url_informe(informe, "solicitar-cambios/"), {"comentario": "Detalle la 5."})
    assert con.status_code == 200 and con.json()["estado"] == Estado.CAMBIOS_SOLICITADOS
    assert ComentarioRevision.objects.get(informe=informe).texto == "Detalle la 5."


def test_an_author_cannot_approve_and_the_refusal_is_403():
    informe = informe_completo(estado=Estado.EN_REVISION)
    respuesta = ClienteAPI(informe.autor).post(url_informe(informe, "aprobar/"), {})
    assert respuesta.status_code == 403
    assert Informe.objects.get(pk=informe.pk).estado == Estado.EN_REVISION


def test_a_transition_with_a_stale_if_match_is_412():
    informe = informe_completo()
    autor = ClienteAPI(informe.autor)
    visto = etag(informe)
    autor.patch(url_informe(informe), {"nombre_modelo": "Otro"}, HTTP_IF_MATCH=visto)
    respuesta = autor.post(url_informe(informe, "enviar/"), HTTP_IF_MATCH=visto)
    assert respuesta.status_code == 412
    assert respuesta.json()["actual"]["etiquetas"]["nombre_modelo"]["valor"] == "Otro"
    assert Informe.objects.get(pk=informe.pk).estado == Estado.BORRADOR
    actual = autor.post(url_informe(informe, "enviar/"), HTTP_IF_MATCH=respuesta["ETag"])
    assert actual.status_code == 200


def test_review_comments_are_written_listed_and_resolved():
    informe = informe_completo(estado=Estado.EN_REVISION)
    juez, autor = ClienteAPI(revisor()), ClienteAPI(informe.autor)
    creado = juez.post(url_informe(informe, "comentarios/"), {"texto": "Falta", "seccion": 3})
    assert creado.status_code == 201
    assert (creado.json()["seccion"], creado.json()["resuelto"]) == (3, False)
    general = juez.post(url_informe(informe, "comentarios/"), {"texto": "En general bien"})
    assert general.json()["seccion"] is None
    assert autor.post(url_informe(informe, "comentarios/"), {"texto": "x"}).status_code == 403
    malos = juez.post(url_informe(informe, "comentarios/"), {"texto": "", "seccion": 10})
    assert malos.status_code == 400 and set(malos.json()["campos"]) == {"texto", "seccion"}
    lista = autor.get(url_informe(informe, "comentarios/")).json()
    assert [c["texto"] for c in lista] == ["Falta", "En general bien"]
    resuelto = autor.post(lista[0]["resolver"])
    assert resuelto.status_code == 200 and resuelto.json()["resuelto"]
    assert ComentarioRevision.objects.get(pk=lista[0]["id"]).resuelto


def test_a_thread_is_answered_resolved_and_reopened_through_the_api():
    informe = informe_completo(estado=Estado.EN_REVISION)
    juez, autor = ClienteAPI(revisor()), ClienteAPI(informe.autor)
    comentario = juez.post(url_informe(informe, "comentarios/"), {"texto": "Falta"}).json()
    respuesta = autor.post(comentario["responder"], {"texto": "Agregado en la sección 3."})
    assert respuesta.status_code == 201
    assert respuesta.json()["respuesta_a"] == comentario["id"]
    assert autor.post(comentario["responder"], {"texto": ""}).status_code == 400
    assert autor.post(comentario["resolver"]).json()["resuelto"] is True
    reabierto = juez.post(comentario["reabrir"])
    assert reabierto.status_code == 200 and reabierto.json()["resuelto"] is False
    assert not ComentarioRevision.objects.get(pk=comentario["id"]).resuelto


def test_a_draft_never_sent_is_discarded_by_its_author_only():
    informe = InformeFactory()
    assert ClienteAPI(revisor()).post(url_informe(informe, "descartar/")).status_code == 403
    descartado = ClienteAPI(informe.autor).post(url_informe(informe, "descartar/"))
    assert descartado.status_code == 200 and descartado.json()["estado"] == Estado.DESCARTADO
    assert Informe.objects.get(pk=informe.pk).estado == Estado.DESCARTADO
    # From then on nobody sees it, its author included.
    assert ClienteAPI(informe.autor).get(url_informe(informe)).status_code == 404
