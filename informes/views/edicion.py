"""Editing a report: new, edit, autosave, Markdown preview and the conflict page.

Every write goes through ``services.informe_guardar``; every permission
question goes to ``policy``. A POST that arrives after the session expired is
kept in the (new, anonymous) session and offered again after the login.
"""

from functools import wraps
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import filas as tipos_de_fila
from .. import forms as formularios
from .. import markdown_seguro, plantilla, policy, presentacion, selectors, services
from ..models import Informe
from . import revision

SESION_PENDIENTE = "informes_envio_pendiente"
TAMANO_PENDIENTE_MAXIMO = 2 * 1024 * 1024
MENSAJE_GUARDADO = _("Borrador guardado.")
MENSAJE_ERRORES = _("El informe no se guardó: corrija los campos marcados.")
MENSAJE_RECUPERADO = _(
    "Su sesión había expirado. Recuperamos lo que escribió, pero aún no está guardado: "
    "revíselo y pulse «Guardar borrador». Los archivos adjuntos no se pudieron conservar: "
    "vuelva a elegirlos."
)
MENSAJE_SESION_EXPIRADA = _("Su sesión expiró: inicie sesión de nuevo para seguir guardando.")
MENSAJE_AUTOGUARDADO_ERRORES = _("No se guardó automáticamente: hay campos por corregir.")
MENSAJE_FILAS_AGREGADAS = _("Se agregaron filas vacías. Los cambios aún no están guardados.")
MENSAJE_ARCHIVOS_NO_CONSERVADOS = _(
    "Los archivos elegidos no se conservan en esta vista: vuelva a elegirlos antes de guardar."
)


# --- Access.


def _sesion_expirada_conservando(vista):
    """Login required; an anonymous POST is kept in the session, then sent to login."""

    @wraps(vista)
    def envoltura(request, *args, **kwargs):
        if request.user.is_authenticated:
            return vista(request, *args, **kwargs)
        if request.method == "POST":
            datos = {
                k: v for k, v in request.POST.lists() if k not in ("csrfmiddlewaretoken", "accion")
            }
            if sum(len(x) for valores in datos.values() for x in valores) < TAMANO_PENDIENTE_MAXIMO:
                request.session[SESION_PENDIENTE] = {"ruta": request.path, "datos": datos}
        return redirect_to_login(request.path)

    return envoltura


def _recuperar_pendiente(request) -> QueryDict | None:
    pendiente = request.session.get(SESION_PENDIENTE)
    if not pendiente or pendiente.get("ruta") != request.path:
        return None
    del request.session[SESION_PENDIENTE]
    datos = QueryDict(mutable=True)
    for clave, valores in pendiente.get("datos", {}).items():
        datos.setlist(clave, [str(v) for v in valores])
    return datos


def _editable(request, pk: int) -> Informe:
    """The report if the user may edit it: 404 when they may not see it, else 403."""
    informe = selectors.informe_para_detalle(pk)
    if not policy.puede(informe, request.user, policy.Accion.VER):
        raise Http404
    policy.exigir(informe, request.user, policy.Accion.EDITAR)
    return informe


def _exigir_creacion(request) -> None:
    if not policy.puede_crear(request.user):
        raise PermissionDenied


# --- Pages.


@never_cache
@_sesion_expirada_conservando
def nuevo(request):
    """A blank report form; saving creates a draft owned by the user."""
    _exigir_creacion(request)
    if request.method == "POST":
        return _procesar(request, None)
    recuperado = _recuperar_pendiente(request)
    formulario = formularios.FormularioInforme(data=recuperado)
    return _mostrar(request, formulario, None, recuperado=recuperado is not None)


@never_cache
@_sesion_expirada_conservando
def editar(request, pk: int):
    """The report's form; only its authors edit it, and only while editable."""
    informe = _editable(request, pk)
    if request.method == "POST":
        return _procesar(request, informe)
    recuperado = _recuperar_pendiente(request)
    formulario = formularios.FormularioInforme(informe=informe, data=recuperado)
    return _mostrar(request, formulario, informe, recuperado=recuperado is not None)


