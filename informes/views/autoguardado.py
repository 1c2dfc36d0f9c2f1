"""The edit page's JSON endpoints: autosave (new and existing reports) and Markdown preview.

Every answer is JSON for the page's script, with ``ok`` and ``mensaje`` (what
the page shows as its save status). A save that went through also carries
``ocultos``: the form's hidden inputs the page must take (the lock counter and
the merge's base, ``views.ocultos``), and ``recargar`` when the stored report is
not exactly what the page sent (the merge kept another save's changes), so the
page reloads its values from the server. A refusal names its fields (400), or
says it may not (403), or that a save that came first changed the same labels
differently (409, with the conflict page's ``url``); an expired session is a
401. The save itself is one call, ``guardar``, for both endpoints: a stored
report's save is merged (``services.informe_guardar_fusionando``) with any save
that came after the page's ``base``.
"""

from dataclasses import dataclass

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
from .acceso import editable, exigir_creacion, obtener_visible, vista_json
from .formulario import urls
from .ocultos import ocultos, ocultos_de

MENSAJE_AUTOGUARDADO_ERRORES = _("No se guardó: corrija los campos marcados.")
MENSAJE_ERRORES_EN = _("No se guardó: corrija %(etiquetas)s.")


@dataclass(frozen=True)
class Guardado:
    """A save that went through: the report as stored, and whether the page must reload it."""

    informe: Informe
    ocultos: dict[str, str]
    recargar: bool = False


def guardar(request, informe: Informe | None, formulario) -> Guardado:
    """The one save of an autosave: a new report is created, a stored one saved.

    Raises what ``services.informe_guardar`` raises; nothing is written then.
    """
    datos = formulario.datos_servicio(autoguardado=True)
    if informe is None:
        creado = services.informe_nuevo_guardar(autor=request.user, **datos)
        return Guardado(creado, ocultos_de(creado))
    guardado = services.informe_guardar_fusionando(
        informe=informe,
        editor=request.user,
        contador_esperado=formulario.contador(),
        base=formulario.base(),
        automatico=True,
        **datos,
    )
    return Guardado(
        guardado.informe, ocultos(guardado.informe, guardado.base), recargar=guardado.recargar
    )


def hora_guardado() -> str:
    hora = date_format(timezone.localtime(), "H:i")
    return _g("Guardado %(hora)s") % {"hora": hora}


def respuesta_guardado(guardado: Guardado, **extra) -> JsonResponse:
    return JsonResponse(
        {
            "ok": True,
            "contador": guardado.informe.contador_cambios,
            "mensaje": hora_guardado(),
            "ocultos": guardado.ocultos,
            "recargar": guardado.recargar,
            **extra,
        }
    )


def respuesta_rechazo(mensaje, status: int, **extra) -> JsonResponse:
    return JsonResponse({"ok": False, "mensaje": str(mensaje), **extra}, status=status)


def respuesta_errores(formulario) -> JsonResponse:
    """400 naming the labels to fix, with each message under its input's name."""
    errores = formularios.errores_de(formulario)
    mensaje = MENSAJE_AUTOGUARDADO_ERRORES
    if errores.etiquetas:
        nombradas = ", ".join(f"«{e}»" for e in errores.etiquetas)
        mensaje = str(MENSAJE_ERRORES_EN) % {"etiquetas": nombradas}
    return respuesta_rechazo(mensaje, 400, errores=errores.por_campo, etiquetas=errores.etiquetas)


def _autoguardar(request, informe: Informe | None) -> JsonResponse:
    formulario = formularios.FormularioInforme(informe=informe, data=request.POST)
    if not formulario.es_valido():
        return respuesta_errores(formulario)
    try:
        guardado = guardar(request, informe, formulario)
    except services.ConflictoEdicion:
        return conflicto.responder_json(request, informe, formulario)
    except services.NoPermitido as error:
        return respuesta_rechazo(error.mensaje, 403)
    except ValidationError as error:
        # The forms check each field first; what is left is a rule of the whole
        # report (its text budget), said as it is.
        return respuesta_rechazo(" ".join(error.messages), 400, errores={"": error.messages})
    if informe is None:
        # The first autosave created the report: the page edits it from now on.
        creado = guardado.informe
        return respuesta_guardado(
            guardado,
            urls={**urls(creado), "detalle": creado.get_absolute_url()},
            titulo=str(creado),
            estado=creado.get_estado_display(),
        )
    return respuesta_guardado(guardado)


@require_POST
@vista_json
def autoguardar(request, pk: int):
    """Save the draft as typed so far (no uploads, no deletions of diagrams)."""
    informe = obtener_visible(request, pk)
    if not policy.puede(informe, request.user, policy.Accion.EDITAR):
        return respuesta_rechazo(services.ERROR_NO_EDITABLE, 403)
    return _autoguardar(request, informe)


@require_POST
@vista_json
def autoguardar_nuevo(request):
    """First autosave of a new report: creates the draft and tells the page its URLs."""
    exigir_creacion(request)
    return _autoguardar(request, None)


@require_POST
@vista_json
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
