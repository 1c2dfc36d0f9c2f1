"""The session's inactivity timeout, renewed at most once a minute."""

import pytest
from django.contrib.sessions.models import Session

from informes.middleware import CLAVE

from .factories import analista

pytestmark = pytest.mark.django_db


def caducidad(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_activity_pushes_the_expiry_forward_once_the_interval_has_passed(client, settings):
    settings.INFORMES_SESION_RENOVAR_SEGUNDOS = 60
    client.force_login(analista())
    client.get("/informes/")
    primera = caducidad(client)

    # Within the interval nothing is written.
    client.get("/informes/")
    assert caducidad(client) == primera

    # Once the last renewal is older than the interval, the next request renews.
    sesion = client.session
    sesion[CLAVE] = sesion[CLAVE] - 61
    sesion.save()
    anterior = caducidad(client)
    client.get("/informes/")
    assert caducidad(client) > anterior


def test_an_idle_session_ends(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(analista())
    client.get("/informes/")
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    respuesta = client.get("/informes/")
    assert respuesta.status_code == 302
    assert respuesta.url.startswith("/cuentas/login/")


def test_anonymous_visits_create_no_session(client):
    client.get("/cuentas/login/")
    assert not Session.objects.exists()
