"""The list's search box on both engines: PostgreSQL full text and SQLite FTS5.

Both read the same words out of the box (letters and digits, Spanish stop words
left out, at most ``limites.PALABRAS_BUSQUEDA``) and match every word as a
prefix of a word of the model name or description, accents ignored both ways:

- PostgreSQL stems documents and words with its Spanish configuration, so
  plurals and word forms match ("árboles" finds "árbol"), served by the GIN
  index of migration 0005;
- SQLite keeps the words as written in an FTS5 index (migration 0009, kept by
  triggers); the query's words are stemmed here with the same Snowball Spanish
  algorithm before they become prefixes, which gives the same matches for
  plurals and word forms (tests/test_busqueda.py compares both on one corpus).

The author's user name, first or last name containing the whole text matches too.
"""

import re
import unicodedata
from collections.abc import Sequence

import snowballstemmer
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import BigIntegerField, Func, Q, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL

from . import limites

# --- What the user typed, as words.

# Letters and digits; FTS5's default tokenizer, PostgreSQL's parser and this
# pattern all split on the rest (punctuation, spaces, "_", query syntax).
PALABRA_RE = re.compile(r"[^\W_]+")

# Spanish function words that PostgreSQL's Spanish configuration drops from
# documents and queries alike (tests/test_busqueda.py checks each one there).
# SQLite drops them from the query too, or "de" would have to match somewhere.
PALABRAS_VACIAS = frozenset(
    """
    a al ante como con contra cuando de del desde donde e el en entre es esa ese eso
    esta estas este esto estos fue hasta la las le les lo los mi muy ni o para pero
    por que se sin sobre son su sus tu un una uno unos y ya
    """.split()  # noqa: SIM905
)

_estemizador = snowballstemmer.stemmer("spanish")


def sin_tildes(texto: str) -> str:
    """Lower case without diacritics ("Año" -> "ano"), as FTS5's remove_diacritics."""
    descompuesto = unicodedata.normalize("NFKD", texto.lower())
    return "".join(c for c in descompuesto if not unicodedata.combining(c))


def texto_limpio(q: str) -> str:
    """``q`` without control, format or unassigned characters (PostgreSQL refuses
    NUL), single-spaced and at most ``limites.LARGO_BUSQUEDA`` characters."""
    visibles = "".join(c for c in q[: 4 * limites.LARGO_BUSQUEDA] if _visible(c))
    return " ".join(visibles.split())[: limites.LARGO_BUSQUEDA]


def _visible(caracter: str) -> bool:
    return not unicodedata.category(caracter).startswith("C")


def palabras(q: str) -> list[str]:
    """The words a search looks for: letters and digits as typed, without the
    Spanish stop words, each once, at most ``limites.PALABRAS_BUSQUEDA``."""
    vistas = []
    for palabra in PALABRA_RE.findall(q):
        if sin_tildes(palabra) in PALABRAS_VACIAS or palabra in vistas:
            continue
        vistas.append(palabra)
    return vistas[: limites.PALABRAS_BUSQUEDA]


# --- SQLite: FTS5.

TABLA_FTS = "informes_informe_busqueda"


def raiz(palabra: str) -> str:
    """The Snowball Spanish stem of a word without accents ("arboles" -> "arbol");
    words with digits stay whole, as PostgreSQL keeps them."""
    return _estemizador.stemWord(palabra) if palabra.isalpha() else palabra


def _cadena_fts(texto: str) -> str:
    # An FTS5 string: whatever it holds is text to tokenize, never query syntax.
    return '"' + texto.replace('"', '""') + '"'


def consulta_fts5(q: str) -> str:
    """An FTS5 query where every word of ``q`` is a prefix, stemmed as Spanish:
    "Árboles fraude" -> '"arbol"* AND "fraud"*'. Empty when ``q`` has no words.

    A stem is nearly always the start of the word; when it is not (Snowball
    writes "-ente" for "-encia"), the word itself is looked for as well.
    """
    terminos = []
    for palabra in palabras(q):
        llana = sin_tildes(palabra)
        base = raiz(llana)
        if llana.startswith(base):
            terminos.append(_cadena_fts(base) + "*")
        else:
            terminos.append(f"({_cadena_fts(base)}* OR {_cadena_fts(llana)}*)")
    return " AND ".join(terminos)


SQL_COINCIDENCIAS_FTS5 = (
    "SELECT rowid FROM informes_informe_busqueda WHERE informes_informe_busqueda MATCH %s"
)


# --- PostgreSQL: full text with the Spanish configuration.

CONFIG_BUSQUEDA = "spanish"
CAMPOS_BUSQUEDA = ("nombre_modelo", "descripcion_modelo")


class SinTildes(Func):
    """``informes_sin_tildes(text)``: unaccent, declared immutable so an index may use it.

    Migration 0005 creates the function on PostgreSQL (as the identity where the
    unaccent extension cannot be installed).
    """

    function = "informes_sin_tildes"
    output_field = TextField()


