"""The review transitions: send, withdraw, approve, request changes, discard; each a ``flujo`` rule.

A transition asks ``policy`` once, then moves the report with one conditional
``UPDATE ... WHERE estado IN (<the rule's estados>) AND contador_cambios = <seen>``:
of two concurrent clicks exactly one updates a row, the other gets
``ConflictoConcurrente``. Every transition appends an entry to the audit trail
in the same transaction; mails leave only after the commit.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import auditoria, completitud, flujo, notificaciones, plantilla, policy
from ..flujo import Accion
from ..models import ComentarioRevision, Informe, RondaRevision
from ..models.informe import validar_sin_control
from ..secretos import en_informe
from . import eventos
from .archivo import archivo_encolar
from .errores import (
    LARGO_COMENTARIO,
    MENSAJE_COMENTARIO_LARGO,
    MENSAJE_COMENTARIO_REQUERIDO,
    MESES_PROXIMA_REVISION,
    AccionNoPermitida,
    ConflictoConcurrente,
    DatoInvalido,
    InformeConSecretos,
    InformeIncompleto,
    VersionCerrada,
)


def exigir(informe: Informe, usuario, accion: str) -> flujo.Regla:
    """The one permission check of a service: the action's rule, or a logged refusal.

    An action that never applies to an approved or archived version is refused
    there with ``VersionCerrada``; any other refusal is ``AccionNoPermitida``.
    Both are 403s in a view.
    """
    regla = flujo.POR_ACCION[accion]
    if policy.puede(informe, usuario, accion):
        return regla
    policy.registrar_rechazo(informe, usuario, accion)
    if informe.estado in flujo.ESTADOS_INMUTABLES and not regla.desde & flujo.ESTADOS_INMUTABLES:
        raise VersionCerrada
    raise AccionNoPermitida


def transicionar(
    *,
    informe: Informe,
    usuario,
    regla: flujo.Regla,
    contador_visto: int | None,
    comentario: str = "",
    **campos,
) -> Informe:
    """Move ``informe`` along ``regla`` if nobody changed it since it was seen; else a conflict.

    ``campos`` are further columns the transition sets (dates, the approver).
    The caller has already asked the policy (``exigir``).
    """
    desde = informe.estado
    visto = informe.contador_cambios if contador_visto is None else contador_visto
    actualizadas = Informe.objects.filter(
        pk=informe.pk, estado__in=regla.desde, contador_cambios=visto
    ).update(
        estado=regla.hacia,
        contador_cambios=F("contador_cambios") + 1,
        actualizado=timezone.now(),
        **campos,
    )
    if actualizadas != 1:
        raise ConflictoConcurrente
    informe.refresh_from_db()
    eventos.registrar(
        informe=informe,
        usuario=usuario,
        accion=regla.accion,
        estado_desde=desde,
        estado_hasta=regla.hacia,
        comentario=comentario,
    )
    return informe


def _comentario(regla: flujo.Regla, comentario: str) -> str:
    comentario = (comentario or "").strip()
    if regla.comentario_obligatorio and not comentario:
        raise DatoInvalido(MENSAJE_COMENTARIO_REQUERIDO)
    if len(comentario) > LARGO_COMENTARIO:
        raise DatoInvalido(MENSAJE_COMENTARIO_LARGO)
    exigir_sin_controles(comentario)
    return comentario


def exigir_sin_controles(texto: str) -> None:
    """Refuse a comment with invisible or bidi control characters, as every field does."""
    try:
        validar_sin_control(texto)
    except ValidationError as error:
        raise DatoInvalido(validar_sin_control.message) from error


@transaction.atomic
def informe_enviar(*, informe: Informe, usuario, contador_visto: int | None = None) -> Informe:
    """Send a complete draft (or a corrected one) to review; reviewers get a mail.

    Each send starts a numbered review round holding a snapshot of what was sent.
    Raises ``InformeIncompleto`` listing the sections with labels neither filled
    nor marked "No aplica", then ``InformeConSecretos`` listing what looks like a
    credential and was not marked a harmless example.
    """
    regla = exigir(informe, usuario, Accion.ENVIAR)
    actual = Informe.objects.prefetch_related(*plantilla.CAMPOS_FILAS).get(pk=informe.pk)
    pendientes = [s for s in completitud.por_seccion(actual) if not s.completa]
    if pendientes:
        raise InformeIncompleto(pendientes)
    if secretos := en_informe.pendientes(actual):
        raise InformeConSecretos(secretos)
    informe = transicionar(
        informe=informe,
        usuario=usuario,
        regla=regla,
        contador_visto=contador_visto,
        enviado_en=timezone.now(),
    )
    # The conditional UPDATE above holds the report's row: rounds number in order.
    RondaRevision.objects.create(
        informe=informe,
        numero=RondaRevision.objects.filter(informe=informe).count() + 1,
        enviada_por=usuario if usuario is not None and usuario.is_authenticated else None,
        instantanea=auditoria.instantanea(informe),
    )
    transaction.on_commit(lambda: notificaciones.informe_enviado(informe))
    return informe


@transaction.atomic
def informe_retirar(*, informe: Informe, usuario, contador_visto: int | None = None) -> Informe:
    """The author takes a report back from review to draft."""
    regla = exigir(informe, usuario, Accion.RETIRAR)
    return transicionar(
        informe=informe,
        usuario=usuario,
        regla=regla,
        contador_visto=contador_visto,
        enviado_en=None,
    )


def en_doce_meses(fecha: datetime.date) -> datetime.date:
    """The same day twelve months later (29 February becomes 28 February)."""
    anio = fecha.year + MESES_PROXIMA_REVISION // 12
    try:
        return fecha.replace(year=anio)
    except ValueError:
        return fecha.replace(year=anio, day=28)


def _archivar_anteriores(informe: Informe, revisor, ahora) -> None:
    """The series' earlier approved version becomes archived (``Accion.ARCHIVAR``)."""
    regla = flujo.POR_ACCION[Accion.ARCHIVAR]
    anteriores = list(
        Informe.objects.filter(serie=informe.serie, estado__in=regla.desde).exclude(pk=informe.pk)
    )
    # The one path by which an approved version changes: its estado, to archived.
    Informe.objects.filter(pk__in=[a.pk for a in anteriores], estado__in=regla.desde).update(
        estado=regla.hacia, actualizado=ahora
    )
    for anterior in anteriores:
        eventos.registrar(
            informe=anterior,
            usuario=revisor,
            accion=regla.accion,
            estado_desde=anterior.estado,
            estado_hasta=regla.hacia,
            comentario=str(
                _("Reemplazada por la versión %(version)s.") % {"version": informe.version}
            ),
        )


