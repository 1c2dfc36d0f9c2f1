"""SQLite's search: the FTS5 index of migration 0009, its triggers and its queries.

The index covers the model name and the description, accents removed.
"""

from collections.abc import Sequence

from django.db import connections
from django.db.models import BigIntegerField, Func, QuerySet
from django.db.models.expressions import RawSQL

from ..models import Informe
from .palabras import palabras, raiz, sin_tildes

TABLA_FTS = "informes_informe_busqueda"


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


class SinIndice(Func):
    """``+column``: the same value, which SQLite then will not look up by index."""

    template = "+%(expressions)s"
    output_field = BigIntegerField()


def buscar_en_fts5(informes: QuerySet, consulta: str, autores: QuerySet, orden: Sequence[str]):
    """The reports of ``informes`` that match the FTS5 ``consulta`` or are by one
    of ``autores``, sorted by ``orden``.

    The matches are a set of ids read from the FTS5 index and the author index
    alone. Sorted by last change (the default), the page walks that column's
    index and keeps the ids in the set (``+id`` stops SQLite from reading every
    matching row to sort them), and the count walks the smallest index: no
    report row is read but those shown.
    """
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


# --- The index and the triggers that keep it.

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
