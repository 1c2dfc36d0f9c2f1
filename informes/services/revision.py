"""Review transitions and comments.

Transitions ask ``policy`` first, then change the estado with one conditional
``UPDATE ... WHERE estado = <seen> AND contador_cambios = <seen>``: of two
concurrent clicks exactly one updates a row, the other gets ``ConflictoConcurrente``.
Every write appends an entry to the audit trail in the same transaction; mails
leave only after the commit.
"""

import datetime
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import auditoria, completitud, notificaciones, plantilla, policy
from ..models import (
    ESTADOS_INMUTABLES,
    AccionAuditoria,
    ComentarioRevision,
    Diagrama,
    Estado,
    Informe,
    InformeInmutable,
)
from ..models.informe import validar_sin_control
from .archivo import archivo_encolar
from .contenido import MODELOS_FILAS
from .errores import (
    LARGO_COMENTARIO,
    MENSAJE_COMENTARIO_LARGO,
    MENSAJE_COMENTARIO_REQUERIDO,
    MENSAJE_COMENTARIO_VACIO,
    MENSAJE_FECHA_PASADA,
    MENSAJE_SECCION_INVALIDA,
    MESES_PROXIMA_REVISION,
    AccionNoPermitida,
    ConflictoConcurrente,
    DatoInvalido,
    InformeIncompleto,
    VersionAbierta,
)


def _exigir(informe: Informe, usuario, accion: str) -> None:
    if not policy.puede(informe, usuario, accion):
        policy.registrar_rechazo(informe, usuario, accion)
        if informe.estado in ESTADOS_INMUTABLES and accion in ACCIONES_DE_ESCRITURA:
            raise InformeInmutable
        raise AccionNoPermitida


# Actions that would change the version itself (not its comments or dates).
ACCIONES_DE_ESCRITURA = frozenset(
    {policy.Accion.EDITAR, policy.Accion.ENVIAR, policy.Accion.RETIRAR}
)


def _transicionar(
    *,
    informe: Informe,
    usuario,
    accion: str,
    hacia: str,
    contador_visto: int | None,
    comentario: str = "",
    **campos,
) -> Informe:
    """Move ``informe`` from the estado it was seen in to ``hacia``, or raise a conflict."""
    desde = informe.estado
    visto = informe.contador_cambios if contador_visto is None else contador_visto
    actualizadas = Informe.objects.filter(
        pk=informe.pk, estado=desde, contador_cambios=visto
    ).update(
        estado=hacia,
        contador_cambios=F("contador_cambios") + 1,
        actualizado=timezone.now(),
        **campos,
    )
    if actualizadas != 1:
        raise ConflictoConcurrente
    informe.refresh_from_db()
    auditoria.registrar(
        informe=informe,
        usuario=usuario,
        accion=accion,
        estado_desde=desde,
        estado_hasta=hacia,
        comentario=comentario,
    )
    return informe


@transaction.atomic
def informe_enviar(*, informe: Informe, usuario, contador_visto: int | None = None) -> Informe:
    """Send a complete draft (or a corrected one) to review; reviewers get a mail.

    Raises ``InformeIncompleto`` listing the sections with labels neither filled
    nor marked "No aplica".
    """
    _exigir(informe, usuario, policy.Accion.ENVIAR)
    actual = Informe.objects.prefetch_related(*plantilla.CAMPOS_FILAS).get(pk=informe.pk)
    pendientes = [s for s in completitud.por_seccion(actual) if not s.completa]
    if pendientes:
        raise InformeIncompleto(pendientes)
    informe = _transicionar(
        informe=informe,
        usuario=usuario,
        accion=AccionAuditoria.ENVIAR,
        hacia=Estado.EN_REVISION,
        contador_visto=contador_visto,
        enviado_en=timezone.now(),
    )
    transaction.on_commit(lambda: notificaciones.informe_enviado(informe))
    return informe


