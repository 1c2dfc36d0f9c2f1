"""Entries of the audit trail, appended inside the caller's transaction; never changed."""

from .. import auditoria
from ..models import AccionAuditoria, EventoAuditoria, Informe


def registrar(
    *,
    informe: Informe,
    usuario,
    accion: str,
    estado_desde: str = "",
    estado_hasta: str = "",
    comentario: str = "",
    cambios: list[dict] | None = None,
    automatico: bool = False,
) -> EventoAuditoria:
    """Append one entry to the report's trail (``automatico``: an autosave's)."""
    return EventoAuditoria.objects.create(
        informe=informe,
        serie=informe.serie,
        version=informe.version,
        usuario=usuario if usuario is not None and usuario.is_authenticated else None,
        accion=accion,
        estado_desde=estado_desde,
        estado_hasta=estado_hasta,
        comentario=comentario,
        cambios=cambios or [],
        automatico=automatico,
    )


def registrar_guardado(
    *,
    informe: Informe,
    usuario,
    antes: dict,
    despues: dict,
    comentario: str = "",
    automatico: bool = False,
) -> EventoAuditoria | None:
    """Record a content save with its field-level changes; nothing when nothing changed.

    Call it inside the saving transaction with ``antes = instantanea(informe)``
    taken before the write and ``despues = instantanea(informe)`` after it.
    """
    cambios = auditoria.diferencias(antes, despues)
    if not cambios:
        return None
    return registrar(
        informe=informe,
        usuario=usuario,
        accion=AccionAuditoria.GUARDAR,
        estado_desde=informe.estado,
        estado_hasta=informe.estado,
        comentario=comentario,
        cambios=cambios,
        automatico=automatico,
    )
