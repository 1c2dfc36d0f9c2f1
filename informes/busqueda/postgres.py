"""PostgreSQL's search: Spanish full text on the GIN index of migration 0005.

Its pages read only the rows they show (``PorRamas``).
"""

from collections.abc import Sequence

from django.db.models import BooleanField, F, Func, Q, QuerySet, Subquery, TextField, Value
from django.db.models.expressions import RawSQL

from .palabras import palabras

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
    so the planner can use it; change both together (tests/busqueda/test_busqueda.py checks it).
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


class AutorEntre(Func):
    """``autor_id = ANY(ARRAY(subquery))``: the subquery runs once, and its ids
    can join the GIN index in one bitmap (``autor_id IN (subquery)`` cannot)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        columna, subconsulta = (compiler.compile(e) for e in self.get_source_expressions())
        return f"{columna[0]} = ANY(ARRAY{subconsulta[0]})", (*columna[1], *subconsulta[1])


class PorRamas:
    """PostgreSQL's search results, for the paginator: the text matches (GIN
    index) and the author's reports.

    A page: asked for the first ``n`` in ``orden``, each branch reads its matches
    once, with their sort columns, and keeps its top ``n``; only the page's rows
    are then read whole. Written as ``id IN (matches)``, PostgreSQL read every
    match twice (once for its id, once for its row) and sorted them all. Keeping
    the branches apart (not ``text OR author``) stops PostgreSQL from walking the
    whole table by date, computing every report's text vector to find a rare word.

    The count: one bitmap of both indexes (``autor_id = ANY(ARRAY(...))`` joins
    the author ids to the GIN bitmap), each match read once. With no LIMIT to
    reach early, the planner has no reason to walk the table there.
    """

    def __init__(self, filas: QuerySet, consulta, autores: QuerySet, orden: Sequence[str]):
        self.filas = filas  # how a page's rows are read: columns, related rows
        texto = filas.alias(documento=vector_busqueda())
        self.coincidencias = texto.filter(
            Q(documento=consulta) | Q(AutorEntre(F("autor_id"), Subquery(autores)))
        ).order_by()
        self.ramas = [
            texto.filter(documento=consulta).order_by(),
            filas.filter(autor_id__in=autores).order_by(),
        ]
        self.orden = tuple(orden)

    def count(self) -> int:
        return self.coincidencias.count()

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