@transaction.atomic
def informe_aprobar(
    *,
    informe: Informe,
    revisor,
    comentario: str = "",
    contador_visto: int | None = None,
    proxima_revision: datetime.date | None = None,
) -> Informe:
    """Approve a report in review; the series' earlier approved version becomes archived.

    The next review date defaults to twelve months from today. Authors get a mail
    with the comment.
    """
    regla = exigir(informe, revisor, Accion.APROBAR)
    comentario = _comentario(regla, comentario)
    ahora = timezone.now()
    informe = transicionar(
        informe=informe,
        usuario=revisor,
        regla=regla,
        contador_visto=contador_visto,
        comentario=comentario,
        aprobado_por=revisor,
        aprobado_en=ahora,
        proxima_revision=proxima_revision or en_doce_meses(timezone.localdate(ahora)),
    )
    _archivar_anteriores(informe, revisor, ahora)
    transaction.on_commit(lambda: notificaciones.informe_aprobado(informe, comentario))
    # The archival PDF is rendered once, after the approval is committed: in the
    # request without a worker, by ``db_worker`` when tasks go to the database.
    archivo_encolar(informe_id=informe.pk)
    return informe


@transaction.atomic
def informe_solicitar_cambios(
    *, informe: Informe, revisor, comentario: str, contador_visto: int | None = None
) -> Informe:
    """Send a report back to its authors; the comment is required and mailed to them."""
    regla = exigir(informe, revisor, Accion.SOLICITAR_CAMBIOS)
    comentario = _comentario(regla, comentario)
    informe = transicionar(
        informe=informe,
        usuario=revisor,
        regla=regla,
        contador_visto=contador_visto,
        comentario=comentario,
    )
    # The reason stays beside the report as its general comment.
    ComentarioRevision.objects.create(
        informe=informe, seccion=None, texto=comentario, autor=revisor
    )
    transaction.on_commit(lambda: notificaciones.cambios_solicitados(informe, comentario))
    return informe


@transaction.atomic
def informe_descartar(*, informe: Informe, usuario, contador_visto: int | None = None) -> Informe:
    """The author drops a draft never sent to review: it is kept, hidden, for its trail.

    Audit entries are append-only and protect their report, so a discarded draft
    cannot be deleted; from now on nobody sees it (``flujo.VISIBLES``), its trail
    stays in the series' history, and the series' other versions do not change.
    """
    regla = exigir(informe, usuario, Accion.DESCARTAR)
    return transicionar(
        informe=informe, usuario=usuario, regla=regla, contador_visto=contador_visto
    )
