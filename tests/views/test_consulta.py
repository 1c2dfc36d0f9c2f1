"""The list page: search, filters, sorting, pagination (consulta.lista)."""

import pytest
from django.urls import reverse

from informes.models import Estado, Informe
from tests.factories import InformeFactory, analista, revisor

pytestmark = pytest.mark.django_db


def nombres(respuesta) -> list[str]:
    return [i.nombre_modelo for i in respuesta.context["pagina"].object_list]


@pytest.fixture
def informes():
    ana = analista(first_name="Ana", last_name="Zapata")
    beto = analista(first_name="Beto", last_name="Arango")
    a = InformeFactory(autor=ana, nombre_modelo="Alfa", descripcion_modelo="bosques", filas=False)
    b = InformeFactory(autor=beto, nombre_modelo="Beta", descripcion_modelo="redes", filas=False)
    Informe.objects.filter(pk=b.pk).update(estado=Estado.EN_REVISION)
    return {"ana": ana, "beto": beto, "alfa": a, "beta": b}


def test_search_looks_at_name_description_and_author(client, informes):
    client.force_login(revisor())
    url = reverse("informes:lista")
    assert nombres(client.get(url, {"q": "alf"})) == ["Alfa"]
    assert nombres(client.get(url, {"q": "REDES"})) == ["Beta"]
    assert nombres(client.get(url, {"q": "Zapata"})) == ["Alfa"]


def test_filters_by_estado_and_author(client, informes):
    client.force_login(revisor())
    url = reverse("informes:lista")
    assert nombres(client.get(url, {"estado": "en_revision"})) == ["Beta"]
    assert nombres(client.get(url, {"autor": informes["ana"].pk})) == ["Alfa"]
    assert len(nombres(client.get(url, {"estado": "no-existe", "autor": "x"}))) == 2


def test_sorting_by_whitelisted_columns_only(client, informes):
    client.force_login(revisor())
    url = reverse("informes:lista")
    assert nombres(client.get(url, {"orden": "modelo"})) == ["Alfa", "Beta"]
    assert nombres(client.get(url, {"orden": "-modelo"})) == ["Beta", "Alfa"]
    assert nombres(client.get(url, {"orden": "autor"})) == ["Beta", "Alfa"]  # Arango first
    assert client.get(url, {"orden": "autor__password"}).status_code == 200


def test_pagination_is_25_a_page_and_keeps_the_query(client):
    ana = analista()
    for i in range(30):
        InformeFactory(autor=ana, nombre_modelo=f"Modelo {i:02d}", filas=False)
    client.force_login(ana)
    respuesta = client.get(reverse("informes:lista"), {"q": "Modelo", "orden": "modelo"})
    assert len(nombres(respuesta)) == 25
    assert "?q=Modelo&amp;orden=modelo&amp;page=2" in respuesta.content.decode()


def test_analyst_sees_the_new_report_button_and_reviewer_does_not(client):
    client.force_login(analista())
    assert reverse("informes:nuevo") in client.get(reverse("informes:lista")).content.decode()
    client.force_login(revisor())
    assert reverse("informes:nuevo") not in client.get(reverse("informes:lista")).content.decode()


def test_analyst_search_never_reaches_other_analysts_reports(client, informes):
    client.force_login(informes["ana"])
    assert nombres(client.get(reverse("informes:lista"), {"q": "Beta"})) == []
