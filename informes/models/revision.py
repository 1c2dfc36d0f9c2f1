"""The review trail: append-only audit entries and reviewers' comments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .informe import Estado, Informe

MENSAJE_AUDITORIA_INMUTABLE = _("El historial no se puede modificar ni borrar.")


class AuditoriaInmutable(Exception):
    """Someone tried to change or delete an audit entry."""


class AccionAuditoria(models.TextChoices):
    CREAR = "crear", _("Creación")
    GUARDAR = "guardar", _("Guardado")
    ENVIAR = "enviar", _("Enviado a revisión")
    RETIRAR = "retirar", _("Retirado de revisión")
    APROBAR = "aprobar", _("Aprobado")
    SOLICITAR_CAMBIOS = "solicitar_cambios", _("Cambios solicitados")
    NUEVA_VERSION = "nueva_version", _("Nueva versión")
    ARCHIVAR = "archivar", _("Archivado")
    PROXIMA_REVISION = "proxima_revision", _("Próxima revisión cambiada")
    COMENTAR = "comentar", _("Comentario")
    RESOLVER_COMENTARIO = "resolver_comentario", _("Comentario resuelto")
    REABRIR_COMENTARIO = "reabrir_comentario", _("Comentario reabierto")
    RESPONDER_COMENTARIO = "responder_comentario", _("Respuesta a un comentario")
    DESCARTAR = "descartar", _("Borrador descartado")
    MARCAR_INOFENSIVO = "marcar_inofensivo", _("Ejemplo inofensivo marcado")


class EventoAuditoriaQuerySet(models.QuerySet):
    """Bulk writes are refused: entries are only ever added."""

    def update(self, **kwargs):
        raise AuditoriaInmutable(str(MENSAJE_AUDITORIA_INMUTABLE))

    def delete(self):
        raise AuditoriaInmutable(str(MENSAJE_AUDITORIA_INMUTABLE))

    update.queryset_only = True
    delete.queryset_only = True


class SoloAgregar(models.Model):
    """A record written once: saving it again or deleting it raises ``AuditoriaInmutable``
    (bulk updates and deletes are refused by ``EventoAuditoriaQuerySet``)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditoriaInmutable(str(MENSAJE_AUDITORIA_INMUTABLE))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditoriaInmutable(str(MENSAJE_AUDITORIA_INMUTABLE))


class EventoAuditoria(SoloAgregar):
    """Who did what to a report version, when, and which fields it changed."""

    informe = models.ForeignKey(
        Informe, verbose_name=_("informe"), on_delete=models.PROTECT, related_name="eventos"
    )
    # Copied from the report so the trail of a series reads without joins.
    serie = models.UUIDField(_("serie"), db_index=True, editable=False)
    version = models.PositiveIntegerField(_("versión"), editable=False)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        on_delete=models.PROTECT,
        related_name="eventos_auditoria",
        null=True,
        blank=True,
    )
    momento = models.DateTimeField(_("momento"), auto_now_add=True, db_index=True)
    accion = models.CharField(_("acción"), max_length=30, choices=AccionAuditoria.choices)
    estado_desde = models.CharField(
        _("estado anterior"), max_length=20, choices=Estado.choices, blank=True
    )
    estado_hasta = models.CharField(
        _("estado nuevo"), max_length=20, choices=Estado.choices, blank=True
    )
    comentario = models.TextField(_("comentario"), blank=True)
    cambios = models.JSONField(_("cambios"), default=list, blank=True)
    # A save the page made by itself (autosave): the history groups a session's.
    automatico = models.BooleanField(_("automático"), default=False)

    objects = EventoAuditoriaQuerySet.as_manager()

    class Meta:
        verbose_name = _("evento de auditoría")
        verbose_name_plural = _("eventos de auditoría")
        ordering = ["-momento", "-pk"]

    def __str__(self):
        return f"{self.get_accion_display()} · v{self.version} · {self.momento:%Y-%m-%d %H:%M}"


class ComentarioRevision(models.Model):
    """A reviewer's comment on one section (``seccion``) or on the whole report (null).

    A comment opens a thread: replies point to it (``respuesta_a``) and share its
    section; the thread is resolved and reopened as a whole, on its first comment.
    """

    informe = models.ForeignKey(
        Informe, verbose_name=_("informe"), on_delete=models.CASCADE, related_name="comentarios"
    )
    respuesta_a = models.ForeignKey(
        "self",
        verbose_name=_("en respuesta a"),
        on_delete=models.CASCADE,
        related_name="respuestas",
        null=True,
        blank=True,
    )
    seccion = models.PositiveSmallIntegerField(_("sección"), null=True, blank=True)
    texto = models.TextField(_("comentario"), max_length=5000)
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("autor"),
        on_delete=models.PROTECT,
        related_name="comentarios_revision",
    )
    creado = models.DateTimeField(_("creado"), auto_now_add=True)
    resuelto = models.BooleanField(_("resuelto"), default=False)
    resuelto_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resuelto por"),
        on_delete=models.PROTECT,
        related_name="comentarios_resueltos",
        null=True,
        blank=True,
    )
    resuelto_en = models.DateTimeField(_("resuelto en"), null=True, blank=True)

    class Meta:
        verbose_name = _("comentario de revisión")
        verbose_name_plural = _("comentarios de revisión")
        ordering = ["creado", "pk"]

    def __str__(self):
        return self.texto[:60]
