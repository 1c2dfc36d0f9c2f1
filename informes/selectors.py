"""Reads shared by several views."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from .models import Estado, Informe

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


def informes_para(user) -> QuerySet[Informe]:
    """The reports ``user`` may see, with what the list page shows."""
    return Informe.objects.visibles_para(user).select_related("autor")


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
    """The list page's query: visible reports searched, filtered and sorted.

    ``q`` searches model name, description and author; ``estado`` and ``autor``
    (a user id) filter; ``orden`` is a key of ``ORDENES``, "-" first for
    descending. Unknown values are ignored. Returns the query and the sort used.
    """
    informes = informes_para(user)
    q = (q or "").strip()[:LARGO_BUSQUEDA]
    if q:
        informes = informes.filter(
            Q(nombre_modelo__icontains=q)
            | Q(descripcion_modelo__icontains=q)
            | Q(autor__username__icontains=q)
            | Q(autor__first_name__icontains=q)
            | Q(autor__last_name__icontains=q)
        )
    if estado in Estado.values:
        informes = informes.filter(estado=estado)
    if str(autor).isdigit():
        informes = informes.filter(autor_id=int(autor))
    clave = (orden or "").removeprefix("-")
    if clave not in ORDENES:
        orden, clave = ORDEN_PREDETERMINADO, ORDEN_PREDETERMINADO.removeprefix("-")
    signo = "-" if orden.startswith("-") else ""
    return informes.order_by(*(signo + c for c in ORDENES[clave])), orden


def autores_visibles(user):
    """Authors of the reports ``user`` may see, for the list's filter."""
    ids = Informe.objects.visibles_para(user).values("autor_id")
    usuarios = get_user_model().objects.filter(pk__in=ids)
    return usuarios.order_by("last_name", "first_name", "username")


def solo_vencidos(informes: QuerySet[Informe]) -> QuerySet[Informe]:
    """Approved reports whose next review date has passed."""
    from django.utils import timezone

    from .models import Estado

    return informes.filter(estado=Estado.APROBADO, proxima_revision__lt=timezone.localdate())


def cola_revision() -> QuerySet[Informe]:
    """Reports waiting for a reviewer, the longest waiting first."""
    from django.db.models import F

    from .models import Estado

    return (
        Informe.objects.filter(estado=Estado.EN_REVISION)
        .select_related("autor")
        .order_by(F("enviado_en").asc(nulls_first=True), "pk")
    )


def historial_de(informe: Informe):
    """Every audit entry of the report's series, newest first, in two queries at most."""
    from .models import EventoAuditoria

    return (
        EventoAuditoria.objects.filter(serie=informe.serie)
        .select_related("usuario")
        .order_by("-momento", "-pk")
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
    from .models import ComentarioRevision

    return ComentarioRevision.objects.filter(informe=informe).select_related(
        "autor", "resuelto_por"
    )