def _procesar(request, informe: Informe | None):
    accion = request.POST.get("accion", "guardar")
    datos = request.POST
    if accion == "agregar_filas":
        datos = formularios.con_filas_extra(datos)
        formulario = formularios.FormularioInforme(informe=informe, data=datos)
        return _mostrar(request, formulario, informe, aviso=_aviso_archivos(request))
    if accion == "requisitos":
        datos, leidos = formularios.con_requisitos(datos)
        formulario = formularios.FormularioInforme(informe=informe, data=datos)
        return _mostrar(request, formulario, informe, requisitos=leidos)
    if accion.startswith("mover:"):
        datos = _mover(datos, accion)
    formulario = formularios.FormularioInforme(informe=informe, data=datos, files=request.FILES)
    if not formulario.es_valido():
        return _mostrar(request, formulario, informe, status=400, errores=True)
    if accion == "vista_previa":
        vista = presentacion.secciones(_sin_guardar(formulario, informe))
        return _mostrar(request, formulario, informe, vista_previa=vista)
    # services.NoPermitido (the estado or the authors changed since the policy
    # check) is a PermissionDenied: it answers 403 by itself.
    try:
        if informe is None:
            informe = services.informe_nuevo_guardar(
                autor=request.user, **formulario.datos_servicio()
            )
        else:
            informe = services.informe_guardar(
                informe=informe,
                editor=request.user,
                contador_esperado=formulario.contador(),
                **formulario.datos_servicio(),
            )
    except services.ConflictoEdicion as conflicto:
        return _conflicto(request, formulario, conflicto.actual)
    except ValidationError as error:
        # The forms check the same rules first; this is a last line of defence.
        formulario.control.add_error(None, error)
        return _mostrar(request, formulario, informe, status=400, errores=True)
    messages.success(request, MENSAJE_GUARDADO)
    return HttpResponseRedirect(reverse("informes:editar", args=[informe.pk]))


def _mover(datos: QueryDict, accion: str) -> QueryDict:
    try:
        _, indice, direccion = accion.split(":")
        paso = {"arriba": -1, "abajo": 1}[direccion]
        return formularios.con_diagrama_movido(datos, int(indice), paso)
    except (ValueError, KeyError):
        return datos


def _aviso_archivos(request) -> str:
    return str(MENSAJE_ARCHIVOS_NO_CONSERVADOS) if request.FILES else ""


class _Filas(list):
    def all(self):
        return self


def _sin_guardar(formulario, informe: Informe | None):
    """An unsaved report built from the form, shaped for ``presentacion.secciones``."""
    datos = formulario.datos_servicio()
    filas = datos["filas"]
    modelos = {campo: tipo.modelo for campo, tipo in tipos_de_fila.LISTAS.items()}
    diagramas = []
    if informe is not None:
        guardados = {d.pk: d for d in informe.diagramas.all()}
        pks = [d["pk"] for d in datos["diagramas"] if not d["borrar"]]
        diagramas = [guardados[pk] for pk in pks if pk in guardados]
    return SimpleNamespace(
        **datos["campos"],
        no_aplica=datos["no_aplica"],
        diagramas=_Filas(diagramas),
        **{tipo: _Filas(modelos[tipo](**f) for f in lista) for tipo, lista in filas.items()},
    )


def _conflicto(request, formulario, actual: Informe):
    """409: the user's values stay in the form, beside what is stored now."""
    actual = selectors.informe_para_detalle(actual.pk)
    mios = formulario.datos_servicio()
    diferencias = []
    for etiqueta in plantilla.ETIQUETAS:
        campo = etiqueta.campo
        if etiqueta.campo == "diagramas":
            continue
        if etiqueta.es_filas:
            suyo = [" ".join(str(v) for v in f.values() if v) for f in mios["filas"][campo]]
            guardado = [str(f) for f in getattr(actual, campo).all()]
            suyo, guardado = "\n".join(suyo), "\n".join(guardado)
        else:
            suyo, guardado = mios["campos"].get(campo, ""), getattr(actual, campo)
        motivo_suyo = mios["no_aplica"].get(campo, "")
        motivo_guardado = (actual.no_aplica or {}).get(campo, "")
        if suyo != guardado or motivo_suyo != motivo_guardado:
            diferencias.append(
                {
                    "etiqueta": etiqueta,
                    "suyo": suyo,
                    "guardado": guardado,
                    "motivo_suyo": motivo_suyo,
                    "motivo_guardado": motivo_guardado,
                }
            )
    # Re-bind the user's values with the current counter, so re-submitting
    # deliberately replaces what is stored.
    datos = formulario.control.data.copy()
    datos["contador_cambios"] = str(actual.contador_cambios)
    nuevo = formularios.FormularioInforme(informe=actual, data=datos)
    return _mostrar(
        request,
        nuevo,
        actual,
        status=409,
        conflicto=diferencias,
        aviso=_aviso_archivos(request),
    )


