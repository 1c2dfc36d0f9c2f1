"""Refused writes and the messages users read, named so views and tests share them."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .. import completitud

MENSAJE_NO_PERMITIDO = _("No puede realizar esa acción sobre este informe en su estado actual.")
MENSAJE_NO_EDITABLE = _("Este informe no se puede modificar en su estado actual.")
MENSAJE_CONFLICTO = _(
    "Otra persona cambió este informe mientras usted lo veía. Revise su estado actual y, si "
    "aún corresponde, intente de nuevo."
)
MENSAJE_INCOMPLETO = _(
    "El informe no se puede enviar a revisión: llene o marque «No aplica» (con su motivo) "
    "cada etiqueta de estas secciones:"
)
MENSAJE_COMENTARIO_REQUERIDO = _("Escriba un comentario que explique los cambios que solicita.")
MENSAJE_COMENTARIO_VACIO = _("Escriba el comentario.")
MENSAJE_COMENTARIO_LARGO = _("El comentario no puede pasar de 5000 caracteres.")
MENSAJE_SECCION_INVALIDA = _("Elija una sección del informe.")
MENSAJE_VERSION_ABIERTA = _(
    "Este informe ya tiene una versión en curso; termínela antes de crear otra."
)
MENSAJE_FECHA_PASADA = _("La próxima revisión no puede ser una fecha pasada.")

MENSAJE_ENVIADO = _("El informe se envió a revisión.")
MENSAJE_RETIRADO = _("El informe se retiró de revisión y volvió a borrador.")
MENSAJE_APROBADO = _("El informe quedó aprobado.")
MENSAJE_CAMBIOS_SOLICITADOS = _("Se solicitaron cambios al autor.")
MENSAJE_NUEVA_VERSION = _("Se creó la versión %(version)s como borrador.")
MENSAJE_COMENTARIO_AGREGADO = _("Comentario agregado.")
MENSAJE_COMENTARIO_RESUELTO = _("Comentario marcado como resuelto.")
MENSAJE_PROXIMA_REVISION = _("Se cambió la fecha de la próxima revisión.")

LARGO_COMENTARIO = 5000
MESES_PROXIMA_REVISION = 12


class ErrorRevision(Exception):
    """A refused write, with the message the user sees."""

    mensaje_por_defecto = MENSAJE_NO_PERMITIDO

    def __init__(self, mensaje=None):
        self.mensaje = mensaje or self.mensaje_por_defecto
        super().__init__(str(self.mensaje))


class AccionNoPermitida(ErrorRevision, PermissionDenied):
    """The policy refuses the action; as PermissionDenied it answers 403."""


class ConflictoConcurrente(ErrorRevision):
    mensaje_por_defecto = MENSAJE_CONFLICTO


class InformeIncompleto(ErrorRevision):
    """Some sections still have labels neither filled nor marked "No aplica"."""

    mensaje_por_defecto = MENSAJE_INCOMPLETO

    def __init__(self, pendientes: list[completitud.EstadoSeccion]):
        super().__init__()
        self.pendientes = pendientes


class DatoInvalido(ErrorRevision):
    """Bad input to a review write; the message says which."""


class VersionAbierta(ErrorRevision):
    mensaje_por_defecto = MENSAJE_VERSION_ABIERTA
