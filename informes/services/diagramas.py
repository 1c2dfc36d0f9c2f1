"""Diagrams stored as soon as they are chosen, and removed at once: each a save of its own.

The edit page uploads a diagram the moment it is chosen and removes one the
moment «Quitar» is pressed, without waiting for the rest of the form. Files are
validated and re-encoded before (``forms.diagramas``, ``images.limpiar_imagen``
with one shared ``Presupuesto``); here the report's caps are checked again
inside the transaction, the lock counter counts one more change, and the audit
trail records the diagrams' changes.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from .. import auditoria, flujo, images, policy
from ..models import Diagrama, Informe
from . import eventos
from .contenido import DiagramaNuevo
from .errores import EdicionNoPermitida, InformeNoEditable


@dataclass(frozen=True)
class Escritura:
    """What a diagram write leaves: the report as stored, and whether the page was up to date.

    ``al_dia`` is true when the lock counter the page posted was the stored one
    just before this write: only then may the page take the new counter, since
    otherwise another save it has not seen would pass unnoticed.
    """

    informe: Informe
    al_dia: bool
    diagramas: tuple[Diagrama, ...] = ()


def _tomar(informe: Informe, usuario, contador_visto: int | None) -> tuple[Informe, bool, dict]:
    """Check who and in which estado, count one more change, and snapshot the content."""
    if informe.estado not in flujo.ESTADOS_EDITABLES:
        raise InformeNoEditable
    if not policy.puede(informe, usuario, policy.Accion.EDITAR):
        raise EdicionNoPermitida
    actualizadas = Informe.objects.filter(pk=informe.pk, estado__in=flujo.ESTADOS_EDITABLES).update(
        contador_cambios=F("contador_cambios") + 1, actualizado=timezone.now()
    )
    if actualizadas != 1:
        raise InformeNoEditable
    # The row stays locked by the UPDATE until the commit: the counter read now is
    # ours plus one, and nothing can change the content before the snapshot.
    actual = Informe.objects.get(pk=informe.pk)
    al_dia = contador_visto is not None and actual.contador_cambios - 1 == contador_visto
    return actual, al_dia, auditoria.instantanea(actual)


def diagramas_subir(
    *, informe: Informe, usuario, nuevos: Sequence[DiagramaNuevo], contador_visto: int | None
) -> Escritura:
    """Append already validated and re-encoded diagrams to ``informe``, in one transaction.

    Refuses (``ValidationError``, nothing stored) past the report's caps of
    diagrams and pixels, counted again on what is stored now; ``NoPermitido``
    when ``usuario`` may not edit it or its estado admits no change.
    """
    guardados: list[str] = []
    try:
        with transaction.atomic():
            actual, al_dia, antes = _tomar(informe, usuario, contador_visto)
            existentes = Diagrama.objects.filter(informe=actual)
            images.exigir_cupo(existentes, [n.imagen for n in nuevos])
            orden = (existentes.aggregate(n=Max("orden"))["n"] or 0) + 1
            creados = []
            for posicion, nuevo in enumerate(nuevos):
                diagrama = Diagrama(
                    informe=actual,
                    titulo=nuevo.titulo,
                    leyenda=nuevo.leyenda,
                    orden=orden + posicion,
                )
                diagrama.poner_imagen(nuevo.imagen.archivo)
                guardados.append(diagrama.imagen.name)
                diagrama.ancho, diagrama.alto = nuevo.imagen.ancho, nuevo.imagen.alto
                diagrama.full_clean(exclude=["imagen"])
                diagrama.save()
                creados.append(diagrama)
            eventos.registrar_guardado(
                informe=actual, usuario=usuario, antes=antes, despues=auditoria.instantanea(actual)
            )
    except Exception:
        # The rows rolled back; the files written meanwhile must go too.
        for nombre in guardados:
            default_storage.delete(nombre)
        raise
    return Escritura(actual, al_dia, tuple(creados))


@transaction.atomic
def diagrama_quitar(
    *, informe: Informe, usuario, diagrama: Diagrama, contador_visto: int | None
) -> Escritura:
    """Remove one diagram of ``informe`` now; its file goes once the transaction commits."""
    actual, al_dia, antes = _tomar(informe, usuario, contador_visto)
    nombre = diagrama.imagen.name
    # Another page may have removed it first: then there is nothing left to do.
    borrados, _ = Diagrama.objects.filter(pk=diagrama.pk, informe=actual).delete()
    if borrados:
        transaction.on_commit(lambda: default_storage.delete(nombre))
    eventos.registrar_guardado(
        informe=actual, usuario=usuario, antes=antes, despues=auditoria.instantanea(actual)
    )
    return Escritura(actual, al_dia)
