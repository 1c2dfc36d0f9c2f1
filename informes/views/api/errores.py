"""Errors under /api/ as JSON, never HTML: ``{"error": ..., "campos": {...}}`` and a status.

``manejar`` is DRF's exception handler: the services' refusals, Django's and
DRF's exceptions each get their status and a Spanish message; field errors go
to ``campos`` as ``{"bibliotecas.0.version": [...]}``. ``no_encontrado``,
``peticion_invalida``, ``prohibido`` and ``error_servidor`` are the project's
error handlers: JSON for a path under /api/, the app's pages elsewhere.
"""

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError,
)
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from ... import services
from ...forms.api import errores_planos
from ...models import InformeInmutable
from .advertencias import advertencia, campo_api
from .autenticacion import MENSAJE_RITMO

PREFIJO = "/api/"

MENSAJE_NO_ENCONTRADO = _("No existe, o no tiene acceso a ello.")
MENSAJE_PROHIBIDO = _("No tiene permiso para hacer eso.")
MENSAJE_SIN_CREDENCIALES = _(
    "Autentíquese con la cabecera «Authorization: Bearer <token>» (cree uno en «Tokens de "
    "acceso») o con una sesión iniciada."
)
MENSAJE_CAMPOS = _("Hay campos por corregir.")
MENSAJE_METODO = _("Esta dirección no admite el método %(metodo)s.")
MENSAJE_TIPO = _("Envíe el cuerpo como JSON (Content-Type: application/json).")
MENSAJE_PETICION = _("La petición no es válida.")
MENSAJE_SERVIDOR = _("Error interno: quedó registrado; intente de nuevo más tarde.")
MENSAJE_INCOMPLETA = _("Llene esta etiqueta o márquela «No aplica» con su motivo.")
MENSAJE_GRANDE = _("El cuerpo de la petición es demasiado grande.")


class ErrorAPI(exceptions.APIException):
    """A refusal with its status, message, field errors and any further keys of the body."""

    def __init__(self, estado: int, mensaje, campos: dict | None = None, **extra):
        super().__init__(str(mensaje))
        self.status_code = estado
        self.campos = campos or {}
        self.extra = extra


def cuerpo(mensaje, campos: dict | None = None, **extra) -> dict:
    return {"error": str(mensaje), "campos": campos or {}, **extra}


def _pendientes(error: services.InformeIncompleto) -> tuple[dict, list]:
    campos, secciones = {}, []
    for estado in error.pendientes:
        etiquetas = [e.campo for e in estado.seccion.etiquetas if e in estado.pendientes]
        campos.update({c: [str(MENSAJE_INCOMPLETA)] for c in etiquetas})
        secciones.append(
            {
                "seccion": estado.seccion.numero,
                "titulo": estado.seccion.titulo,
                "etiquetas": etiquetas,
            }
        )
    return campos, secciones


def _traducir(exc):
    """(status, message, fields, extra keys, headers) for an exception the API knows, or None."""
    if isinstance(exc, ErrorAPI):
        return exc.status_code, exc.detail, exc.campos, exc.extra, {}
    if isinstance(exc, services.InformeIncompleto):
        campos, secciones = _pendientes(exc)
        return 409, exc.mensaje, campos, {"secciones_incompletas": secciones}, {}
    if isinstance(exc, services.InformeConSecretos):
        campos = {campo_api(h): [h["descripcion"]] for h in exc.hallazgos}
        return (
            409,
            exc.mensaje,
            campos,
            {"advertencias": [advertencia(h) for h in exc.hallazgos]},
            {},
        )
    if isinstance(exc, services.ConflictoEdicion):
        return 412, exc.mensaje, {}, {}, {}
    if isinstance(exc, services.ConflictoConcurrente | services.VersionAbierta):
        return 409, exc.mensaje, {}, {}, {}
    if isinstance(exc, services.DatoInvalido):
        return 400, exc.mensaje, {}, {}, {}
    if isinstance(exc, services.ErrorInforme | InformeInmutable):
        return 403, exc.mensaje, {}, {}, {}
    if isinstance(exc, ValidationError):
        campos = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        return 400, MENSAJE_CAMPOS, {k.replace("__all__", ""): v for k, v in campos.items()}, {}, {}
    if isinstance(exc, Http404 | exceptions.NotFound):
        return 404, MENSAJE_NO_ENCONTRADO, {}, {}, {}
    if isinstance(exc, RequestDataTooBig):
        return 413, MENSAJE_GRANDE, {}, {}, {}
    if isinstance(exc, SuspiciousOperation):
        return 400, MENSAJE_PETICION, {}, {}, {}
    if isinstance(exc, PermissionDenied):
        return 403, MENSAJE_PROHIBIDO, {}, {}, {}
    return _traducir_drf(exc)


def _traducir_drf(exc):
    if not isinstance(exc, exceptions.APIException):
        return None
    cabeceras = {}
    if getattr(exc, "auth_header", None):
        cabeceras["WWW-Authenticate"] = exc.auth_header
    if isinstance(exc, exceptions.ValidationError):
        return 400, MENSAJE_CAMPOS, errores_planos(exc.detail), {}, cabeceras
    if isinstance(exc, exceptions.NotAuthenticated):
        return 401, MENSAJE_SIN_CREDENCIALES, {}, {}, cabeceras
    if isinstance(exc, exceptions.MethodNotAllowed):
        return 405, MENSAJE_METODO % {"metodo": exc.args[0]}, {}, {}, cabeceras
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return 415, MENSAJE_TIPO, {}, {}, cabeceras
    if isinstance(exc, exceptions.Throttled):
        espera = max(1, int(exc.wait or 60))
        cabeceras["Retry-After"] = str(espera)
        return 429, MENSAJE_RITMO % {"segundos": espera}, {}, {}, cabeceras
    if (
        isinstance(exc, exceptions.PermissionDenied)
        and exc.detail == exceptions.PermissionDenied.default_detail
    ):
        return 403, MENSAJE_PROHIBIDO, {}, {}, cabeceras
    return exc.status_code, str(exc.detail), {}, {}, cabeceras


def manejar(exc, context):
    """DRF's exception handler: every error the API answers, as JSON."""
    traducido = _traducir(exc)
    if traducido is None:
        return None  # a bug: Django's 500, which ``error_servidor`` answers as JSON
    estado, mensaje, campos, extra, cabeceras = traducido
    set_rollback()
    return Response(cuerpo(mensaje, campos, **extra), status=estado, headers=cabeceras)


def _json(request, estado: int, mensaje) -> JsonResponse:
    respuesta = JsonResponse(cuerpo(mensaje), status=estado)
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta


def _es_api(request) -> bool:
    return request.path.startswith(PREFIJO)


def no_encontrado(request, exception=None):
    if _es_api(request):
        return _json(request, 404, MENSAJE_NO_ENCONTRADO)
    return defaults.page_not_found(request, exception)


def peticion_invalida(request, exception=None):
    if _es_api(request):
        if isinstance(exception, RequestDataTooBig):
            return _json(request, 413, MENSAJE_GRANDE)
        return _json(request, 400, MENSAJE_PETICION)
    return defaults.bad_request(request, exception)


def prohibido(request, exception=None):
    if _es_api(request):
        return _json(request, 403, MENSAJE_PROHIBIDO)
    return defaults.permission_denied(request, exception)


def error_servidor(request):
    if _es_api(request):
        return _json(request, 500, MENSAJE_SERVIDOR)
    return defaults.server_error(request)
