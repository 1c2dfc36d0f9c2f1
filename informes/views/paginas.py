"""What the detail and edit pages show beside a report: sections, completeness, review."""

from .. import policy, presentacion, selectors
from ..models import Informe


def contexto_revision(informe: Informe) -> dict:
    """The review's part of a report's pages: its comments and the versions of its series."""
    versiones = list(
        Informe.objects.filter(serie=informe.serie).order_by("version").values("pk", "version")
    )
    return {"comentarios": list(selectors.comentarios_de(informe)), "versiones": versiones}


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
        "acciones": policy.acciones_permitidas(informe, request.user),
        **contexto_revision(informe),
        **extra,
    }
