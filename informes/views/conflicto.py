"""The conflict page: a save merged with one that came first, each true conflict decided here.

A save (the form's or an autosave) whose merge finds labels or rows that both
saves changed differently writes nothing. Its values and base wait in the
shared cache under a random key bound to the user and the report, and
``/informes/<id>/conflicto/<clave>/`` shows every conflict with «Conservar el
mío», «Conservar el guardado» and an editable box, beside what is already
merged. Posting the decisions saves through the same service, which merges
again from what is stored then: a save that landed meanwhile brings the page
back with what changed. Nothing is written until every conflict is decided.
"""

import json
import re
import secrets
import zlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from .. import auditoria, limites, services
from ..forms.conflicto import ResolucionForm
from ..models import Informe
from .acceso import editable

PREFIJO = "informes:conflicto:"
CLAVE = re.compile(r"[A-Za-z0-9_-]{22}")
MENSAJE_RESUELTO = _("Borrador guardado con sus decisiones.")
MENSAJE_VENCIDO = _(
    "Ese conflicto ya no está pendiente: el formulario muestra lo que está guardado ahora."
)
MENSAJE_OTRA_VEZ = _(
    "Alguien volvió a guardar este informe mientras usted decidía. Revise de nuevo: sus "
    "decisiones se conservan donde nada cambió."
)
MENSAJE_DECIDA_TODO = _("Decida cada conflicto: nada se guarda hasta entonces.")
MENSAJE_ARCHIVOS = _(
    "Los archivos que eligió no se guardaron: vuelva a elegirlos después de decidir."
)


# --- What waits for the decisions.


def _guardar_pendiente(request, informe: Informe, formulario, *, autoguardado: bool) -> str:
    """Keep the save's values (its files aside) for the conflict page; the page's key."""
    argumentos = formulario.datos_servicio(autoguardado=autoguardado)
    argumentos.pop("diagramas_nuevos")
    registro = {
        "argumentos": argumentos,
        "base": formulario.base(),
        "contador": formulario.contador(),
    }
    clave = secrets.token_urlsafe(16)
    comprimido = zlib.compress(json.dumps(registro).encode())
    # Compressed, so that even the largest report stays under memcached's 1 MB.
    cache.set(
        PREFIJO + clave,
        {"usuario": request.user.pk, "informe": informe.pk, "datos": comprimido},
        limites.CONFLICTO_SEGUNDOS,
    )
    return clave


def _pendiente(request, informe: Informe, clave: str) -> dict | None:
    if not CLAVE.fullmatch(clave):
        return None
    guardado = cache.get(PREFIJO + clave)
    if not guardado or (guardado["usuario"], guardado["informe"]) != (request.user.pk, informe.pk):
        return None
    return json.loads(zlib.decompress(guardado["datos"]))


def _url(informe: Informe, clave: str) -> str:
    return reverse("informes:conflicto", args=[informe.pk, clave])


# --- Answers to a save that met a conflict.


def responder(request, informe: Informe, formulario):
    """The form's save: the conflict page at once (409), posting to its own address."""
    clave = _guardar_pendiente(request, informe, formulario, autoguardado=False)
    aviso = str(MENSAJE_ARCHIVOS) if request.FILES else ""
    return _pagina(request, informe, clave, _pendiente(request, informe, clave), aviso=aviso)


def responder_json(request, informe: Informe, formulario) -> JsonResponse:
    """An autosave: 409 with the conflict page's address for the page to open."""
    clave = _guardar_pendiente(request, informe, formulario, autoguardado=True)
    return JsonResponse(
        {
            "ok": False,
            "conflicto": True,
            "mensaje": str(services.ERROR_CONFLICTO),
            "url": _url(informe, clave),
        },
        status=409,
    )


# --- The page.


@never_cache
@login_required
def conflicto(request, pk: int, clave: str):
    """GET: the conflicts against what is stored now. POST: save with the decisions."""
    informe = editable(request, pk)
    registro = _pendiente(request, informe, clave)
    if registro is None:
        messages.info(request, MENSAJE_VENCIDO)
        return HttpResponseRedirect(reverse("informes:editar", args=[informe.pk]))
    if request.method != "POST":
        return _pagina(request, informe, clave, registro, status=200)
    fusion, contador = _fusion(informe, registro)
    formulario = ResolucionForm(fusion.conflictos, data=request.POST)
    if not formulario.is_valid():
        # Decisions name their conflict and both values: after another save,
        # those still meant apply, and the page says why it came back.
        visto = request.POST.get("visto")
        if visto is not None and visto != str(contador):
            return _pagina(request, informe, clave, registro, formulario=formulario,
                           mensaje=MENSAJE_OTRA_VEZ)  # fmt: skip
        return _pagina(request, informe, clave, registro, formulario=formulario, status=400,
                       mensaje=MENSAJE_DECIDA_TODO)  # fmt: skip
    try:
        services.informe_guardar_fusionando(
            informe=informe,
            editor=request.user,
            contador_esperado=registro["contador"],
            base=registro["base"],
            decisiones=formulario.decisiones(),
            **registro["argumentos"],
        )
    except services.ConflictoEdicion:
        # Someone saved again meanwhile: the page merges anew, keeping what still applies.
        return _pagina(request, informe, clave, registro, datos=request.POST, status=409,
                       mensaje=MENSAJE_OTRA_VEZ)  # fmt: skip
    except ValidationError as error:
        return _pagina(request, informe, clave, registro, formulario=formulario, status=400,
                       mensaje=" ".join(error.messages))  # fmt: skip
    cache.delete(PREFIJO + clave)
    messages.success(request, MENSAJE_RESUELTO)
    return HttpResponseRedirect(reverse("informes:editar", args=[informe.pk]))


def _fusion(informe: Informe, registro: dict) -> tuple[auditoria.Fusion, int]:
    """The saved values merged with the report as stored now, and its counter now."""
    actual = Informe.objects.get(pk=informe.pk)
    guardado = auditoria.contenido(actual)
    mio = auditoria.contenido_mio(guardado, **registro["argumentos"])
    fusion = auditoria.fusionar(auditoria.Base.leer(registro["base"]), mio, guardado)
    return fusion, actual.contador_cambios


def _pagina(request, informe, clave, registro, *, formulario=None, datos=None, status=409,
            mensaje="", aviso=""):  # fmt: skip
    fusion, contador = _fusion(informe, registro)
    if formulario is None:
        formulario = ResolucionForm(fusion.conflictos, data=datos)
        if datos is not None:
            formulario.is_valid()  # show which conflicts still need a decision
    contexto = {
        "informe": informe,
        "accion": _url(informe, clave),
        "visto": contador,
        "formulario": formulario,
        "conflictos": [_como_se_muestra(formulario, c) for c in fusion.conflictos],
        "propios": [auditoria.etiqueta_de(c) for c in fusion.propios],
        "ajenos": [auditoria.etiqueta_de(c) for c in fusion.ajenos],
        "ultimo": auditoria.ultimo_guardado(informe),
        "mensaje": mensaje,
        "aviso": aviso,
    }
    return render(request, "informes/conflicto.html", contexto, status=status)


def _como_se_muestra(formulario: ResolucionForm, c: auditoria.Conflicto) -> dict:
    """One conflict as the page lays it out: both values, the choice, the box."""
    return {
        "conflicto": c,
        "decision": formulario[formulario.nombre_decision(c)],
        "recuadro": [
            formulario[formulario.nombre_valor(c, col)] for col in formulario.verificadores[c.firma]
        ],  # fmt: skip
    }
