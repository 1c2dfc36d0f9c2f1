"""The report form's page: new and edit, saving, its no-JavaScript round trips, the preview.

Every write goes through ``services.informe_guardar``; every permission
question goes to ``policy``. «Enviar a revisión» from the form saves first. A
POST that arrives after the session expired is kept in the (new, anonymous)
session and offered again after the login. The autosave endpoints live in
``autoguardado``, the conflict page in ``conflicto``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from .. import forms as formularios
from .. import services, vista_previa
from ..models import Informe
from . import conflicto
from .acceso import editable, exigir_creacion
from .formulario import aviso_archivos, mostrar
from .revision import mensaje_incompleto
from .sesion import recuperar_pendiente, sesion_expirada_conservando

MENSAJE_GUARDADO = _("Borrador guardado.")
MENSAJE_RECUPERADO = _(
    "Su sesión había expirado. Recuperamos lo que escribió, pero aún no está guardado: "
    "revíselo y pulse «Guardar borrador». Los archivos adjuntos no se pudieron conservar: "
    "vuelva a elegirlos."
)


# --- Pages.


@never_cache
@sesion_expirada_conservando
def nuevo(request):
    """A blank report form; saving creates a draft owned by the user."""
    exigir_creacion(request)
    if request.method == "POST":
        return _procesar(request, None)
    recuperado = recuperar_pendiente(request)
    formulario = formularios.FormularioInforme(data=recuperado)
    return _mostrar(request, formulario, None, recuperado=recuperado is not None)


@never_cache
@sesion_expirada_conservando
def editar(request, pk: int):
    """The report's form; only its authors edit it, and only while editable."""
    informe = editable(request, pk)
    if request.method == "POST":
        return _procesar(request, informe)
    recuperado = recuperar_pendiente(request)
    formulario = formularios.FormularioInforme(informe=informe, data=recuperado)
    return _mostrar(request, formulario, informe, recuperado=recuperado is not None)


def _procesar(request, informe: Informe | None):
    accion = request.POST.get("accion", "guardar")
    datos = request.POST
    if accion == "agregar_filas":
        datos = formularios.con_filas_extra(datos)
        formulario = formularios.FormularioInforme(informe=informe, data=datos)
        return _mostrar(request, formulario, informe, aviso=aviso_archivos(request))
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
        vista = vista_previa.secciones(formulario.instantanea(), formulario.diagramas_conservados())
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
                base=formulario.base(),
                **formulario.datos_servicio(),
            )
    except services.ConflictoEdicion:
        return conflicto.responder(request, informe, formulario)
    except ValidationError as error:
        # The forms check the same rules first; this is a last line of defence.
        formulario.control.add_error(None, error)
        return _mostrar(request, formulario, informe, status=400, errores=True)
    messages.success(request, MENSAJE_GUARDADO)
    if accion == "enviar":
        return _enviar(request, informe)
    return HttpResponseRedirect(reverse("informes:editar", args=[informe.pk]))


def _enviar(request, informe: Informe):
    """«Enviar a revisión» from the form, once its values are saved: to the report's page,
    or back to the form naming every label still missing, each a link to its field."""
    try:
        informe = services.informe_enviar(
            informe=informe, usuario=request.user, contador_visto=informe.contador_cambios
        )
    except services.InformeIncompleto as error:
        messages.error(request, mensaje_incompleto(informe, error.pendientes, en_formulario=True))
        return HttpResponseRedirect(reverse("informes:editar", args=[informe.pk]))
    except services.ErrorRevision as error:
        messages.error(request, error.mensaje)
        return HttpResponseRedirect(reverse("informes:editar", args=[informe.pk]))
    messages.success(request, services.MENSAJE_ENVIADO)
    return HttpResponseRedirect(informe.get_absolute_url())


def _mover(datos: QueryDict, accion: str) -> QueryDict:
    try:
        _, indice, direccion = accion.split(":")
        paso = {"arriba": -1, "abajo": 1}[direccion]
        return formularios.con_diagrama_movido(datos, int(indice), paso)
    except (ValueError, KeyError):
        return datos


def _mostrar(request, formulario, informe, *, recuperado=False, **extra):
    if recuperado:
        messages.warning(request, MENSAJE_RECUPERADO)
    return mostrar(request, formulario, informe, recuperado=recuperado, **extra)
