"""The edit page's diagram endpoints: a chosen file stored at once, a diagram removed at once.

JSON for the page's script, with ``ok`` and ``mensaje`` as the autosave
answers, and ``ocultos`` when the page was up to date (``views.ocultos``): what is
stored is then the page's base with this one change, so it becomes the new base.
A refused file gets its reason in ``errores`` under the upload input's name and
nothing is stored. Files are checked exactly as a save's uploads are
(``forms.SubidaInmediataForm``); the report's caps again by the service.
"""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import forms as formularios
from .. import services
from ..models import Diagrama
from .acceso import editable, vista_json
from .autoguardado import respuesta_rechazo
from .ocultos import ocultos_de

CAMPO_ARCHIVOS = "archivos"
MENSAJE_QUITADO = _("Diagrama quitado.")


def _contador(request) -> int | None:
    try:
        return int(request.POST.get("contador_cambios", ""))
    except ValueError:
        return None


def _como_json(diagrama: Diagrama) -> dict:
    """What the page needs to list a stored diagram: never its file's name."""
    return {
        "pk": diagrama.pk,
        "titulo": diagrama.titulo,
        "leyenda": diagrama.leyenda,
        "ancho": diagrama.ancho,
        "alto": diagrama.alto,
        "url": reverse("informes:diagrama", args=[diagrama.informe_id, diagrama.pk]),
        "quitar": reverse("informes:quitar_diagrama", args=[diagrama.informe_id, diagrama.pk]),
    }


def _rechazo_archivos(mensajes: list[str]) -> JsonResponse:
    return respuesta_rechazo(" ".join(mensajes), 400, errores={CAMPO_ARCHIVOS: mensajes})


@require_POST
@vista_json
def subir(request, pk: int):
    """Store the files of ``archivos`` as new diagrams of the report, all or none."""
    informe = editable(request, pk)
    formulario = formularios.SubidaInmediataForm(
        request.POST, request.FILES, diagramas=informe.diagramas.all()
    )
    if not formulario.is_valid():
        return _rechazo_archivos([m for e in formulario.errors.values() for m in e])
    try:
        escritura = services.diagramas_subir(
            informe=informe,
            usuario=request.user,
            nuevos=formulario.nuevos(),
            contador_visto=_contador(request),
        )
    except ValidationError as error:
        return _rechazo_archivos(error.messages)
    cantidad = len(escritura.diagramas)
    mensaje = ngettext("Se guardó %(n)d diagrama.", "Se guardaron %(n)d diagramas.", cantidad)
    return JsonResponse(
        {
            "ok": True,
            "mensaje": mensaje % {"n": cantidad},
            "diagramas": [_como_json(d) for d in escritura.diagramas],
            "ocultos": ocultos_de(escritura.informe) if escritura.al_dia else {},
        }
    )


@require_POST
@vista_json
def quitar(request, pk: int, diagrama_pk: int):
    """Remove one diagram of the report now («Quitar»)."""
    informe = editable(request, pk)
    diagrama = get_object_or_404(Diagrama, pk=diagrama_pk, informe=informe)
    escritura = services.diagrama_quitar(
        informe=informe, usuario=request.user, diagrama=diagrama, contador_visto=_contador(request)
    )
    return JsonResponse(
        {
            "ok": True,
            "mensaje": str(MENSAJE_QUITADO),
            "ocultos": ocultos_de(escritura.informe) if escritura.al_dia else {},
        }
    )
