"""Review rounds: each «Enviar a revisión» of a version, with a snapshot of what was sent.

Rounds are numbered within their version from 1 and, like the audit trail,
only ever added: the compare page shows what changed between two rounds, or
between a round and the report as it is now.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .informe import Informe
from .revision import EventoAuditoriaQuerySet, SoloAgregar


class RondaRevision(SoloAgregar):
    """What a version held when it was sent to review for the ``numero``-th time."""

    informe = models.ForeignKey(
        Informe, verbose_name=_("informe"), on_delete=models.PROTECT, related_name="rondas"
    )
    numero = models.PositiveIntegerField(_("número"))
    enviada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enviada por"),
        on_delete=models.PROTECT,
        related_name="rondas_enviadas",
        null=True,
        blank=True,
    )
    enviada_en = models.DateTimeField(_("enviada"), auto_now_add=True)
    # The audit trail's snapshot (``auditoria.instantanea``) of the version as sent.
    instantanea = models.JSONField(_("instantánea"))

    objects = EventoAuditoriaQuerySet.as_manager()

    class Meta:
        verbose_name = _("ronda de revisión")
        verbose_name_plural = _("rondas de revisión")
        ordering = ["informe", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["informe", "numero"], name="ronda_numero_por_version")
        ]

    def __str__(self):
        return f"{self.informe} · {_('ronda')} {self.numero}"
