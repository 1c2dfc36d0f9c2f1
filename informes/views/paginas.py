"""What the detail and edit pages show beside a report: sections, completeness, review."""

from django.db.models import Exists, OuterRef

from .. import policy, presentacion, selectors
from ..models import Estado, Informe, RondaRevision
from ..secretos import en_informe


def contexto_revision(informe: Informe) -> dict:
    """The review's part of a report's pages: its comments, the versions of its series,
    and whether it was ever sent to review (its rounds can then be compared)."""
    rondas = RondaRevision.objects.filter(informe_id=OuterRef("pk"))
    versiones = list(
        Informe.objects.filter(serie=informe.serie)
        .exclude(estado=Estado.DESCARTADO)
        .order_by("version")
        .values("pk", "version", con_rondas=Exists(rondas))
    )
    return {
        "comentarios": selectors.comentarios_de(informe),
        "versiones": versiones,
        "rondas": any(v["con_rondas"] for v in versiones if v["pk"] == informe.pk),
    }


def contexto_detalle(request, informe: Informe, **extra) -> dict:
    """Everything the detail page shows of ``informe`` to the requesting user.

    The sections' bodies and their completeness are the same for every reader
    and come from the shared cache (``presentacion.detalle``); the buttons, the
    comments and their forms are rendered around them for this user.
    """
    contenido = presentacion.detalle(informe)
    return {
        "informe": informe,
        "secciones": contenido.secciones,
        "completitud": contenido.completitud,
        "secretos": en_informe.recortar(
            en_informe.con_marcas(contenido.hallazgos, informe.secretos_inofensivos)
        ),
        "acciones": policy.acciones_permitidas(informe, request.user),
        **contexto_revision(informe),
        **extra,
    }
