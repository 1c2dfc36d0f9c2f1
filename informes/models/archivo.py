"""The archival PDF/A-3b of an approved version: written once, never changed."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from .informe import Informe


def ruta_archivo(instance, filename):
    # Never from the user: the series, the version and a fresh UUID.
    informe = instance.informe
    return f"archivo/{informe.serie}/v{informe.version}-{uuid.uuid4().hex}.pdf"


class ArchivoInmutable(Exception):
    """An archived PDF was about to be changed."""


class ArchivoPDF(models.Model):
    """The stored PDF/A-3b of one approved version and its SHA-256.

    Every download of that version returns these bytes; the row and the file
    are created together by ``services.archivo_generar`` and never updated.
    """

    informe = models.OneToOneField(
        Informe, verbose_name=_("informe"), on_delete=models.PROTECT, related_name="archivo_pdf"
    )
    archivo = models.FileField(_("archivo PDF/A"), upload_to=ruta_archivo, max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    tamano = models.PositiveIntegerField(_("tamaño en bytes"), editable=False)
    creado = models.DateTimeField(_("creado"), auto_now_add=True)

    class Meta:
        verbose_name = _("PDF archivado")
        verbose_name_plural = _("PDF archivados")

    def __str__(self):
        return f"{self.informe} · {self.sha256[:12]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ArchivoInmutable("Un PDF archivado no se modifica.")
        super().save(*args, **kwargs)
