"""The rows a report lists: libraries, paths, environment variables and diagrams.

A row of an approved or archived version refuses every write, as its report
does. ``informes.filas`` declares how each kind is edited, written and read.
"""

import hashlib
import os

from django.core.files import File
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import plantilla
from ..flujo import ESTADOS_INMUTABLES
from .informe import (
    VALIDADORES_LINEA,
    Informe,
    InformeInmutable,
    ruta_diagrama,
    validar_especificador,
    validar_nombre_paquete,
    validar_nombre_variable,
)


class Fila(models.Model):
    """A repeatable row of a report; ``orden`` keeps the author's order."""

    orden = models.PositiveIntegerField(_("orden"), default=0)

    class Meta:
        abstract = True
        ordering = ["orden", "pk"]

    def save(self, *args, **kwargs):
        self._exigir_informe_abierto()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._exigir_informe_abierto()
        return super().delete(*args, **kwargs)

    def _exigir_informe_abierto(self):
        # One query, so a row of an approved version cannot change by any path.
        if Informe.objects.filter(pk=self.informe_id, estado__in=ESTADOS_INMUTABLES).exists():
            raise InformeInmutable


class Biblioteca(Fila):
    informe = models.ForeignKey(Informe, on_delete=models.CASCADE, related_name="bibliotecas")
    nombre = models.CharField(
        _("nombre"), max_length=100, validators=[*VALIDADORES_LINEA, validar_nombre_paquete]
    )
    version = models.CharField(
        _("versión"),
        max_length=60,
        blank=True,
        validators=[*VALIDADORES_LINEA, validar_especificador],
    )

    class Meta(Fila.Meta):
        verbose_name = _("biblioteca de terceros")
        verbose_name_plural = plantilla.etiqueta("bibliotecas").texto

    def __str__(self):
        return f"{self.nombre} {self.version}".strip()


class RutaArchivo(Fila):
    informe = models.ForeignKey(Informe, on_delete=models.CASCADE, related_name="rutas")
    ruta = models.CharField(_("ruta"), max_length=500, validators=VALIDADORES_LINEA)
    proposito = models.CharField(
        _("propósito"), max_length=200, blank=True, validators=VALIDADORES_LINEA
    )

    class Meta(Fila.Meta):
        verbose_name = _("ruta de acceso")
        verbose_name_plural = plantilla.etiqueta("rutas").texto

    def __str__(self):
        return self.ruta


class VariableEntorno(Fila):
    """An environment variable the deployment reads. Never holds a secret's value."""

    informe = models.ForeignKey(Informe, on_delete=models.CASCADE, related_name="variables_entorno")
    nombre = models.CharField(
        _("nombre"), max_length=100, validators=[*VALIDADORES_LINEA, validar_nombre_variable]
    )
    proposito = models.CharField(
        _("propósito"), max_length=200, blank=True, validators=VALIDADORES_LINEA
    )
    valor_ejemplo = models.CharField(
        _("valor de ejemplo"),
        max_length=200,
        blank=True,
        validators=VALIDADORES_LINEA,
        help_text=_("Un valor ilustrativo; nunca el valor real de un secreto."),
    )

    class Meta(Fila.Meta):
        verbose_name = _("variable de entorno")
        verbose_name_plural = plantilla.etiqueta("variables_entorno").texto
        constraints = [
            models.UniqueConstraint(
                fields=["informe", "nombre"], name="variable_entorno_unica_por_informe"
            ),
        ]

    def __str__(self):
        return self.nombre


class Diagrama(Fila):
    informe = models.ForeignKey(Informe, on_delete=models.CASCADE, related_name="diagramas")
    imagen = models.ImageField(
        _("imagen"), upload_to=ruta_diagrama, width_field="ancho", height_field="alto"
    )
    ancho = models.PositiveIntegerField(_("ancho"), default=0, editable=False)
    alto = models.PositiveIntegerField(_("alto"), default=0, editable=False)
    titulo = models.CharField(_("título"), max_length=200, validators=VALIDADORES_LINEA)
    leyenda = models.CharField(
        _("leyenda"), max_length=500, blank=True, validators=VALIDADORES_LINEA
    )
    # Recorded when the image is stored, so that snapshots and diffs never open it
    # (every autosave takes two snapshots; in production each open is a request
    # to the object store).
    sha256 = models.CharField(_("SHA-256 de la imagen"), max_length=64, blank=True, editable=False)

    class Meta(Fila.Meta):
        verbose_name = _("diagrama de arquitectura")
        verbose_name_plural = plantilla.etiqueta("diagramas").texto

    def __str__(self):
        return self.titulo

    def save(self, *args, **kwargs):
        if self.imagen and not self.imagen._committed:
            # An upload that reaches the model directly (the admin's form): its
            # bytes are still in memory, fingerprint them before they are stored.
            self.sha256 = huella(self.imagen)
        super().save(*args, **kwargs)

    def poner_imagen(self, contenido: File) -> None:
        """Store ``contenido`` (not saved yet) as the image and record its SHA-256."""
        self.sha256 = huella(contenido)
        contenido.seek(0)
        self.imagen.save(os.path.basename(contenido.name), contenido, save=False)


def huella(archivo: File) -> str:
    """SHA-256 of a file's bytes, read in chunks from its start."""
    archivo.seek(0)
    suma = hashlib.sha256()
    for trozo in archivo.chunks():
        suma.update(trozo)
    archivo.seek(0)
    return suma.hexdigest()
