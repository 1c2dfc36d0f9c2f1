"""The session's inactivity timeout, and no cache for anything a signed-in user receives."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from informes import services
from informes.middleware import CLAVE
from informes.models import Estado, Informe
from tests.factories import analista, informe_demo, revisor

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


# --- Cache-Control.

PRIVADO = "private, no-store"


def test_every_page_of_a_signed_in_user_is_neither_cached_nor_shared(client):
    informe = informe_demo()
    client.force_login(informe.autor)
    diagrama = informe.diagramas.get()
    urls = [
        reverse("informes:lista"),
        reverse("informes:detalle", args=[informe.pk]),
        reverse("informes:editar", args=[informe.pk]),
        reverse("informes:historial", args=[informe.pk]),
        reverse("informes:nuevo"),
        reverse("informes:importar"),
        reverse("informes:diagrama", args=[informe.pk, diagrama.pk]),
    ]
    for url in urls:
        respuesta = client.get(url)
        assert respuesta.status_code == 200, url
        assert respuesta["Cache-Control"] == PRIVADO, url


def test_json_answers_and_refusals_are_not_cached_either(client):
    informe = informe_demo()
    client.force_login(informe.autor)
    vista = client.post(reverse("informes:vista_previa_markdown"), {"texto": "*x*"})
    assert vista["Cache-Control"] == PRIVADO
    client.force_login(analista())
    assert client.get(reverse("informes:detalle", args=[informe.pk]))["Cache-Control"] == PRIVADO


@pytest.mark.parametrize("formato", ["exportar_md", "exportar_zip", "exportar_pdf"])
def test_downloads_of_a_draft_are_not_stored(client, formato):
    informe = informe_demo(diagrama=False)
    client.force_login(informe.autor)
    respuesta = client.get(reverse(f"informes:{formato}", args=[informe.pk]))
    assert respuesta.status_code == 200
    assert respuesta["Cache-Control"] == PRIVADO


def test_the_archived_pdf_keeps_its_etag_caching(client):
    informe = informe_demo(diagrama=False)
    Informe.objects.filter(pk=informe.pk).update(estado=Estado.APROBADO)
    archivo = services.archivo_generar(informe=Informe.objects.get(pk=informe.pk))
    client.force_login(revisor())
    url = reverse("informes:exportar_pdf", args=[informe.pk])
    respuesta = client.get(url)
    assert respuesta["ETag"] == f'"{archivo.sha256}"'
    assert respuesta["Cache-Control"] == "private, no-cache"
    assert client.get(url, headers={"If-None-Match": respuesta["ETag"]}).status_code == 304