def vector_busqueda():
    """The full-text document of a report: its model name and description, in
    Spanish. The GIN index of migration 0005 is built from this very expression,
    so the planner can use it; change both together (tests/test_busqueda.py checks it).
    """
    from django.contrib.postgres.search import SearchVector

    return SearchVector(*(SinTildes(c) for c in CAMPOS_BUSQUEDA), config=CONFIG_BUSQUEDA)


class PrefijoCitado(Func):
    """``'<word without accents>':*`` as tsquery text.

    Quoted after unaccent has run: unaccent turns some letters into query syntax
    ("ː" into ":", "⑴" into "(1)"), which inside a quoted operand is plain text.
    """

    template = (
        r"'''' || replace(replace(informes_sin_tildes(%(expressions)s), '\', '\\'), "
        r"'''', '''''') || ''':*'"
    )
    output_field = TextField()


class Conjuncion(Func):
    """The operands joined with tsquery's AND."""

    template = "%(expressions)s"
    arg_joiner = " || ' & ' || "
    output_field = TextField()


def consulta_postgres(q: str):
    """A tsquery where every word of ``q`` matches as a prefix, or None without words."""
    from django.contrib.postgres.search import SearchQuery

    lista = palabras(q)
    if not lista:
        return None
    texto = Conjuncion(*(PrefijoCitado(Value(p)) for p in lista))
    return SearchQuery(texto, config=CONFIG_BUSQUEDA, search_type="raw")


# --- Both.


def _autores_que_coinciden(q: str) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
        .values("pk")
    )


class SinIndice(Func):
    """``+column``: the same value, which SQLite then will not look up by index."""

    template = "+%(expressions)s"
    output_field = BigIntegerField()


def buscar(informes: QuerySet, q: str, orden: Sequence[str] = ("-actualizado", "-pk")):
    """The reports of ``informes`` whose model name or description has every word
    of ``q`` (as a prefix), or whose author's names contain ``q``, sorted by
    ``orden``: something with ``count()`` and slices, for the paginator.

    The cost of a page follows the reports it shows, not the reports that match
    (bench/README.md has the figures at 1,000 and 10,000 reports):

    - SQLite: the matches are a set of ids read from the FTS5 index and the
      author index alone. Sorted by last change (the default), the page walks that
      column's index and keeps the ids in the set (``+id`` stops SQLite from
      reading every matching row to sort them), and the count walks the smallest
      index: no report row is read but the 25 shown.
    - PostgreSQL: see ``PorRamas``.
    """
    from .models import Informe

    q = texto_limpio(q)
    if not q:
        return informes.order_by(*orden)
    autores = _autores_que_coinciden(q)
    if connection.vendor == "postgresql":
        consulta = consulta_postgres(q)
        if consulta is None:
            return informes.filter(autor_id__in=autores).order_by(*orden)
        texto = informes.alias(documento=vector_busqueda()).filter(documento=consulta)
        return PorRamas(informes, [texto, informes.filter(autor_id__in=autores)], orden)
    consulta = consulta_fts5(q)
    if not consulta:
        return informes.filter(autor_id__in=autores).order_by(*orden)
    de_autores = Informe.objects.filter(autor_id__in=autores).order_by().values("pk")
    sql, parametros = de_autores.query.sql_with_params()
    # Inside IN, duplicates do not matter: UNION ALL spares SQLite a sort.
    # The user's text is only ever a parameter; sql is Django's own.
    sql = SQL_COINCIDENCIAS_FTS5 + " UNION ALL " + sql  # noqa: S608
    ids = RawSQL(sql, (consulta, *parametros))  # noqa: S611
    if orden and orden[0].removeprefix("-") == "actualizado":
        informes = informes.alias(id_buscado=SinIndice("pk")).filter(id_buscado__in=ids)
    else:
        # No index gives this order: read the matching rows by id and sort them.
        informes = informes.filter(pk__in=ids)
    return informes.order_by(*orden)


