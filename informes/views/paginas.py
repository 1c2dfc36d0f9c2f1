"""What the detail and edit pages show beside a report: sections, completeness, review."""

from .. import completitud, policy, presentacion, selectors
from ..models import Estado, Informe, RondaRevision


def contexto_revision(informe: Informe) -> dict:
    """The review's part of a report's pages: its comments, the versions of its series,
    and whether it was ever sent to review (its rounds can then be compared)."""
    versiones = list(
        Informe.objects.filter(serie=informe.serie)
        .exclude(estado=Estado.DESCARTADO)
        .order_by("version")
        .values("pk", "version")
    )
    return {
        "comentarios": list(selectors.comentarios_de(informe)),
        "versiones": versiones,
        "rondas": RondaRevision.objects.filter(informe_id=informe.pk).exists(),
    }


def contexto_detalle(request, informe: Informe, **extra) -> dict:
    """Everything the detail page shows of ``informe`` to the requesting user."""
    return {
        "informe": informe,
        "secciones": presentacion.secciones(informe),
        "completitud": completitud.por_seccion(informe),
        "acciones": policy.acciones_permitidas(informe, request.user),
        **contexto_revision(informe),
        **extra,
    }
