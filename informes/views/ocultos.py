"""What a page copies into its hidden inputs after a JSON save: its lock counter and its base.

The base (``auditoria.huellas``) must describe what the page shows: after a
save, what was stored (the merge's result included); after an upload, the
base the page posted plus the new diagram, since an upload stores the diagram
and nothing the page typed. An upload answered with the stored base instead
would hide from the next merge whatever another editor saved meanwhile.
"""

from .. import auditoria
from ..models import Diagrama, Informe


def ocultos(informe: Informe, base: str) -> dict[str, str]:
    """The hidden inputs' new values: name → value."""
    return {"contador_cambios": str(informe.contador_cambios), "base": base}


def ocultos_de(informe: Informe) -> dict[str, str]:
    """The same for what is stored now (a report just created), read fresh."""
    fresco = Informe.objects.get(pk=informe.pk)
    return ocultos(fresco, auditoria.token_de(auditoria.contenido(fresco)))


def ocultos_tras_subida(datos, informe: Informe, diagrama: Diagrama) -> dict[str, str]:
    """After ``diagrama`` was uploaded from a page that posted ``datos`` (its hidden inputs).

    Without a base posted, the stored one: a page that sends none merges as before.
    """
    base = auditoria.Base.leer(datos.get("base"))
    if base is None:
        return ocultos_de(informe)
    fila = {"pk": diagrama.pk, "titulo": diagrama.titulo, "leyenda": diagrama.leyenda}
    return ocultos(Informe.objects.get(pk=informe.pk), base.con_fila("diagramas", fila).token())
