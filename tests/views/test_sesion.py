"""Forms posted after the session expired, and the periodic removal of expired sessions."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from informes import limites
from informes.management.commands import limpiar_sesiones
from informes.models import Informe
from informes.views import edicion
from informes.views.sesion import SESION_PENDIENTE
from tests.factories import CONTRASENA, InformeFactory, analista
from tests.formularios import datos_formulario, editar_url, html_de

pytestmark = pytest.mark.django_db

NUEVO = reverse("informes:nuevo")


@pytest.fixture
def informe():
    return InformeFactory()


def expirada(usuario) -> Client:
    """A browser whose signed-in session has just expired."""
    client = Client()
    client.force_login(usuario)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    return client


def pendientes() -> list[dict]:
    return [
        s.get_decoded()[SESION_PENDIENTE]
        for s in Session.objects.all()
        if SESION_PENDIENTE in s.get_decoded()
    ]


def entrar(client, usuario, siguiente):
    return client.post(
        reverse("login"), {"username": usuario.username, "password": CONTRASENA, "next": siguiente}
    )


# --- Kept for the user whose session expired.


def test_a_post_after_the_session_expired_is_offered_again_after_login(informe):
    client = expirada(informe.autor)
    datos = datos_formulario(informe, hardware_requerido="Escrito antes de expirar")
    respuesta = client.post(editar_url(informe), datos)
    assert respuesta.status_code == 302
    assert respuesta.url.startswith("/cuentas/login/")
    assert Informe.objects.get(pk=informe.pk).hardware_requerido != "Escrito antes de expirar"
    login = entrar(client, informe.autor, editar_url(informe))
    assert login.status_code == 302 and login.url == editar_url(informe)
    html = html_de(client.get(login.url))
    assert "Escrito antes de expirar" in html
    assert str(edicion.MENSAJE_RECUPERADO).split(".")[0] in html
    # Not saved until the user says so; shown once.
    assert Informe.objects.get(pk=informe.pk).hardware_requerido != "Escrito antes de expirar"
    assert "Escrito antes de expirar" not in html_de(client.get(editar_url(informe)))


def test_a_new_report_posted_after_the_session_expired_is_kept_too():
    ana = analista()
    client = expirada(ana)
    client.post(NUEVO, datos_formulario(nombre_modelo="Nuevo perdido"))
    client.force_login(ana)
    assert "Nuevo perdido" in html_de(client.get(NUEVO))
    assert not Informe.objects.exists()


def test_a_kept_post_is_offered_to_its_own_account_only():
    client = expirada(analista())
    client.post(NUEVO, datos_formulario(nombre_modelo="Borrador de Ana"))
    otra = analista()
    client.force_login(otra)
    assert "Borrador de Ana" not in html_de(client.get(NUEVO))


def test_an_expired_session_keeps_one_post_only():
    client = expirada(analista())
    vieja = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(NUEVO, datos_formulario(nombre_modelo="Primero"))
    assert len(pendientes()) == 1
    # Replaying the expired cookie stores nothing more.
    otro = Client()
    otro.cookies[settings.SESSION_COOKIE_NAME] = vieja
    otro.post(NUEVO, datos_formulario(nombre_modelo="Segundo"))
    assert [p["datos"]["nombre_modelo"] for p in pendientes()] == [["Primero"]]


def test_a_post_above_the_cap_is_not_kept(monkeypatch):
    monkeypatch.setattr(limites, "SESION_PENDIENTE_MAXIMO", 10_000)
    client = expirada(analista())
    client.post(NUEVO, datos_formulario(descripcion_modelo="x" * 10_001))
    assert not pendientes()


# --- Nothing stored for anyone else.


def test_a_client_that_never_signed_in_stores_nothing(informe):
    # It used to store every anonymous POST: 2 MB rows for anyone who asked.
    client = Client()
    grande = datos_formulario(informe, descripcion_modelo="x" * 1_900_000)
    for url in (NUEVO, editar_url(informe)):
        respuesta = client.post(url, grande)
        assert respuesta.status_code == 302 and respuesta.url.startswith("/cuentas/login/")
    assert not Session.objects.exists()


def test_a_made_up_session_cookie_stores_nothing():
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "inventada" * 4
    client.post(NUEVO, datos_formulario(nombre_modelo="x"))
    assert not Session.objects.exists()


def test_an_expired_session_that_never_signed_in_stores_nothing():
    anonima = SessionStore()
    anonima["algo"] = 1
    anonima.set_expiry(-1)
    anonima.save()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = anonima.session_key
    client.post(NUEVO, datos_formulario(nombre_modelo="x"))
    assert not pendientes()


# --- limpiar_sesiones.


def sesion(vence_en: timedelta) -> str:
    nueva = SessionStore()
    nueva["dato"] = 1
    nueva.save()
    Session.objects.filter(session_key=nueva.session_key).update(
        expire_date=timezone.now() + vence_en
    )
    return nueva.session_key


def test_expired_sessions_are_deleted_a_day_after_they_expired():
    viva = sesion(timedelta(hours=1))
    reciente = sesion(-timedelta(hours=1))
    vieja = sesion(-timedelta(hours=limites.SESION_EXPIRADA_CONSERVADA_HORAS, minutes=1))
    salida = StringIO()
    call_command("limpiar_sesiones", stdout=salida)
    assert "borradas: 1" in salida.getvalue()
    assert set(Session.objects.values_list("session_key", flat=True)) == {viva, reciente}
    assert vieja


class Detenido(Exception):
    """Stops the endless loop of ``--cada`` after a few rounds."""


@pytest.mark.django_db(transaction=True)
def test_the_repeating_cleaner_survives_a_database_error(monkeypatch):
    vieja = sesion(-timedelta(hours=limites.SESION_EXPIRADA_CONSERVADA_HORAS + 1))
    original = limpiar_sesiones.limpiar
    rondas = []

    def limpiar():
        rondas.append(1)
        if len(rondas) == 1:
            raise DatabaseError("la base de datos se está reiniciando")
        return original()

    def esperar(segundos):
        assert segundos == 60
        if len(rondas) == 2:
            raise Detenido

    monkeypatch.setattr(limpiar_sesiones, "limpiar", limpiar)
    monkeypatch.setattr(limpiar_sesiones.time, "sleep", esperar)
    with pytest.raises(Detenido):
        call_command("limpiar_sesiones", "--cada", "60", stdout=StringIO())
    assert len(rondas) == 2
    assert not Session.objects.filter(session_key=vieja).exists()