@transaction.atomic
def informe_retirar(*, informe: Informe, usuario, contador_visto: int | None = None) -> Informe:
    """The author takes a report back from review to draft."""
    _exigir(informe, usuario, policy.Accion.RETIRAR)
    return _transicionar(
        informe=informe,
        usuario=usuario,
        accion=AccionAuditoria.RETIRAR,
        hacia=Estado.BORRADOR,
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
    _exigir(informe, revisor, policy.Accion.APROBAR)
    comentario = (comentario or "").strip()
    if len(comentario) > LARGO_COMENTARIO:
        raise DatoInvalido(MENSAJE_COMENTARIO_LARGO)
    _exigir_sin_controles(comentario)
    ahora = timezone.now()
    informe = _transicionar(
        informe=informe,
        usuario=revisor,
        accion=AccionAuditoria.APROBAR,
        hacia=Estado.APROBADO,
        contador_visto=contador_visto,
        comentario=comentario,
        aprobado_por=revisor,
        aprobado_en=ahora,
        proxima_revision=proxima_revision or en_doce_meses(timezone.localdate(ahora)),
    )
    anteriores = list(
        Informe.objects.filter(serie=informe.serie, estado=Estado.APROBADO).exclude(pk=informe.pk)
    )
    # The one path by which an approved version changes: its estado, to archived.
    Informe.objects.filter(pk__in=[a.pk for a in anteriores], estado=Estado.APROBADO).update(
        estado=Estado.ARCHIVADO, actualizado=ahora
    )
    for anterior in anteriores:
        auditoria.registrar(
            informe=anterior,
            usuario=revisor,
            accion=AccionAuditoria.ARCHIVAR,
            estado_desde=Estado.APROBADO,
            estado_hasta=Estado.ARCHIVADO,
            comentario=str(
                _("Reemplazada por la versión %(version)s.") % {"version": informe.version}
            ),
        )
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
    _exigir(informe, revisor, policy.Accion.SOLICITAR_CAMBIOS)
    comentario = (comentario or "").strip()
    if not comentario:
        raise DatoInvalido(MENSAJE_COMENTARIO_REQUERIDO)
    if len(comentario) > LARGO_COMENTARIO:
        raise DatoInvalido(MENSAJE_COMENTARIO_LARGO)
    _exigir_sin_controles(comentario)
    informe = _transicionar(
        informe=informe,
        usuario=revisor,
        accion=AccionAuditoria.SOLICITAR_CAMBIOS,
        hacia=Estado.CAMBIOS_SOLICITADOS,
        contador_visto=contador_visto,
        comentario=comentario,
    )
    # The reason stays beside the report as its general comment.
    ComentarioRevision.objects.create(
        informe=informe, seccion=None, texto=comentario, autor=revisor
    )
    transaction.on_commit(lambda: notificaciones.cambios_solicitados(informe, comentario))
    return informe


def _copiar_diagramas(origen: Informe, destino: Informe) -> list[str]:
    """Copy each diagram into a new stored file; returns the new file names."""
    creados = []
    for diagrama in Diagrama.objects.filter(informe=origen):
        with diagrama.imagen.open("rb") as archivo:
            contenido = ContentFile(archivo.read(), name=os.path.basename(diagrama.imagen.name))
        copia = Diagrama(
            informe=destino,
            titulo=diagrama.titulo,
            leyenda=diagrama.leyenda,
            orden=diagrama.orden,
        )
        copia.imagen.save(contenido.name, contenido, save=False)
        creados.append(copia.imagen.name)
        copia.save()
    return creados


@transaction.atomic
def informe_nueva_version(*, informe: Informe, usuario) -> Informe:
    """Start version n+1 of an approved report as a draft owned by ``usuario``.

    Copies every simple field, the "No aplica" marks, every row and every diagram
    (into new files). The creator becomes the author; the previous author and
    co-authors become co-authors, so nobody loses access. One open version per
    series: refused with ``VersionAbierta`` while a newer one is in progress.
    """
    if informe.estado == Estado.APROBADO and policy.tiene_version_abierta(informe):
        raise VersionAbierta
    _exigir(informe, usuario, policy.Accion.NUEVA_VERSION)
    # Lock the approved row so two clicks create one version.
    origen = (
        Informe.objects.select_for_update()
        .filter(pk=informe.pk, estado=Estado.APROBADO)
        .prefetch_related("coautores")
        .first()
    )
    if origen is None:
        raise ConflictoConcurrente
    abiertas = Informe.objects.filter(serie=origen.serie, estado__in=policy.ESTADOS_ABIERTOS)
    if abiertas.exists():
        raise VersionAbierta
    ultima = Informe.objects.filter(serie=origen.serie).aggregate(n=Max("version"))["n"]
    nuevo = Informe(
        autor=usuario,
        serie=origen.serie,
        version=ultima + 1,
        no_aplica=dict(origen.no_aplica or {}),
        **{c: getattr(origen, c) for c in plantilla.CAMPOS_SIMPLES},
    )
    try:
        with transaction.atomic():
            nuevo.save()
    except IntegrityError as error:
        raise ConflictoConcurrente from error
    coautores = {c.pk for c in origen.coautores.all()} | {origen.autor_id}
    nuevo.coautores.set(coautores - {usuario.pk})
    for tipo, modelo in MODELOS_FILAS.items():
        campos = auditoria.FILAS[tipo][1]
        modelo.objects.bulk_create(
            modelo(informe=nuevo, orden=f.orden, **{c: getattr(f, c) for c in campos})
            for f in modelo.objects.filter(informe=origen)
        )
    creados = []
    try:
        creados = _copiar_diagramas(origen, nuevo)
        auditoria.registrar(
            informe=nuevo,
            usuario=usuario,
            accion=AccionAuditoria.NUEVA_VERSION,
            estado_hasta=nuevo.estado,
            comentario=str(
                _("Creada a partir de la versión %(version)s.") % {"version": origen.version}
            ),
        )
    except Exception:
        for nombre in creados:
            Diagrama._meta.get_field("imagen").storage.delete(nombre)
        raise
    return nuevo


@transaction.atomic
def proxima_revision_cambiar(*, informe: Informe, revisor, fecha: datetime.date) -> Informe:
    """Set the date an approved report is due for review again."""
    _exigir(informe, revisor, policy.Accion.CAMBIAR_PROXIMA_REVISION)
    if fecha < timezone.localdate():
        raise DatoInvalido(MENSAJE_FECHA_PASADA)
    anterior = Informe.objects.filter(pk=informe.pk).values_list("proxima_revision", flat=True)
    anterior = anterior.first()
    # Only the schedule changes, never the approved content.
    actualizadas = Informe.objects.filter(pk=informe.pk, estado=Estado.APROBADO).update(
        proxima_revision=fecha
    )
    if actualizadas != 1:
        raise ConflictoConcurrente
    informe.refresh_from_db()
    auditoria.registrar(
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
    _exigir_sin_controles(texto)
    return texto


def _exigir_sin_controles(texto: str) -> None:
    try:
        validar_sin_control(texto)
    except ValidationError as error:
        raise DatoInvalido(validar_sin_control.message) from error


NUMEROS_SECCION = frozenset(s.numero for s in plantilla.SECCIONES)


@transaction.atomic
def comentario_agregar(
    *, informe: Informe, revisor, texto: str, seccion: int | None = None
) -> ComentarioRevision:
    """A reviewer's comment on one section (``seccion``) or on the whole report (None)."""
    _exigir(informe, revisor, policy.Accion.COMENTAR)
    texto = _validar_texto(texto)
    if seccion is not None and seccion not in NUMEROS_SECCION:
        raise DatoInvalido(MENSAJE_SECCION_INVALIDA)
    if (
        not Informe.objects.select_for_update()
        .filter(pk=informe.pk, estado=Estado.EN_REVISION)
        .exists()
    ):
        raise ConflictoConcurrente
    comentario = ComentarioRevision.objects.create(
        informe=informe, seccion=seccion, texto=texto, autor=revisor
    )
    donde = plantilla.SECCIONES[seccion - 1].encabezado if seccion else str(_("Comentario general"))
    auditoria.registrar(
        informe=informe,
        usuario=revisor,
        accion=AccionAuditoria.COMENTAR,
        estado_desde=informe.estado,
        estado_hasta=informe.estado,
        comentario=f"{donde}: {texto}",
    )
    return comentario


@transaction.atomic
def comentario_resolver(*, comentario: ComentarioRevision, usuario) -> ComentarioRevision:
    """Mark a review comment resolved; resolving twice changes nothing."""
    informe = comentario.informe
    _exigir(informe, usuario, policy.Accion.RESOLVER_COMENTARIO)
    ahora = timezone.now()
    actualizados = ComentarioRevision.objects.filter(pk=comentario.pk, resuelto=False).update(
        resuelto=True, resuelto_por=usuario, resuelto_en=ahora
    )
    comentario.refresh_from_db()
    if actualizados:
        auditoria.registrar(
            informe=informe,
            usuario=usuario,
            accion=AccionAuditoria.RESOLVER_COMENTARIO,
            estado_desde=informe.estado,
            estado_hasta=informe.estado,
            comentario=comentario.texto,
        )
    return comentario
