"""Signing in: reviewers land on their queue, analysts and administrators on the list."""

import pytest
from django.urls import reverse

from tests.factories import CONTRASENA, admin, analista, revisor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("hacer", "destino"),
    [(revisor, "/revision/"), (analista, "/informes/"), (admin, "/informes/")],
)
def test_each_role_lands_where_its_work_is(client, hacer, destino):
    usuario = hacer()
    respuesta = client.post(
        reverse("login"), {"username": usuario.username, "password": CONTRASENA}
    )
    assert respuesta.status_code == 302 and respuesta.url == destino


def test_a_reviewer_asked_for_a_page_goes_there(client):
    usuario = revisor()
    respuesta = client.post(
        f"{reverse('login')}?next=/informes/",
        {"username": usuario.username, "password": CONTRASENA, "next": "/informes/"},
    )
    assert respuesta.url == "/informes/"


def test_a_next_to_another_site_is_ignored(client):
    usuario = revisor()
    respuesta = client.post(
        reverse("login"),
        {"username": usuario.username, "password": CONTRASENA, "next": "https://ejemplo.net/"},
    )
    assert respuesta.url == "/revision/"
