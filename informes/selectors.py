"""Reads shared by several views.

Every page query here costs a fixed number of SQL queries whatever the number of
reports (see tests/views/test_consulta_volumen.py), and the indexes of migration
0005_indices_volumen serve their filters and sort orders.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import flujo, policy
from .busqueda import buscar
from .busqueda.postgres import PorRamas
from .models import AccionAuditoria, ComentarioRevision, Estado, EventoAuditoria, Informe

# Sort keys the list page accepts, and the columns they sort by.
ORDENES = {
    "modelo": ("nombre_modelo", "pk"),
    "version": ("version", "pk"),
    "estado": ("estado", "pk"),
    "autor": ("autor__last_name", "autor__first_name", "autor__username", "pk"),
    "actualizado": ("actualizado", "pk"),
}
ORDEN_PREDETERMINADO = "-actualizado"
# Ids as both databases store them (64-bit); SQLite cannot even compare a larger one.
ID_MAXIMO = 2**63 - 1
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


MENSAJE_AUTOR_INVALIDO = _("El filtro «Autor» no es válido; se muestran los informes de todos.")
MENSAJE_ESTADO_INVALIDO = _("El filtro «Estado» no es válido; se muestran todos los estados.")


@dataclass(frozen=True)
class Filtrado:
    """The list's query, the sort it uses, and a message for each malformed filter
    (such as ``?autor=²``, which no link or form of the app writes) left out."""

    informes: QuerySet[Informe] | PorRamas
    orden: str
    errores: tuple[str, ...] = ()


def id_valido(texto: str) -> int | None:
    """``texto`` as a row id, or None unless it is 1 to ``ID_MAXIMO`` in ASCII digits."""
    texto = str(texto)
    # str.isdigit accepts "²" and "٣", and SQLite overflows past 64 bits.
    if not (texto.isascii() and texto.isdigit()) or len(texto) > len(str(ID_MAXIMO)):
        return None
    valor = int(texto)
    return valor if 1 <= valor <= ID_MAXIMO else None


def informes_para(user) -> QuerySet[Informe]:
    """The reports ``user`` may see, with what the list page shows."""
    return policy.informes_visibles(user).select_related("autor")


def informe_para_detalle(pk: int) -> Informe:
    """A report with every related row: what its form, exports and history read."""
    return get_object_or_404(
        Informe.objects.select_related("autor", "aprobado_por", "archivo_pdf").prefetch_related(
            "coautores", "bibliotecas", "rutas", "variables_entorno", "diagramas"
        ),
        pk=pk,
    )


def informe_para_pagina(pk: int) -> Informe:
    """A report with what its detail page shows around the sections: authors, approver
    and archive. Its rows are read only when the sections are not cached
    (``presentacion.detalle``), so a page costs the same queries whatever it lists."""
    enviado = EventoAuditoria.objects.filter(informe=OuterRef("pk"), accion=AccionAuditoria.ENVIAR)
    informe = get_object_or_404(
        Informe.objects.select_related("autor", "aprobado_por", "archivo_pdf")
        .prefetch_related("coautores")
        .annotate(enviado_alguna_vez=Exists(enviado)),
        pk=pk,
    )
    informe._fue_enviado = informe.enviado_alguna_vez  # read by policy.fue_enviado
    return informe


def informes_filtrados(
    user,
    *,
    q: str = "",
    estado: str = "",
    autor: str = "",
    orden: str = "",
    vencidos: bool = False,
) -> Filtrado:
    """The list page's reports: visible ones searched, filtered and sorted, with
    the columns of ``COLUMNAS_FILA`` only, ready for the paginator.

    ``q`` searches model name, description and author (``busqueda.buscar``);
    ``estado`` and ``autor`` (a user id) filter, and are left out with a message
    when malformed; ``vencidos`` keeps approved reports past their next review
    date; ``orden`` is a key of ``ORDENES``, "-" first for descending, the
    default sort when unknown (the column headers show the sort used).
    """
    informes = informes_para(user)
    errores = []
    if estado in flujo.VISIBLES:
        informes = informes.filter(estado=estado)
    elif estado:
        errores.append(MENSAJE_ESTADO_INVALIDO)
    autor_id = id_valido(autor)
    if autor_id is not None:
        informes = informes.filter(autor_id=autor_id)
    elif autor:
        errores.append(MENSAJE_AUTOR_INVALIDO)
    if vencidos:
        informes = solo_vencidos(informes)
    clave = (orden or "").removeprefix("-")
    if clave not in ORDENES:
        orden, clave = ORDEN_PREDETERMINADO, ORDEN_PREDETERMINADO.removeprefix("-")
    signo = "-" if orden.startswith("-") else ""
    columnas = [signo + c for c in ORDENES[clave]]
    informes = buscar(informes.only(*COLUMNAS_FILA), q, columnas)
    return Filtrado(informes, orden, tuple(errores))


def autores_visibles(user):
    """Authors of the reports ``user`` may see, for the list's filter."""
    ids = policy.informes_visibles(user).values("autor_id")
    usuarios = get_user_model().objects.filter(pk__in=ids)
    return usuarios.order_by("last_name", "first_name", "username")


def solo_vencidos(informes: QuerySet[Informe]) -> QuerySet[Informe]:
    """Approved reports whose next review date has passed."""
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


def comentarios_de(informe: Informe) -> list[ComentarioRevision]:
    """A report's review threads, oldest first: each first comment with its replies in
    ``hilo`` (oldest first), authors included, in one query whatever they hold."""
    todos = list(
        ComentarioRevision.objects.filter(informe=informe).select_related("autor", "resuelto_por")
    )
    raices = {c.pk: c for c in todos if c.respuesta_a_id is None}
    for raiz in raices.values():
        raiz.hilo = []
    for comentario in todos:
        if comentario.respuesta_a_id in raices:
            raices[comentario.respuesta_a_id].hilo.append(comentario)
    return list(raices.values())
