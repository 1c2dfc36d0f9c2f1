"""The list's search (selectors.buscar): full-text on PostgreSQL, substring elsewhere."""

import pytest
from django.db import connection
from django.urls import reverse

from informes import selectors
from informes.models import Informe

from .factories import analista, revisor

pytestmark = pytest.mark.django_db

solo_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text search, its Spanish stemming and its index exist only on PostgreSQL",
)
solo_sin_postgres = pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="the substring fallback is what other databases (SQLite) use",
)


@pytest.fixture
def informes():
    ana = analista(first_name="Ana", last_name="Zapata")
    beto = analista(first_name="Beto", last_name="Arango")
    Informe.objects.bulk_create(
        [
            Informe(
                autor=ana,
                nombre_modelo="Detector de fraude",
                descripcion_modelo="Clasifica transacciones con árboles de decisión.",
            ),
            Informe(
                autor=beto,
                nombre_modelo="Pronóstico de demanda",
                descripcion_modelo="Redes neuronales recurrentes para series de tiempo.",
            ),
        ]
    )
    return {"ana": ana, "beto": beto}


def buscar(client, q: str) -> list[str]:
    respuesta = client.get(reverse("informes:lista"), {"q": q})
    assert respuesta.status_code == 200
    return sorted(i.nombre_modelo for i in respuesta.context["pagina"].object_list)


def test_search_finds_words_of_the_name_and_description_as_prefixes(client, informes):
    client.force_login(revisor())
    assert buscar(client, "fraude") == ["Detector de fraude"]
    assert buscar(client, "Detec") == ["Detector de fraude"]
    assert buscar(client, "REDES") == ["Pronóstico de demanda"]
    assert buscar(client, "series de tiempo") == ["Pronóstico de demanda"]
    assert buscar(client, "nada parecido") == []


def test_search_finds_the_author_by_name_or_username(client, informes):
    client.force_login(revisor())
    assert buscar(client, "Zapata") == ["Detector de fraude"]
    assert buscar(client, "arang") == ["Pronóstico de demanda"]
    assert buscar(client, informes["ana"].username) == ["Detector de fraude"]


@pytest.mark.parametrize(
    "hostil",
    [
        "a & | ! ( ) :* '",
        "__init__ mi_variable",
        "'' \\ ; DROP TABLE informes_informe; --",
        "<->",
        "*",
        "   ",
        "ñ" * 500,
    ],
)
def test_search_with_query_syntax_or_odd_input_never_fails(client, informes, hostil):
    client.force_login(revisor())
    assert client.get(reverse("informes:lista"), {"q": hostil}).status_code == 200


def test_analyst_search_stays_within_visible_reports(client, informes):
    client.force_login(informes["ana"])
    assert buscar(client, "demanda") == []
    assert buscar(client, "Arango") == []


def test_prefix_query_keeps_only_word_characters():
    assert selectors.consulta_prefijos("alf  red!") == "alf:* & red:*"
    assert selectors.consulta_prefijos("a&b|c:*") == "a:* & b:* & c:*"
    assert selectors.consulta_prefijos("!():*") == ""


@solo_postgres
def test_postgres_search_ignores_accents_and_follows_spanish_word_forms(client, informes):
    client.force_login(revisor())
    assert buscar(client, "arbol") == ["Detector de fraude"]  # árboles
    assert buscar(client, "pronostico") == ["Pronóstico de demanda"]
    assert buscar(client, "transacción") == ["Detector de fraude"]  # transacciones
    assert buscar(client, "neuronal") == ["Pronóstico de demanda"]  # neuronales


@solo_postgres
def test_postgres_search_can_use_the_gin_index(informes):
    consulta = selectors.buscar(Informe.objects.all(), "fraude")
    sql, params = consulta.query.sql_with_params()
    with connection.cursor() as cursor:
        # Few rows make a sequential scan cheaper; forbid it to see that the
        # index matches the query's expression at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(fila[0] for fila in cursor.fetchall())
    assert "informe_busqueda_gin" in plan


@solo_sin_postgres
def test_fallback_search_matches_any_substring_ignoring_case(client, informes):
    client.force_login(revisor())
    assert buscar(client, "ETECTOR") == ["Detector de fraude"]
    assert buscar(client, "ronós") == ["Pronóstico de demanda"]
