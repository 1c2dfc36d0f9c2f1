"""What a page copies into its hidden inputs after a JSON save: its lock counter and its base.

The base (``auditoria.huellas``) must describe what the page shows: after a
save, what was stored (the merge's result included); after an upload or a
removal of a diagram, only when the page was up to date (what is stored is then
its base with that one change). Answered otherwise, the stored base would hide
from the next merge whatever another editor saved meanwhile.
"""

from .. import auditoria
from ..models import Informe


def ocultos(informe: Informe, base: str) -> dict[str, str]:
    """The hidden inputs' new values: name → value."""
    return {"contador_cambios": str(informe.contador_cambios), "base": base}


def ocultos_de(informe: Informe) -> dict[str, str]:
    """The same for what is stored now (a report just created), read fresh."""
    fresco = Informe.objects.get(pk=informe.pk)
    return ocultos(fresco, auditoria.token_de(auditoria.contenido(fresco)))
