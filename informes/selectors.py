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
