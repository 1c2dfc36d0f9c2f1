"""Draft PDFs kept in storage by content, so an unchanged version is not rendered again."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from .informe import Informe


def ruta_pdf_en_cache(instance, filename):
    # Never from the user: the series and a fresh UUID.
    return f"cache_pdf/{instance.informe.serie}/{uuid.uuid4().hex}.pdf"


class PDFEnCache(models.Model):
    """The last PDF rendered for a version that has no archived PDF/A.

    ``clave`` is the SHA-256 of everything the render read from the report and
    the code (``exporters.cache_pdf.clave``), ``recursos`` the SHA-256 of each
    static file it was served; the stored bytes are returned only while both
    still match. ``usado`` orders the entries for the size bound (least
    recently downloaded first). A cache: nothing else refers to it, and
    ``manage.py limpiar_media`` removes what is no longer worth keeping.
    """

    informe = models.OneToOneField(
        Informe, verbose_name=_("informe"), on_delete=models.CASCADE, related_name="pdf_en_cache"
    )
    clave = models.CharField(_("clave"), max_length=64)
    recursos = models.JSONField(_("recursos"), default=dict)
    archivo = models.FileField(_("archivo PDF"), upload_to=ruta_pdf_en_cache, max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    tamano = models.PositiveBigIntegerField(_("tamaño en bytes"))
    creado = models.DateTimeField(_("creado"), auto_now_add=True)
    usado = models.DateTimeField(_("última descarga"), db_index=True)

    class Meta:
        verbose_name = _("PDF en caché")
        verbose_name_plural = _("PDF en caché")

    def __str__(self):
        return f"{self.informe_id} · {self.clave[:12]}"
