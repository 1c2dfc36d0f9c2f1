"""Reads shared by several views."""

from django.db.models import QuerySet

from .models import Informe


def informes_para(user) -> QuerySet[Informe]:
    """The reports ``user`` may see, with what the list page shows."""
    return Informe.objects.visibles_para(user).select_related("autor")


def informe_para_detalle(pk: int) -> Informe:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Informe.objects.select_related("autor").prefetch_related(
            "coautores", "bibliotecas", "rutas", "variables_entorno", "diagramas"
        ),
        pk=pk,
    )


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
