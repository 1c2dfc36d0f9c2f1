"""The list, its search and filters and the reviewer queue cost the same number of SQL
queries whatever the number of reports (selectors, busqueda, consulta.lista,
revision.cola)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from informes.models import Estado, Informe
from informes.views.acceso import POR_PAGINA
from tests.factories import revisor
from tests.volumen import PAGINAS_LISTA, Volumen

pytestmark = pytest.mark.django_db


@pytest.fixture
def volumen():
    return Volumen()


def consultas(client, url: str, parametros: dict | None = None) -> list[str]:
    """The SQL of one request, after a first one warmed the session."""
    client.get(url, parametros or {})
    with CaptureQueriesContext(connection) as contexto:
        respuesta = client.get(url, parametros or {})
    assert respuesta.status_code == 200
    return [q["sql"] for q in contexto.captured_queries]


def filas(client, url: str, parametros: dict | None = None) -> int:
    return len(client.get(url, parametros or {}).context["pagina"].object_list)


def conteos(client, url: str, paginas: list[dict]) -> dict[str, int]:
    return {str(p): len(consultas(client, url, p)) for p in paginas}


@pytest.mark.parametrize("rol", ["analista", "revisor"])
def test_list_search_filters_and_sort_cost_the_same_queries_at_30_and_300_reports(
    client, volumen, rol
):
    user = volumen.ana if rol == "analista" else revisor()
    client.force_login(user)
    url = reverse("informes:lista")
    paginas = [*PAGINAS_LISTA, {"autor": str(volumen.otros[0].pk), "orden": "version"}]
    volumen.agregar(30)
    pocos = conteos(client, url, paginas)
    volumen.agregar(270)
    muchos = conteos(client, url, paginas)
    assert muchos == pocos
    # The pages are full, so the rows really were rendered.
    assert filas(client, url) == POR_PAGINA
    assert filas(client, url, {"q": "fraude"}) == POR_PAGINA
    assert filas(client, url, {"vencidos": "1"}) == POR_PAGINA


def test_list_counts_the_reports_once(client, volumen):
    volumen.agregar(60)
    client.force_login(revisor())
    sql = consultas(client, reverse("informes:lista"), {"q": "fraude", "page": "2"})
    assert sum("COUNT(" in s.upper() for s in sql) == 1


def test_queue_and_its_pages_cost_the_same_queries_at_30_and_300_reports(client, volumen):
    client.force_login(revisor())
    url = reverse("revision:cola")
    volumen.agregar(30)
    pocos = conteos(client, url, [{}, {"page": "2"}])
    volumen.agregar(270)
    assert conteos(client, url, [{}, {"page": "2"}]) == pocos
    assert filas(client, url) == POR_PAGINA


def test_queue_shows_25_a_page_the_longest_waiting_first(client, volumen):
    volumen.agregar(120)
    client.force_login(revisor())
    url = reverse("revision:cola")
    en_revision = Informe.objects.filter(estado=Estado.EN_REVISION)
    primera = list(client.get(url).context["pagina"].object_list)
    segunda = list(client.get(url, {"page": "2"}).context["pagina"].object_list)
    esperados = list(en_revision.order_by("enviado_en", "pk"))
    # Never-sent ones (no date) come first, as they have waited longest for a date.
    sin_fecha = [i for i in esperados if i.enviado_en is None]
    con_fecha = [i for i in esperados if i.enviado_en is not None]
    assert primera + segunda == (sin_fecha + con_fecha)[: 2 * POR_PAGINA]
    assert client.get(url).context["pagina"].paginator.count == en_revision.count()


def test_analyst_list_shows_authored_and_coauthored_reports_once_each(client, volumen):
    volumen.agregar(100)
    client.force_login(volumen.ana)
    pagina = client.get(reverse("informes:lista")).context["pagina"]
    esperados = Informe.objects.filter(autor=volumen.ana).count() + (
        Informe.objects.exclude(autor=volumen.ana).filter(coautores=volumen.ana).count()
    )
    assert pagina.paginator.count == esperados
    vistos = [i.pk for p in pagina.paginator.page_range for i in pagina.paginator.page(p)]
    assert len(vistos) == len(set(vistos)) == esperados
