"""The list's search (informes.busqueda) and its filters: the same results on SQLite
(FTS5) and PostgreSQL (full text) for one corpus, an index the triggers keep right,
and no input, filter or page number that answers 500."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from informes import limites, selectors, services
from informes.busqueda import palabras, postgres, sqlite
from informes.models import Estado, Informe
from tests.factories import InformeFactory, analista, revisor

pytestmark = pytest.mark.django_db

solo_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's full text and its GIN index"
)
solo_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's FTS5 index and its triggers"
)

# (model name, description, author's key). Accents on either side, singular and
# plural forms, numbers, a word of the query syntax of each engine.
CORPUS = [
    ("Detector de fraude", "Clasifica transacciones con árboles de decisión.", "ana"),
    ("Pronóstico de demanda", "Redes neuronales recurrentes para series de tiempo.", "beto"),
    ("Bosque aleatorio", "Un árbol de regresión por región; una decisión simple.", "beto"),
    ("Clasificador de imágenes", "Imagen satelital de cada año: niños, zapatas, OR y NEAR.", "ana"),
    ("Encuesta 2024", "Transacción única: predice la red de hogares.", "carla"),
]

# query -> the reports it finds, on both engines.
ESPERADOS = {
    # Prefixes, any case.
    "fraude": {"Detector de fraude"},
    "Detec": {"Detector de fraude"},
    "REDES": {"Pronóstico de demanda", "Encuesta 2024"},
    "clasif": {"Detector de fraude", "Clasificador de imágenes"},
    # Stop words are left out, as PostgreSQL's Spanish configuration does.
    "series de tiempo": {"Pronóstico de demanda"},
    "la de el": set(),
    # Accents ignored both ways.
    "pronostico": {"Pronóstico de demanda"},
    "PRONÓSTICO": {"Pronóstico de demanda"},
    "satélital": {"Clasificador de imágenes"},
    "ano": {"Clasificador de imágenes"},
    "ninos": {"Clasificador de imágenes"},
    # Plurals find singulars and singulars plurals.
    "arbol": {"Detector de fraude", "Bosque aleatorio"},
    "árboles": {"Detector de fraude", "Bosque aleatorio"},
    "transacción": {"Detector de fraude", "Encuesta 2024"},
    "transacciones": {"Detector de fraude", "Encuesta 2024"},
    "decisiones": {"Detector de fraude", "Bosque aleatorio"},
    "neuronal": {"Pronóstico de demanda"},
    "imágenes": {"Clasificador de imágenes"},
    "hogar": {"Encuesta 2024"},
    "redes": {"Pronóstico de demanda", "Encuesta 2024"},
    # Every word must match.
    "árbol fraude": {"Detector de fraude"},
    "árbol demanda": set(),
    # Numbers.
    "2024": {"Encuesta 2024"},
    "202": {"Encuesta 2024"},
    # The author's names and user name.
    "Zapata": {"Detector de fraude", "Clasificador de imágenes"},
    "arang": {"Pronóstico de demanda", "Bosque aleatorio"},
    "Muñoz": {"Encuesta 2024"},
    # Query syntax of FTS5 and of tsquery is only text; punctuation separates words.
    '"fraude"': {"Detector de fraude"},
    "fraude*": {"Detector de fraude"},
    "fraude -transacciones": {"Detector de fraude"},
    "-fraude": {"Detector de fraude"},
    "(fraude)": {"Detector de fraude"},
    "fraude:": {"Detector de fraude"},
    "fraude:*": {"Detector de fraude"},
    "nombre_modelo:fraude": set(),
    "fraude OR demanda": set(),
    "NEAR(fraude demanda)": set(),
    "near": {"Clasificador de imágenes"},
    "fraude & !demanda": set(),
    "fraude | demanda": set(),
    "^fraude": {"Detector de fraude"},
    '"': set(),
    "*": set(),
    ":": set(),
    "(": set(),
    "fraude'": {"Detector de fraude"},
    "fraude\\": {"Detector de fraude"},
    "fraude\x00": {"Detector de fraude"},
    "nada parecido": set(),
}


@pytest.fixture
def corpus():
    autores = {
        "ana": analista(username="ana", first_name="Ana", last_name="Zapata"),
        "beto": analista(username="beto", first_name="Beto", last_name="Arango"),
        "carla": analista(username="carla", first_name="Carla", last_name="Muñoz"),
    }
    Informe.objects.bulk_create(
        [Informe(autor=autores[a], nombre_modelo=n, descripcion_modelo=d) for n, d, a in CORPUS]
    )
    return autores


def nombres(client, q: str, **parametros) -> set[str]:
    respuesta = client.get(reverse("informes:lista"), {"q": q, **parametros})
    assert respuesta.status_code == 200
    return {i.nombre_modelo for i in respuesta.context["pagina"].object_list}


@pytest.mark.parametrize(("q", "esperados"), ESPERADOS.items(), ids=list(ESPERADOS))
def test_search_finds_the_same_reports_on_both_engines(client, corpus, q, esperados):
    client.force_login(revisor(first_name="Rita", last_name="Revisora"))
    assert nombres(client, q) == esperados


def test_search_counts_a_report_found_by_text_and_author_once(client, corpus):
    client.force_login(revisor(first_name="Rita", last_name="Revisora"))
    # Ana Zapata wrote both; the second also speaks of "zapatas".
    pagina = client.get(reverse("informes:lista"), {"q": "Zapata"}).context["pagina"]
    assert pagina.paginator.count == len(pagina.object_list) == 2


def test_analyst_search_stays_within_visible_reports(client, corpus):
    client.force_login(corpus["ana"])
    assert nombres(client, "demanda") == set()
    assert nombres(client, "Arango") == set()
    assert nombres(client, "clasif") == {"Detector de fraude", "Clasificador de imágenes"}


@pytest.mark.parametrize("orden", ["-actualizado", "actualizado", "modelo", "-autor", "version"])
def test_search_pages_follow_every_sort_and_filter(client, orden):
    autores = [analista(last_name=f"Autor{i}") for i in range(3)]
    Informe.objects.bulk_create(
        [
            Informe(
                autor=autores[i % 3],
                nombre_modelo=f"Modelo {i:03d} {'fraude' if i % 2 else 'demanda'}",
                estado=Estado.EN_REVISION if i % 3 else Estado.BORRADOR,
            )
            for i in range(120)
        ]
    )
    client.force_login(revisor())
    consulta = {"q": "fraude", "orden": orden, "estado": Estado.EN_REVISION}
    vistos = []
    for numero in (1, 2):
        pagina = client.get(reverse("informes:lista"), {**consulta, "page": numero}).context[
            "pagina"
        ]
        vistos += [i.pk for i in pagina.object_list]
    esperados = selectors.informes_filtrados(revisor(), estado=Estado.EN_REVISION, orden=orden)
    todos = [i.pk for i in esperados.informes if "fraude" in i.nombre_modelo]
    assert pagina.paginator.count == len(todos) == 40
    assert vistos == todos


def test_words_are_letters_and_digits_without_stop_words_and_bounded():
    assert palabras.palabras("El árbol_de  (decisión)!") == ["árbol", "decisión"]
    assert palabras.palabras("uno dos dos") == ["dos"]
    muchas = " ".join(f"p{i}" for i in range(50))
    assert len(palabras.palabras(muchas)) == limites.PALABRAS_BUSQUEDA


def test_fts5_query_quotes_every_word_as_a_stemmed_prefix():
    assert sqlite.consulta_fts5("Árboles fraude") == '"arbol"* AND "fraud"*'
    assert sqlite.consulta_fts5('a" OR b*') == '"or"* AND "b"*'
    assert sqlite.consulta_fts5('" * : ( NEAR') == '"near"*'
    assert sqlite.consulta_fts5("!():*") == ""
    # Snowball writes "-ente" for "-encia": the word itself is looked for too.
    assert sqlite.consulta_fts5("frecuencia") in (
        '"frecuenci"*',
        '("frecuent"* OR "frecuencia"*)',
    )


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    q=st.one_of(
        st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
        st.text(st.sampled_from("\"*-:()^&|!\\'<>{}[]+~ NEARORANDNOT_ªº²ʼː⑴½ŉ"), max_size=80),
    )
)
def test_search_box_never_fails_on_any_text(client, q):
    client.force_login(revisor())
    assert client.get(reverse("informes:lista"), {"q": q}).status_code == 200


# --- Filters and page numbers that no link writes.

VALORES_MALFORMADOS = ["²", "٣", "1" * 26, "-1", "0", "1.5", " 1", "abc", "1e5", "\x00", "9" * 5000]


@pytest.mark.parametrize("parametro", ["autor", "estado"])
@pytest.mark.parametrize("valor", VALORES_MALFORMADOS)
def test_a_malformed_filter_answers_400_with_the_list_and_a_message(client, parametro, valor):
    InformeFactory(nombre_modelo="Visible")
    client.force_login(revisor())
    respuesta = client.get(reverse("informes:lista"), {parametro: valor, "q": "Visible"})
    assert respuesta.status_code == 400
    mensaje = {
        "autor": selectors.MENSAJE_AUTOR_INVALIDO,
        "estado": selectors.MENSAJE_ESTADO_INVALIDO,
    }[parametro]
    assert str(mensaje) in respuesta.content.decode()
    # The list is still there, without the malformed filter.
    assert [i.nombre_modelo for i in respuesta.context["pagina"]] == ["Visible"]


@pytest.mark.parametrize("parametro", ["q", "orden", "vencidos", "page"])
@pytest.mark.parametrize("valor", [*VALORES_MALFORMADOS, "x" * 10_000, "'; --", "%00"])
def test_other_odd_list_parameters_are_ignored_sensibly(client, parametro, valor):
    InformeFactory(nombre_modelo="Visible")
    client.force_login(revisor())
    respuesta = client.get(reverse("informes:lista"), {parametro: valor})
    assert respuesta.status_code == 200


@pytest.mark.parametrize("valor", [*VALORES_MALFORMADOS, "x" * 10_000])
def test_queue_page_numbers_that_no_link_writes_show_a_page(client, valor):
    InformeFactory(estado=Estado.EN_REVISION)
    client.force_login(revisor())
    respuesta = client.get(reverse("revision:cola"), {"page": valor})
    assert respuesta.status_code == 200
    assert len(respuesta.context["pagina"].object_list) == 1


def test_valid_author_ids_only_ascii_digits_within_64_bits():
    assert selectors.id_valido("42") == 42
    assert selectors.id_valido(str(2**63 - 1)) == 2**63 - 1
    for malo in ["", "0", "²", "٣", str(2**63), "1" * 26, "-3", "+3", " 3"]:
        assert selectors.id_valido(malo) is None


# --- SQLite: the FTS5 index and its triggers.


def en_indice(q: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(sqlite.SQL_COINCIDENCIAS_FTS5, [sqlite.consulta_fts5(q)])
        return {fila[0] for fila in cursor.fetchall()}


def verificar_indice() -> None:
    """FTS5 compares its index with the report table and fails on any difference."""
    with connection.cursor() as cursor:
        cursor.execute(
            # rank 1: compare with the report table too ("database disk image is
            # malformed" when the index went stale).
            "INSERT INTO informes_informe_busqueda(informes_informe_busqueda, rank) "
            "VALUES ('integrity-check', 1)"
        )


@solo_sqlite
def test_triggers_keep_the_index_through_create_save_delete_and_new_version():
    informe = InformeFactory(nombre_modelo="Detector de fraude", descripcion_modelo="Árboles.")
    assert en_indice("fraude") == en_indice("arbol") == {informe.pk}
    verificar_indice()

    # The save service writes with a queryset .update(): SQL, which the triggers see.
    services.informe_guardar(
        informe=informe,
        editor=informe.autor,
        contador_esperado=informe.contador_cambios,
        campos={"nombre_modelo": "Pronóstico de demanda", "descripcion_modelo": "Redes."},
    )
    assert en_indice("fraude") == en_indice("arbol") == set()
    assert en_indice("demanda") == en_indice("red") == {informe.pk}
    verificar_indice()

    # A write that leaves the searched text alone leaves the index alone.
    Informe.objects.filter(pk=informe.pk).update(estado=Estado.APROBADO)
    informe = Informe.objects.get(pk=informe.pk)
    nueva = services.informe_nueva_version(informe=informe, usuario=informe.autor)
    assert en_indice("demanda") == {informe.pk, nueva.pk}
    verificar_indice()

    borrado = InformeFactory(nombre_modelo="Demanda de borrado")
    assert en_indice("demanda") == {informe.pk, nueva.pk, borrado.pk}
    Informe.objects.filter(pk=borrado.pk).delete()
    assert en_indice("demanda") == {informe.pk, nueva.pk}
    verificar_indice()


@solo_sqlite
def test_index_holds_words_only_as_their_reports_hold_them():
    uno = InformeFactory(nombre_modelo="Uno", descripcion_modelo="alfa beta")
    dos = InformeFactory(nombre_modelo="Dos", descripcion_modelo="beta gama")
    Informe.objects.filter(pk=uno.pk).update(descripcion_modelo="gama")
    assert en_indice("alfa") == set()
    assert en_indice("beta") == {dos.pk}
    assert en_indice("gama") == {uno.pk, dos.pk}
    verificar_indice()


@solo_sqlite
@pytest.mark.django_db(transaction=True)
def test_migrate_restores_triggers_a_table_rebuild_dropped():
    informe = InformeFactory(nombre_modelo="Detector de fraude")
    # SQLite changes a column by copying the table, which drops its triggers, as a
    # later migration of the report table would.
    with connection.schema_editor() as editor:
        editor._remake_table(Informe)
    try:
        Informe.objects.filter(pk=informe.pk).update(nombre_modelo="Pronóstico de demanda")
        assert en_indice("demanda") == set()

        call_command("migrate", verbosity=0)
    finally:
        sqlite.asegurar_indice_fts5()  # never leave later tests without triggers

    assert en_indice("demanda") == {informe.pk}
    Informe.objects.filter(pk=informe.pk).update(nombre_modelo="Otra cosa")
    assert en_indice("demanda") == set()
    verificar_indice()


# --- PostgreSQL: its Spanish configuration and its index.


@solo_postgres
def test_every_stop_word_left_out_is_one_postgres_leaves_out():
    with connection.cursor() as cursor:
        for palabra in sorted(palabras.PALABRAS_VACIAS):
            cursor.execute(
                "SELECT to_tsvector(%s::regconfig, informes_sin_tildes(%s))::text",
                [postgres.CONFIG_BUSQUEDA, palabra],
            )
            assert cursor.fetchone()[0] == "", palabra


@solo_postgres
@pytest.mark.parametrize("q", ["aː", "a⑴", "aʼb", "ŉ", "½", "ǃ", "a\\b", "'", "x'y"])
def test_postgres_query_stays_text_whatever_unaccent_makes_of_it(client, q):
    # unaccent turns these letters into ":", "(1)", "'"...: tsquery syntax.
    client.force_login(revisor())
    assert client.get(reverse("informes:lista"), {"q": q}).status_code == 200


@solo_postgres
def test_postgres_search_can_use_the_gin_index(corpus):
    consulta = (
        Informe.objects.alias(documento=postgres.vector_busqueda())
        .filter(documento=postgres.consulta_postgres("fraude"))
        .order_by()  # unordered: walking another index in its order is no evidence either way
        .values("pk")
    )
    sql, params = consulta.query.sql_with_params()
    with connection.cursor() as cursor:
        # Few rows make a sequential scan cheaper; forbid it to see that the
        # index matches the query's expression at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(fila[0] for fila in cursor.fetchall())
    assert "informe_busqueda_gin" in plan
