"""Refused writes and the messages users read, named so views and tests share them."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .. import completitud
from ..models import MENSAJE_INMUTABLE, InformeInmutable

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
MENSAJE_SECRETOS = _(
    "El informe no se puede enviar a revisión: quite estas posibles credenciales, o márquelas "
    "como ejemplos inofensivos en la página del informe:"
)
MENSAJE_VER_SECRETOS = _("Ver las posibles credenciales en la página del informe")
MENSAJE_COMENTARIO_REQUERIDO = _("Escriba un comentario que explique los cambios que solicita.")
MENSAJE_COMENTARIO_VACIO = _("Escriba el comentario.")
MENSAJE_COMENTARIO_LARGO = _("El comentario no puede pasar de 5000 caracteres.")
MENSAJE_SECCION_INVALIDA = _("Elija una sección del informe.")
MENSAJE_HILO_LLENO = _(
    "Este comentario ya tiene demasiadas respuestas: resuma la conversación en un comentario nuevo."
)
MENSAJE_VERSION_ABIERTA = _(
    "Este informe ya tiene una versión en curso; termínela antes de crear otra."
)
MENSAJE_FECHA_PASADA = _("La próxima revisión no puede ser una fecha pasada.")
MENSAJE_FECHA_INVALIDA = _("Escriba una fecha válida (AAAA-MM-DD).")

MENSAJE_ENVIADO = _("El informe se envió a revisión.")
MENSAJE_RETIRADO = _("El informe se retiró de revisión y volvió a borrador.")
MENSAJE_APROBADO = _("El informe quedó aprobado.")
MENSAJE_CAMBIOS_SOLICITADOS = _("Se solicitaron cambios al autor.")
MENSAJE_NUEVA_VERSION = _("Se creó la versión %(version)s como borrador.")
MENSAJE_COMENTARIO_AGREGADO = _("Comentario agregado.")
MENSAJE_COMENTARIO_RESUELTO = _("Comentario marcado como resuelto.")
MENSAJE_COMENTARIO_REABIERTO = _("El comentario se reabrió.")
MENSAJE_RESPUESTA_AGREGADA = _("Respuesta agregada.")
MENSAJE_DESCARTADO = _(
    "Se descartó el borrador (versión %(version)s): ya no aparece en las listas; su historial "
    "se conserva."
)
MENSAJE_PROXIMA_REVISION = _("Se cambió la fecha de la próxima revisión.")
MENSAJE_INOFENSIVO = _("Se marcó como ejemplo inofensivo: %(descripcion)s en «%(etiqueta)s».")
MENSAJE_HALLAZGO_INEXISTENTE = _(
    "Esa posible credencial ya no está en el informe; revise la lista de hallazgos."
)

LARGO_COMENTARIO = 5000
MESES_PROXIMA_REVISION = 12


ERROR_NO_EDITABLE = _(
    "Este informe ya no se puede editar: solo los borradores y los informes con cambios "
    "solicitados admiten cambios."
)
ERROR_SIN_PERMISO = _("Usted no puede editar este informe.")
ERROR_CONFLICTO = _(
    "Otra persona guardó este informe mientras usted lo editaba. Sus cambios no se guardaron."
)
MENSAJE_FUSIONADO = _("Combinado con los cambios que otra persona guardó mientras tanto.")


class ErrorInforme(Exception):
    """A refused write to a report, with the message the user reads in ``mensaje``.

    Every refusal of the services belongs here, in two branches views tell apart:
    ``NoPermitido`` (a PermissionDenied, so 403 wherever it is not caught) and
    ``ErrorRevision`` (the review pages show its message). ``ConflictoEdicion``
    gets its own page. The model's ``InformeInmutable`` also carries ``mensaje``.
    """

    mensaje_por_defecto = MENSAJE_NO_PERMITIDO

    def __init__(self, mensaje=None):
        self.mensaje = mensaje or self.mensaje_por_defecto
        super().__init__(str(self.mensaje))


class NoPermitido(ErrorInforme, PermissionDenied):
    """The user may not do this to the report, or not in its estado: 403."""


class AccionNoPermitida(NoPermitido):
    """The policy refuses a review action."""


class VersionCerrada(AccionNoPermitida, InformeInmutable):
    """The action never applies to an approved or archived version: a 403 in a view."""

    mensaje_por_defecto = MENSAJE_INMUTABLE


class InformeNoEditable(NoPermitido):
    """The report's estado admits no change of content (approved versions are immutable)."""

    mensaje_por_defecto = ERROR_NO_EDITABLE


class EdicionNoPermitida(NoPermitido):
    """The user is not an author or co-author of the report."""

    mensaje_por_defecto = ERROR_SIN_PERMISO


class ConflictoEdicion(ErrorInforme):
    """Someone saved the report after the editor loaded it (optimistic lock)."""

    mensaje_por_defecto = ERROR_CONFLICTO

    def __init__(self, actual):
        super().__init__()
        self.actual = actual


class ConflictoFusion(ConflictoEdicion):
    """Both saves changed some labels or rows differently: a person decides each one.

    ``fusion`` is the merge (every other change already combined), ``pendientes``
    its conflicts no decision covers yet. Nothing was written.
    """

    def __init__(self, actual, fusion, pendientes):
        super().__init__(actual)
        self.fusion = fusion
        self.pendientes = pendientes


class ErrorRevision(ErrorInforme):
    """A refused review write whose message the page shows, beside a field or on top."""


class ConflictoConcurrente(ErrorRevision):
    mensaje_por_defecto = MENSAJE_CONFLICTO


class InformeIncompleto(ErrorRevision):
    """Some sections still have labels neither filled nor marked "No aplica"."""

    mensaje_por_defecto = MENSAJE_INCOMPLETO

    def __init__(self, pendientes: list[completitud.EstadoSeccion]):
        super().__init__()
        self.pendientes = pendientes


class InformeConSecretos(ErrorRevision):
    """Some text looks like a credential and its author has not marked it a harmless example.

    ``hallazgos`` are the pending findings as ``secretos.en_informe.hallazgos_informe``
    gives them (label, row, column, description, masked excerpt, fingerprint).
    """

    mensaje_por_defecto = MENSAJE_SECRETOS

    def __init__(self, hallazgos: list[dict]):
        super().__init__()
        self.hallazgos = hallazgos


class DatoInvalido(ErrorRevision):
    """Bad input to a review write; the message says which."""


class VersionAbierta(ErrorRevision):
    mensaje_por_defecto = MENSAJE_VERSION_ABIERTA
