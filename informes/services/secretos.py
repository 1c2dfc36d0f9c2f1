"""An author marks a possible credential as a harmless example; the audit trail records it."""

from django.db import transaction
from django.utils import timezone

from .. import flujo
from ..flujo import Accion
from ..models import AccionAuditoria, Informe
from ..secretos import en_informe
from . import eventos
from .errores import MENSAJE_HALLAZGO_INEXISTENTE, DatoInvalido, InformeNoEditable
from .transiciones import exigir


@transaction.atomic
def secreto_marcar_inofensivo(*, informe: Informe, usuario, huella: str) -> dict:
    """Mark the finding ``huella`` of ``informe`` as a harmless example; returns it.

    Its authors may, while they may edit it. The mark is kept with the report
    (who, when, in which version) and shown to reviewers; the audit trail
    records it with the finding's masked excerpt, never its value. Marking it
    again changes nothing. The lock counter stays: an open form is not stale.
    Raises ``DatoInvalido`` when the report holds no such finding (any more).
    """
    exigir(informe, usuario, Accion.EDITAR)
    actual = Informe.objects.select_for_update().get(pk=informe.pk)
    encontrado = next(
        (u for u in en_informe.ubicados_de_informe(actual) if u.huella == huella), None
    )
    if encontrado is None:
        raise DatoInvalido(MENSAJE_HALLAZGO_INEXISTENTE)
    marcas = dict(actual.secretos_inofensivos or {})
    if huella in marcas:
        return en_informe.como_dict(encontrado, marcas)
    hallazgo = en_informe.como_dict(encontrado)
    marcas[huella] = {
        "usuario": usuario.get_username(),
        "momento": timezone.now().isoformat(),
        "version": actual.version,
        "campo": hallazgo["campo"],
        "tipo": hallazgo["tipo"],
    }
    # Only this column: a save running beside it keeps its own, and the counter.
    cambiadas = Informe.objects.filter(pk=actual.pk, estado__in=flujo.ESTADOS_EDITABLES).update(
        secretos_inofensivos=marcas
    )
    if cambiadas != 1:
        raise InformeNoEditable
    informe.secretos_inofensivos = marcas
    eventos.registrar(
        informe=actual,
        usuario=usuario,
        accion=AccionAuditoria.MARCAR_INOFENSIVO,
        estado_desde=actual.estado,
        estado_hasta=actual.estado,
        comentario=resumen(hallazgo),
    )
    return en_informe.como_dict(encontrado, marcas)


def resumen(hallazgo: dict) -> str:
    """One line for the audit trail: where, what, and the masked excerpt."""
    return f"«{en_informe.donde(hallazgo)}»: {hallazgo['descripcion']} ({hallazgo['extracto']})"
