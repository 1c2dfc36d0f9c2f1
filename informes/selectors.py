"""Reads shared by several views.

Every page query here costs a fixed number of SQL queries whatever the number of
reports (see tests/test_volumen.py), and the indexes of migration
0005_indices_volumen serve their filters and sort orders.
"""

import re

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F, Func, Q, QuerySet, TextField, Value

from . import policy
from .models import ComentarioRevision, Estado, Informe

# Sort keys the list page accepts, and the columns they sort by.
ORDENES = {
    "modelo": ("nombre_modelo", "pk"),
    "version": ("version", "pk"),
    "estado": ("estado", "pk"),
    "autor": ("autor__last_name", "autor__first_name", "autor__username", "pk"),
    "actualizado": ("actualizado", "pk"),
}
ORDEN_PREDETERMINADO = "-actualizado"
LARGO_BUSQUEDA = 200
# The columns a row of the list or the queue shows. Reading only these keeps the
# rows that a sort or a page moves small, whatever the reports hold.
COLUMNAS_FILA = (
    "nombre_modelo",
    "version",
    "estado",
    "actualizado",
    "enviado_en",
    "proxima_revision",
    "autor__username",
    "autor__first_name",
    "autor__last_name",
)


def informes_para(user) -> QuerySet[Informe]:
    """The reports ``user`` may see, with what the list page shows."""
    return policy.informes_visibles(user).select_related("autor")


def informe_para_detalle(pk: int) -> Informe:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Informe.objects.select_related("autor", "aprobado_por", "archivo_pdf").prefetch_related(
            "coautores", "bibliotecas", "rutas", "variables_entorno", "diagramas"
        ),
        pk=pk,
    )


def informes_filtrados(
    user, *, q: str = "", estado: str = "", autor: str = "", orden: str = ""
) -> tuple[QuerySet[Informe], str]:
    """The list page's query: visible reports searched, filtered and sorted, with
    the columns of ``COLUMNAS_FILA`` only.

    ``q`` searches model name, description and author; ``estado`` and ``autor``
    (a user id) filter; ``orden`` is a key of ``ORDENES``, "-" first for
    descending. Unknown values are ignored. Returns the query and the sort used.
    """
    informes = informes_para(user)
    q = (q or "").strip()[:LARGO_BUSQUEDA]
    if q:
        informes = buscar(informes, q)
    if estado in Estado.values:
        informes = informes.filter(estado=estado)
    if str(autor).isdigit():
        informes = informes.filter(autor_id=int(autor))
    clave = (orden or "").removeprefix("-")
    if clave not in ORDENES:
        orden, clave = ORDEN_PREDETERMINADO, ORDEN_PREDETERMINADO.removeprefix("-")
    signo = "-" if orden.startswith("-") else ""
    informes = informes.only(*COLUMNAS_FILA)
    return informes.order_by(*(signo + c for c in ORDENES[clave])), orden


class SinTildes(Func):
    """``informes_sin_tildes(text)``: unaccent, declared immutable so an index may use it.

    Migration 0005 creates the function on PostgreSQL (as the identity where the
    unaccent extension cannot be installed).
    """

    function = "informes_sin_tildes"
    output_field = TextField()


# The full-text document of a report: its model name and description, in Spanish.
# The GIN index of migration 0005 is built from this very expression, so the
# planner can use it; change both together (tests/test_busqueda.py checks it).
CONFIG_BUSQUEDA = "spanish"
CAMPOS_BUSQUEDA = ("nombre_modelo", "descripcion_modelo")


def vector_busqueda():
    from django.contrib.postgres.search import SearchVector

    return SearchVector(*(SinTildes(c) for c in CAMPOS_BUSQUEDA), config=CONFIG_BUSQUEDA)


def consulta_prefijos(q: str) -> str:
    """A tsquery where every word of ``q`` matches as a prefix: "alf red" -> "alf:* & red:*".

    Only word characters reach it, so no input can inject tsquery syntax.
    """
    palabras = re.findall(r"\w+", q)
    return " & ".join(f"{p}:*" for p in palabras)


def _autores_que_coinciden(q: str) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
        .values("pk")
    )


def buscar(informes: QuerySet[Informe], q: str) -> QuerySet[Informe]:
    """Reports whose model name or description matches ``q``, or whose author does.

    PostgreSQL: full-text search with the Spanish configuration, accents ignored,
    every word as a prefix, served by a GIN index. Elsewhere (SQLite): a plain
    case-insensitive substring search.
    """
    autores = _autores_que_coinciden(q)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        de_autores = Informe.objects.filter(autor_id__in=autores).order_by().values("pk")
        prefijos = consulta_prefijos(q)
        if not prefijos:
            return informes.filter(pk__in=de_autores)
        consulta = SearchQuery(
            SinTildes(Value(prefijos)), config=CONFIG_BUSQUEDA, search_type="raw"
        )
        por_texto = (
            Informe.objects.alias(documento=vector_busqueda())
            .filter(documento=consulta)
            .order_by()
            .values("pk")
        )
        # A UNION of two indexed lookups: the GIN index for the text, the author
        # index for the authors. An OR of the two would scan the whole table.
        return informes.filter(pk__in=por_texto.union(de_autores))
    return informes.filter(
        Q(nombre_modelo__icontains=q) | Q(descripcion_modelo__icontains=q) | Q(autor_id__in=autores)
    )


def autores_visibles(user):
    """Authors of the reports ``user`` may see, for the list's filter."""
    ids = policy.informes_visibles(user).values("autor_id")
    usuarios = get_user_model().objects.filter(pk__in=ids)
    return usuarios.order_by("last_name", "first_name", "username")


def solo_vencidos(informes: QuerySet[Informe]) -> QuerySet[Informe]:
    """Approved reports whose next review date has passed."""
    from django.utils import timezone

    return informes.filter(estado=Estado.APROBADO, proxima_revision__lt=timezone.localdate())


def cola_revision() -> QuerySet[Informe]:
    """Reports waiting for a reviewer, the longest waiting first."""
    return (
        Informe.objects.filter(estado=Estado.EN_REVISION)
        .select_related("autor")
        .only(*COLUMNAS_FILA)
        .order_by(F("enviado_en").asc(nulls_first=True), "pk")
    )


def versiones_de(serie) -> QuerySet[Informe]:
    """Every version of a series, oldest first, with what the policy needs."""
    return (
        Informe.objects.filter(serie=serie)
        .select_related("autor")
        .prefetch_related("coautores")
        .order_by("version")
    )


def comentarios_de(informe: Informe):
    """A report's review comments, oldest first, with their authors."""
    return ComentarioRevision.objects.filter(informe=informe).select_related(
        "autor", "resuelto_por"
    )