def _mostrar(request, formulario, informe, *, status=200, recuperado=False, **extra):
    sin_guardar = formulario.ligado
    contexto = {
        "formulario": formulario,
        "bloques": formulario.bloques(),
        "informe": informe,
        "recuperado": recuperado,
        "sin_guardar": sin_guardar,
        "cantidad_errores": formulario.cantidad_errores() if extra.get("errores") else 0,
        "diagramas_guardados": formulario.diagramas.diagramas,
        "urls": _urls(informe),
        "hay_conflicto": "conflicto" in extra,
        "mensaje_errores": MENSAJE_ERRORES,
        **_contexto_revision(request, informe),
        **extra,
    }
    if recuperado:
        messages.warning(request, MENSAJE_RECUPERADO)
    return render(request, "informes/formulario.html", contexto, status=status)


def _contexto_revision(request, informe: Informe | None) -> dict:
    """The reviewers' comments beside each section, as the detail page shows them."""
    if informe is None:
        return {"acciones": frozenset(), "comentarios": []}
    return {
        "acciones": policy.acciones_permitidas(informe, request.user),
        "volver_formulario": revision.VOLVER_FORMULARIO,
        **revision.contexto_revision(informe, request.user),
    }


def _urls(informe: Informe | None) -> dict[str, str]:
    if informe is None:
        return {
            "accion": reverse("informes:nuevo"),
            "autoguardar": reverse("informes:autoguardar_nuevo"),
            "vista_previa": reverse("informes:vista_previa_markdown"),
        }
    return {
        "accion": reverse("informes:editar", args=[informe.pk]),
        "autoguardar": reverse("informes:autoguardar", args=[informe.pk]),
        "vista_previa": reverse("informes:vista_previa_markdown_informe", args=[informe.pk]),
    }


# --- JSON endpoints used by the page's script.


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


def _respuesta_guardado(informe: Informe, **extra) -> JsonResponse:
    return JsonResponse(
        {
            "ok": True,
            "contador": informe.contador_cambios,
            "mensaje": _hora_guardado(),
            **extra,
        }
    )


@require_POST
@_json_requiere_sesion
def autoguardar(request, pk: int):
    """Save the draft as typed so far (no uploads, no deletions of diagrams)."""
    informe = selectors.informe_para_detalle(pk)
    if not policy.puede(informe, request.user, policy.Accion.VER):
        raise Http404
    if not policy.puede(informe, request.user, policy.Accion.EDITAR):
        return JsonResponse({"ok": False, "mensaje": str(services.ERROR_NO_EDITABLE)}, status=403)
    formulario = formularios.FormularioInforme(informe=informe, data=request.POST)
    if not formulario.es_valido():
        return JsonResponse({"ok": False, "mensaje": str(MENSAJE_AUTOGUARDADO_ERRORES)}, status=400)
    try:
        informe = services.informe_guardar(
            informe=informe,
            editor=request.user,
            contador_esperado=formulario.contador(),
            **formulario.datos_servicio(autoguardado=True),
        )
    except services.ConflictoEdicion:
        return JsonResponse(
            {"ok": False, "conflicto": True, "mensaje": str(services.ERROR_CONFLICTO)}, status=409
        )
    except services.NoPermitido as error:
        return JsonResponse({"ok": False, "mensaje": str(error.mensaje)}, status=403)
    except ValidationError:
        return JsonResponse({"ok": False, "mensaje": str(MENSAJE_AUTOGUARDADO_ERRORES)}, status=400)
    return _respuesta_guardado(informe)


@require_POST
@_json_requiere_sesion
def autoguardar_nuevo(request):
    """First autosave of a new report: creates the draft and tells the page its URLs."""
    _exigir_creacion(request)
    formulario = formularios.FormularioInforme(data=request.POST)
    if not formulario.es_valido():
        return JsonResponse({"ok": False, "mensaje": str(MENSAJE_AUTOGUARDADO_ERRORES)}, status=400)
    try:
        informe = services.informe_nuevo_guardar(
            autor=request.user, **formulario.datos_servicio(autoguardado=True)
        )
    except ValidationError:
        return JsonResponse({"ok": False, "mensaje": str(MENSAJE_AUTOGUARDADO_ERRORES)}, status=400)
    return _respuesta_guardado(informe, urls=_urls(informe))


@require_POST
@_json_requiere_sesion
def vista_previa_markdown(request, pk: int | None = None):
    """Sanitized HTML of one Markdown field, rendered exactly as the detail page does."""
    imagenes = []
    if pk is not None:
        informe = _editable(request, pk)
        imagenes = presentacion.urls_diagramas(informe)
    else:
        _exigir_creacion(request)
    texto = request.POST.get("texto", "")
    return JsonResponse({"html": str(markdown_seguro.renderizar(texto, imagenes))})
