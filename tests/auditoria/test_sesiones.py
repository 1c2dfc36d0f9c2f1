"""auditoria.sesiones and «Historial»: a session's autosaves as one entry, 25 entries a page."""

import datetime
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from informes import auditoria, limites
from informes.models import AccionAuditoria, EventoAuditoria
from tests.factories import InformeFactory, analista
from tests.formularios import datos_formulario, filas

pytestmark = pytest.mark.django_db


@pytest.fixture
def informe():
    return InformeFactory()


def autoguardar(client, informe, **cambios):
    datos = datos_formulario(informe.__class__.objects.get(pk=informe.pk), **cambios)
    respuesta = client.post(reverse("informes:autoguardar", args=[informe.pk]), datos)
    assert respuesta.status_code == 200, respuesta.content


def guardar(client, informe, **cambios):
    datos = datos_formulario(informe.__class__.objects.get(pk=informe.pk), **cambios)
    assert client.post(reverse("informes:editar", args=[informe.pk]), datos).status_code == 302


def historial(client, informe, **parametros):
    return client.get(reverse("informes:historial", args=[informe.pk]), parametros)


def test_a_sessions_autosaves_are_one_entry_with_its_net_changes(client, informe):
    client.force_login(informe.autor)
    autoguardar(client, informe, comunicacion="Primera idea.")
    autoguardar(client, informe, comunicacion="Segunda idea.")
    rutas = list(informe.rutas.values("ruta", "proposito"))
    con_otra = [*rutas, {"ruta": "/tmp/borrador", "proposito": "x"}]
    autoguardar(client, informe, comunicacion="Segunda idea.", **filas("rutas", con_otra))
    autoguardar(client, informe, comunicacion="Segunda idea.", **filas("rutas", rutas))
    respuesta = historial(client, informe)
    html = unescape(respuesta.content.decode())
    [sesion] = [e for e in respuesta.context["entradas"] if e.sesion]
    nombre = informe.autor.get_full_name()
    assert sesion.resumen.startswith(f"4 cambios de {nombre} entre ")
    assert html.count('data-testid="sesion"') == 1
    # Net: the text from before the first autosave to after the last; the
    # path added and then removed again is no change at all.
    [cambio] = sesion.cambios_mostrados
    assert (cambio["campo"], cambio["despues"]) == ("comunicacion", "Segunda idea.")
    assert "Primera idea." not in html and "/tmp/borrador" not in html


def test_form_saves_and_other_people_break_a_session(client, informe):
    coautor = analista()
    informe.coautores.add(coautor)
    client.force_login(informe.autor)
    autoguardar(client, informe, comunicacion="A")
    autoguardar(client, informe, comunicacion="B")
    guardar(client, informe, comunicacion="C")
    autoguardar(client, informe, comunicacion="D")
    client.force_login(coautor)
    autoguardar(client, informe, comunicacion="E")
    entradas = historial(client, informe).context["entradas"]
    assert [len(e.eventos) for e in entradas] == [1, 1, 1, 2]  # newest first


def eventos_simulados(n: int, *, pausa_min: int = 1, usuario_id=1) -> list:
    ahora = timezone.now()
    return [
        EventoAuditoria(
            pk=i + 1,
            accion=AccionAuditoria.GUARDAR,
            automatico=True,
            usuario_id=usuario_id,
            version=1,
            momento=ahora - datetime.timedelta(minutes=i * pausa_min),
        )
        for i in range(n)
    ]


def test_a_pause_longer_than_a_session_or_too_many_autosaves_start_a_new_entry():
    pausa = limites.MINUTOS_SESION + 1
    assert [len(e.eventos) for e in auditoria.agrupar(eventos_simulados(3, pausa_min=pausa))] == [
        1, 1, 1,
    ]  # fmt: skip
    largo = limites.AUTOGUARDADOS_POR_ENTRADA + 5
    assert [len(e.eventos) for e in auditoria.agrupar(eventos_simulados(largo))] == [
        limites.AUTOGUARDADOS_POR_ENTRADA, 5,
    ]  # fmt: skip


def test_net_changes_pair_a_row_removed_and_added_back_changed():
    antes = {"nombre": "numpy", "version": "1.26"}
    despues = {"nombre": "numpy", "version": "2.0"}
    otra = {"nombre": "pandas", "version": "2.2"}
    netos = auditoria.netos([
        [{"campo": "bibliotecas", "tipo": "filas", "agregadas": [otra], "eliminadas": [antes],
          "cambiadas": []}],
        [{"campo": "bibliotecas", "tipo": "filas", "agregadas": [despues], "eliminadas": [otra],
          "cambiadas": []}],
        [{"campo": "nombre_modelo", "tipo": "texto", "antes": "X", "despues": "X"}],
    ])  # fmt: skip
    assert netos == [
        {"campo": "bibliotecas", "tipo": "filas", "agregadas": [], "eliminadas": [],
         "cambiadas": [{"antes": antes, "despues": despues}]},
    ]  # fmt: skip


def test_the_history_is_paginated_and_its_queries_do_not_grow(client, informe):
    client.force_login(informe.autor)
    for n in range(3):
        guardar(client, informe, comunicacion=f"Guardado {n}")

    def consultas():
        historial(client, informe)
        with CaptureQueriesContext(connection) as contexto:
            respuesta = historial(client, informe)
        return len(contexto), respuesta

    pocas, respuesta = consultas()
    assert not respuesta.context["pagina"].has_other_pages()
    for n in range(30):
        guardar(client, informe, comunicacion=f"Otro {n}")
    muchas, respuesta = consultas()
    assert muchas == pocas
    pagina = respuesta.context["pagina"]
    assert pagina.has_next() and len(pagina) == 25
    segunda = historial(client, informe, page=2)
    assert len(segunda.context["pagina"]) == 33 - 25
    assert "Página 2 de 2" in segunda.content.decode()