class PorRamas:
    """PostgreSQL's search results: the text matches (GIN index) and the author's
    reports, each a query of its own, for the paginator.

    Asked for the first ``n`` in ``orden``, each branch reads its matches once,
    with their sort columns, straight from its index, and keeps the top ``n``; only
    the page's rows are then read whole. Writing the search as ``id IN (matches)``
    instead made PostgreSQL read every match twice (once for its id, once for
    its row) and sort them all: 1.66 times slower at 10,000 reports than at 1,000
    for a broad search, against about 1.1 this way. Keeping the branches apart
    (not ``text OR author``) stops PostgreSQL from walking the whole table by
    date and computing every report's text vector to find a rare word.
    """

    def __init__(self, filas: QuerySet, ramas: list[QuerySet], orden: Sequence[str]):
        self.filas = filas  # how a page's rows are read: columns, related rows
        self.ramas = [r.order_by() for r in ramas]
        self.orden = tuple(orden)

    def count(self) -> int:
        primera, *otras = (r.values("pk") for r in self.ramas)
        return primera.union(*otras).count()

    def _primeros(self, n: int) -> RawSQL:
        columnas = ["pk", *(c.removeprefix("-") for c in self.orden if c.lstrip("-") != "pk")]
        primera, *otras = (r.values(*columnas) for r in self.ramas)
        # UNION, not UNION ALL: a report in both branches takes one place.
        primeros = primera.union(*otras).order_by(*self.orden)[:n]
        sql, parametros = primeros.query.sql_with_params()
        sql = "SELECT primeros.pk FROM (" + sql + ") primeros"  # noqa: S608
        return RawSQL(sql, parametros)  # noqa: S611

    def __getitem__(self, corte: slice):
        if not isinstance(corte, slice) or corte.stop is None:
            raise TypeError("PorRamas gives pages only: slices with an end.")
        if corte.stop <= (corte.start or 0):
            return self.filas.none()  # An empty page: no query at all.
        pagina = self.filas.filter(pk__in=self._primeros(corte.stop)).order_by(*self.orden)
        return pagina[corte]


# --- SQLite: the index and the triggers that keep it.

# External content: the index holds only the words; the rows stay in the report
# table, and the triggers below feed the index every insert, update and delete
# made in SQL (queryset .update() and .delete() included). remove_diacritics 2
# folds accents both in documents and in queries; the 2- and 3-letter prefix
# indexes keep short prefixes ("cl", "red") as cheap as whole words.
SQL_INDICE_FTS5 = """
CREATE VIRTUAL TABLE IF NOT EXISTS informes_informe_busqueda USING fts5(
    nombre_modelo, descripcion_modelo,
    content='informes_informe', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
)
"""
_FILA_NUEVA = """
    INSERT INTO informes_informe_busqueda(rowid, nombre_modelo, descripcion_modelo)
    VALUES (new.id, new.nombre_modelo, new.descripcion_modelo);
"""
_FILA_VIEJA = """
    INSERT INTO informes_informe_busqueda(
        informes_informe_busqueda, rowid, nombre_modelo, descripcion_modelo
    ) VALUES ('delete', old.id, old.nombre_modelo, old.descripcion_modelo);
"""
DISPARADORES_FTS5 = {
    "informes_informe_busqueda_insertar": (
        "CREATE TRIGGER IF NOT EXISTS informes_informe_busqueda_insertar "
        "AFTER INSERT ON informes_informe BEGIN" + _FILA_NUEVA + "END"
    ),
    "informes_informe_busqueda_borrar": (
        "CREATE TRIGGER IF NOT EXISTS informes_informe_busqueda_borrar "
        "AFTER DELETE ON informes_informe BEGIN" + _FILA_VIEJA + "END"
    ),
    # Only when the searched text changes: a save that touches other fields
    # (a transition, the lock counter) leaves the index alone.
    "informes_informe_busqueda_cambiar": (
        "CREATE TRIGGER IF NOT EXISTS informes_informe_busqueda_cambiar "
        "AFTER UPDATE OF id, nombre_modelo, descripcion_modelo ON informes_informe "
        "WHEN old.id IS NOT new.id OR old.nombre_modelo IS NOT new.nombre_modelo "
        "OR old.descripcion_modelo IS NOT new.descripcion_modelo "
        "BEGIN" + _FILA_VIEJA + _FILA_NUEVA + "END"
    ),
}
SQL_RECONSTRUIR_FTS5 = (
    "INSERT INTO informes_informe_busqueda(informes_informe_busqueda) VALUES ('rebuild')"
)


def crear_indice_fts5(cursor) -> None:
    """Create the FTS5 index and its triggers (those missing) and fill the index
    from the report table."""
    cursor.execute(SQL_INDICE_FTS5)
    for sql in DISPARADORES_FTS5.values():
        cursor.execute(sql)
    cursor.execute(SQL_RECONSTRUIR_FTS5)


def quitar_indice_fts5(cursor) -> None:
    for nombre in DISPARADORES_FTS5:
        cursor.execute("DROP TRIGGER IF EXISTS " + nombre)
    cursor.execute("DROP TABLE IF EXISTS informes_informe_busqueda")


def asegurar_indice_fts5(using="default", **kwargs) -> None:
    """After every migrate on SQLite: the triggers exist and the index is whole.

    SQLite changes a column by copying the table into a new one, which drops the
    table's triggers; a later migration that alters the report table would leave
    the index stale. Where the index exists but a trigger is missing, both are
    made again from the table. Before migration 0009 (no index), nothing happens.
    """
    from django.db import connections

    conexion = connections[using]
    if conexion.vendor != "sqlite":
        return
    with conexion.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s",
            (f"{TABLA_FTS}%",),
        )
        existentes = {fila[0] for fila in cursor.fetchall()}
        if TABLA_FTS in existentes and not existentes.issuperset(DISPARADORES_FTS5):
            crear_indice_fts5(cursor)
