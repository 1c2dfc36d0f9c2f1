"""Review comments and the next review date: writes beside the transitions that keep the estado.

Each asks ``policy`` once (through ``transiciones.exigir``), writes in one
transaction and appends an entry to the audit trail. A comment is a thread:
replies point to its first comment, which carries the thread's resolution.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import limites, plantilla
from ..flujo import Accion
from ..models import AccionAuditoria, ComentarioRevision, Informe
from . import eventos
from .errores import (
    LARGO_COMENTARIO,
    MENSAJE_COMENTARIO_LARGO,
    MENSAJE_COMENTARIO_VACIO,
    MENSAJE_FECHA_INVALIDA,
    MENSAJE_FECHA_PASADA,
    MENSAJE_HILO_LLENO,
    MENSAJE_SECCION_INVALIDA,
    ConflictoConcurrente,
    DatoInvalido,
)
from .transiciones import exigir, exigir_sin_controles


@transaction.atomic
def proxima_revision_cambiar(*, informe: Informe, revisor, fecha: datetime.date | None) -> Informe:
    """Set the date an approved report is due for review again (None: not a valid date)."""
    regla = exigir(informe, revisor, Accion.CAMBIAR_PROXIMA_REVISION)
    if fecha is None:
        raise DatoInvalido(MENSAJE_FECHA_INVALIDA)
    if fecha < timezone.localdate():
        raise DatoInvalido(MENSAJE_FECHA_PASADA)
    anterior = Informe.objects.filter(pk=informe.pk).values_list("proxima_revision", flat=True)
    anterior = anterior.first()
    # Only the schedule changes, never the approved content.
    actualizadas = Informe.objects.filter(pk=informe.pk, estado__in=regla.desde).update(
        proxima_revision=fecha
    )
    if actualizadas != 1:
        raise ConflictoConcurrente
    informe.refresh_from_db()
    eventos.registrar(
        informe=informe,
        usuario=revisor,
        accion=AccionAuditoria.PROXIMA_REVISION,
        estado_desde=informe.estado,
        estado_hasta=informe.estado,
        cambios=[
            {
                "campo": "proxima_revision",
                "tipo": "texto",
                "antes": anterior.isoformat() if anterior else "",
                "despues": fecha.isoformat(),
            }
        ],
    )
    return informe


def _validar_texto(texto: str) -> str:
    texto = (texto or "").strip()
    if not texto:
        raise DatoInvalido(MENSAJE_COMENTARIO_VACIO)
    if len(texto) > LARGO_COMENTARIO:
        raise DatoInvalido(MENSAJE_COMENTARIO_LARGO)
    exigir_sin_controles(texto)
    return texto


NUMEROS_SECCION = frozenset(s.numero for s in plantilla.SECCIONES)


@transaction.atomic
def comentario_agregar(
    *, informe: Informe, revisor, texto: str, seccion: int | None = None
) -> ComentarioRevision:
    """A reviewer's comment on one section (``seccion``) or on the whole report (None)."""
    regla = exigir(informe, revisor, Accion.COMENTAR)
    texto = _validar_texto(texto)
    if seccion is not None and seccion not in NUMEROS_SECCION:
        raise DatoInvalido(MENSAJE_SECCION_INVALIDA)
    _bloquear_abierto(informe, regla)
    comentario = ComentarioRevision.objects.create(
        informe=informe, seccion=seccion, texto=texto, autor=revisor
    )
    eventos.registrar(
        informe=informe,
        usuario=revisor,
        accion=AccionAuditoria.COMENTAR,
        estado_desde=informe.estado,
        estado_hasta=informe.estado,
        comentario=f"{_donde(seccion)}: {texto}",
    )
    return comentario


def _donde(seccion: int | None) -> str:
    return plantilla.SECCIONES[seccion - 1].encabezado if seccion else str(_("Comentario general"))


def _bloquear_abierto(informe: Informe, regla) -> None:
    """Lock the report for the write, or a conflict when its estado left the rule's."""
    if (
        not Informe.objects.select_for_update()
        .filter(pk=informe.pk, estado__in=regla.desde)
        .exists()
    ):
        raise ConflictoConcurrente


@transaction.atomic
def comentario_responder(
    *, comentario: ComentarioRevision, usuario, texto: str
) -> ComentarioRevision:
    """A reply in the thread of ``comentario`` (an author or a reviewer who is not one).

    A reply to a reply joins the same thread: threads are one level deep.
    """
    raiz = comentario.respuesta_a or comentario
    informe = comentario.informe
    regla = exigir(informe, usuario, Accion.RESPONDER_COMENTARIO)
    texto = _validar_texto(texto)
    _bloquear_abierto(informe, regla)
    if raiz.respuestas.count() >= limites.RESPUESTAS_POR_COMENTARIO:
        raise DatoInvalido(MENSAJE_HILO_LLENO)
    respuesta = ComentarioRevision.objects.create(
        informe=informe, seccion=raiz.seccion, texto=texto, autor=usuario, respuesta_a=raiz
    )
    eventos.registrar(
        informe=informe,
        usuario=usuario,
        accion=AccionAuditoria.RESPONDER_COMENTARIO,
        estado_desde=informe.estado,
        estado_hasta=informe.estado,
        comentario=f"{_donde(raiz.seccion)}: {texto}",
    )
    return respuesta


@transaction.atomic
def comentario_reabrir(*, comentario: ComentarioRevision, usuario) -> ComentarioRevision:
    """Open a resolved thread again; reopening an open one changes nothing."""
    informe = comentario.informe
    regla = exigir(informe, usuario, Accion.REABRIR_COMENTARIO)
    _bloquear_abierto(informe, regla)
    actualizados = ComentarioRevision.objects.filter(pk=comentario.pk, resuelto=True).update(
        resuelto=False, resuelto_por=None, resuelto_en=None
    )
    comentario.refresh_from_db()
    if actualizados:
        eventos.registrar(
            informe=informe,
            usuario=usuario,
            accion=AccionAuditoria.REABRIR_COMENTARIO,
            estado_desde=informe.estado,
            estado_hasta=informe.estado,
            comentario=comentario.texto,
        )
    return comentario


@transaction.atomic
def comentario_resolver(*, comentario: ComentarioRevision, usuario) -> ComentarioRevision:
    """Mark a review comment resolved; resolving twice changes nothing."""
    informe = comentario.informe
    exigir(informe, usuario, Accion.RESOLVER_COMENTARIO)
    ahora = timezone.now()
    actualizados = ComentarioRevision.objects.filter(pk=comentario.pk, resuelto=False).update(
        resuelto=True, resuelto_por=usuario, resuelto_en=ahora
    )
    comentario.refresh_from_db()
    if actualizados:
        eventos.registrar(
            informe=informe,
            usuario=usuario,
            accion=AccionAuditoria.RESOLVER_COMENTARIO,
            estado_desde=informe.estado,
            estado_hasta=informe.estado,
            comentario=comentario.texto,
        )
    return comentario
