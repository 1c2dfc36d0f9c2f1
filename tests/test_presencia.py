"""informes.presencia and its endpoint: who else has a draft open, kept in the shared cache."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from informes import limites, presencia
from informes.views.presencia import mensaje
from tests.factories import InformeFactory, analista, revisor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_vacia():
    cache.clear()


@pytest.fixture
def informe():
    informe = InformeFactory(autor=analista(first_name="Ana", last_name="Ruiz"))
    informe.coautores.add(analista(first_name="Luis", last_name="Mora"))
    return informe


def latir(usuario, informe, **datos):
    cliente = Client()
    cliente.force_login(usuario)
    return cliente.post(reverse("informes:presencia", args=[informe.pk]), datos)


def test_an_editor_sees_the_other_editors_name_and_never_their_own(informe):
    ana, luis = informe.autor, informe.coautores.get()
    assert latir(ana, informe).json() == {"ok": True, "editores": [], "mensaje": ""}
    datos = latir(luis, informe).json()
    assert datos["editores"] == ["Ana Ruiz"]
    assert datos["mensaje"] == "Ana Ruiz también está editando este informe"
    assert latir(ana, informe).json()["editores"] == ["Luis Mora"]


def test_leaving_the_page_removes_the_name_at_once(informe):
    ana, luis = informe.autor, informe.coautores.get()
    latir(ana, informe)
    assert latir(ana, informe, accion="salir").json()["editores"] == []
    assert latir(luis, informe).json()["editores"] == []


def test_a_heartbeat_older_than_its_life_is_gone(informe, monkeypatch):
    ana, luis = informe.autor, informe.coautores.get()
    monkeypatch.setattr(limites, "PRESENCIA_SEGUNDOS", 1)
    presencia.latido(informe.pk, ana)
    cache.delete(f"{presencia.PREFIJO}{informe.pk}:{ana.pk}")  # as the cache expires it
    assert presencia.latido(informe.pk, luis) == []


def test_several_editors_are_named_together_and_the_list_is_bounded(informe, monkeypatch):
    monkeypatch.setattr(limites, "PRESENCIA_MAXIMA", 3)
    otros = [analista(first_name=n, last_name="") for n in ("Bea", "Carlos", "Dora", "Eva")]
    for otro in otros:
        presencia.latido(informe.pk, otro)
    # A heartbeat reads at most PRESENCIA_MAXIMA keys, whatever the crowd.
    nombres = presencia.latido(informe.pk, informe.autor)
    assert len(nombres) == 3 and nombres == sorted(nombres) == ["Carlos", "Dora", "Eva"]
    assert len(presencia.latido(informe.pk, informe.autor)) == 2
    assert mensaje(["Bea", "Carlos"]) == "Bea y Carlos también están editando este informe"


def test_only_editors_beat(informe):
    assert latir(revisor(), informe).status_code == 403
    assert latir(analista(), informe).status_code == 404
    anonimo = Client().post(reverse("informes:presencia", args=[informe.pk]))
    assert anonimo.status_code == 401 and anonimo.json()["ok"] is False


def test_the_edit_page_carries_the_banner_and_its_script(informe):
    cliente = Client()
    cliente.force_login(informe.autor)
    html = cliente.get(reverse("informes:editar", args=[informe.pk])).content.decode()
    assert reverse("informes:presencia", args=[informe.pk]) in html
    assert "informes/js/presencia.js" in html
    assert 'data-intervalo="30000"' in html
