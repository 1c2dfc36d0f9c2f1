"""The edit page's JSON endpoints: autosave (new and existing reports) and Markdown preview.

Every write goes through ``services.informe_guardar``; answers are JSON for the
page's script, a 401 when the session expired (the script stops autosaving
and asks the user to save by hand). A save answers ``ocultos`` (the hidden
inputs' new values: the counter and the base of a later merge) and
``recargar`` when the merge kept another save's changes the page must show; a
conflict answers 409 with the conflict page's ``url``.
"""

from functools import wraps

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .. import forms as formularios
from .. import markdown_seguro, policy, presentacion, services
from ..models import Informe
from . import conflicto
from .acceso import editable, exigir_creacion, obtener_visible
from .formulario import urls
from .ocultos import ocultos, ocultos_de

MENSAJE_SESION_EXPIRADA = _("Su sesión expiró: inicie sesión de nuevo para seguir guardando.")
MENSAJE_AUTOGUARDADO_ERRORES = _("No se guardó automáticamente: hay campos por corregir.")


def _json_requiere_sesion(vista):
    @wraps(vista)
    def envoltura(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse(
                {"ok": False, "sesion_expirada": True, "mensaje": str(MENSAJE_SESION_EXPIRADA)},
                status=401,
            )
        return vista(request, *args, **kwargs)

    return envoltura


def _hora_guardado() -> str:
    hora = date_format(timezone.localtime(), "H:i")
    return _g("Guardado %(hora)s") % {"hora": hora}


def _respuesta_guardado(informe: Informe, ocultos_: dict, **extra) -> JsonResponse:
    return JsonResponse(
        {
            "ok": True,
            "contador": informe.contador_cambios,
            "mensaje": _hora_guardado(),
            "ocultos": ocultos_,
            "recargar": False,
            **extra,
        }
    )


@require_POST
@_json_requiere_sesion
def autoguardar(request, pk: int):
    """Save the draft as typed so far (no uploads, no deletions of diagrams)."""
    informe = obtener_visible(request, pk)
    if not policy.puede(informe, request.user, policy.Accion.EDITAR):
        return JsonResponse({"ok": False, "mensaje": str(services.ERROR_NO_EDITABLE)}, status=403)
    formulario = formularios.FormularioInforme(informe=informe, data=request.POST)
    if not formulario.es_valido():
        return JsonResponse({"ok": False, "mensaje": str(MENSAJE_AUTOGUARDADO_ERRORES)}, status=400)
    try:
        guardado = services.informe_guardar_fusionando(
            informe=informe,
            editor=request.user,
            contador_esperado=formulario.contador(),
            base=formulario.base(),
            automatico=True,
            **formulario.datos_servicio(autoguardado=True),
        )
    except services.ConflictoEdicion:
        return conflicto.responder_json(request, informe, formulario)
    except services.NoPermitido as error:
        return JsonResponse({"ok": False, "mensaje": str(error.mensaje)}, status=403)
    except ValidationError:
        return JsonResponse({"ok": False, "mensaje": str(MENSAJE_AUTOGUARDADO_ERRORES)}, status=400)
    informe = guardado.informe
    return _respuesta_guardado(informe, ocultos(informe, guardado.base), recargar=guardado.recargar)


@require_POST
@_json_requiere_sesion
def autoguardar_nuevo(request):
    """First autosave of a new report: creates the draft and tells the page its URLs."""
    exigir_creacion(request)
    formulario = formularios.FormularioInforme(data=request.POST)
    if not formulario.es_valido():
        return JsonResponse({"ok": False, "mensaje": str(MENSAJE_AUTOGUARDADO_ERRORES)}, status=400)
    try:
        informe = services.informe_nuevo_guardar(
            autor=request.user, **formulario.datos_servicio(autoguardado=True)
        )
    except ValidationError:
        return JsonResponse({"ok": False, "mensaje": str(MENSAJE_AUTOGUARDADO_ERRORES)}, status=400)
    return _respuesta_guardado(informe, ocultos_de(informe), urls=urls(informe))


@require_POST
@_json_requiere_sesion
def vista_previa_markdown(request, pk: int | None = None):
    """Sanitized HTML of one Markdown field, rendered exactly as the detail page does."""
    imagenes = []
    if pk is not None:
        informe = editable(request, pk)
        imagenes = presentacion.urls_diagramas(informe)
    else:
        exigir_creacion(request)
    texto = request.POST.get("texto", "")
    return JsonResponse({"html": str(markdown_seguro.renderizar(texto, imagenes))})
