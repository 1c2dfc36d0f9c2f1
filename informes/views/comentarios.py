"""Review comments as threads: comment, reply, resolve, reopen, from a page or its script.

A plain form post answers with a redirect back to where it was made: the
report's page at the thread, or the edit form at the section (only a fixed
value, never a posted URL). The pages' script asks for JSON and gets the
section's comments rendered anew, so the page never leaves. A refusal shows its
message beside the box that caused it. Every write goes through ``services``,
which asks ``policy``; a refusal of the policy is a 403.
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import policy, services
from ..models import ComentarioRevision, Informe
from .acceso import obtener_visible, pagina_o_json, quiere_json
from .formulario import VOLVER_FORMULARIO
from .paginas import contexto_detalle, contexto_revision


def _en_formulario(request, informe: Informe) -> bool:
    return request.POST.get("volver") == VOLVER_FORMULARIO and policy.puede(
        informe, request.user, policy.Accion.EDITAR
    )


def _seccion_posteada(request) -> int | None:
    valor = request.POST.get("seccion", "")
    if not valor:
        return None
    try:
        return int(valor)
    except ValueError:
        return -1  # the service refuses it with its message


def _hilo(request, informe: Informe, pk: int) -> ComentarioRevision:
    """A thread's first comment of this report (404 for a reply or another report's)."""
    comentario = get_object_or_404(ComentarioRevision, pk=pk, informe=informe, respuesta_a=None)
    comentario.informe = informe
    return comentario


def _comentarios_de_seccion(request, informe: Informe, numero: int) -> str:
    """The section's comments as the page shows them, for the script to put in place."""
    informe.refresh_from_db(fields=["estado", "contador_cambios"])
    contexto = {
        **contexto_revision(informe),
        "informe": informe,
        "acciones": policy.acciones_permitidas(informe, request.user),
        "numero": numero,
        "en_formulario": _en_formulario(request, informe),
    }
    return render_to_string("informes/revision/_comentarios.html", contexto, request=request)


def _hecho(request, informe: Informe, comentario: ComentarioRevision, mensaje):
    """After a write: the section's comments in JSON, or back to where the form was."""
    numero = comentario.seccion or 0
    if quiere_json(request):
        html = _comentarios_de_seccion(request, informe, numero)
        return JsonResponse({"ok": True, "mensaje": str(mensaje), "seccion": numero, "html": html})
    messages.success(request, mensaje)
    hilo = comentario.respuesta_a_id or comentario.pk
    if _en_formulario(request, informe):
        # The section keeps its heading clear of the sticky bar.
        ancla = f"seccion-{comentario.seccion}" if comentario.seccion else f"comentario-{hilo}"
        return redirect(f"{reverse('informes:editar', args=[informe.pk])}#{ancla}")
    return redirect(f"{informe.get_absolute_url()}#comentario-{hilo}")


def _rechazo(request, informe: Informe, caja: str, error: services.ErrorRevision):
    """The refusal's message beside ``caja``, the box that was sent, with its text kept."""
    if quiere_json(request):
        return JsonResponse({"ok": False, "mensaje": str(error.mensaje), "caja": caja}, status=400)
    if _en_formulario(request, informe):
        messages.error(request, error.mensaje)
        return redirect(reverse("informes:editar", args=[informe.pk]))
    contexto = contexto_detalle(
        request,
        informe,
        errores_revision={caja: error.mensaje},
        valores_revision=dict(request.POST.items()),
    )
    return render(request, "informes/detalle.html", contexto, status=400)


@pagina_o_json
@require_POST
def comentar(request, pk: int):
    """A reviewer's comment on a section or on the whole report: a new thread."""
    informe = obtener_visible(request, pk)
    seccion = _seccion_posteada(request)
    # A section that does not exist has no box of its own: its message goes to the general one.
    caja = f"comentario-{seccion if seccion in services.NUMEROS_SECCION else 0}"
    try:
        comentario = services.comentario_agregar(
            informe=informe,
            revisor=request.user,
            texto=request.POST.get("texto", ""),
            seccion=seccion,
        )
    except services.ErrorRevision as error:
        return _rechazo(request, informe, caja, error)
    return _hecho(request, informe, comentario, services.MENSAJE_COMENTARIO_AGREGADO)


@pagina_o_json
@require_POST
def responder_comentario(request, pk: int, comentario_pk: int):
    """A reply in a comment's thread (an author, or a reviewer who is not one)."""
    informe = obtener_visible(request, pk)
    comentario = _hilo(request, informe, comentario_pk)
    try:
        respuesta = services.comentario_responder(
            comentario=comentario, usuario=request.user, texto=request.POST.get("texto", "")
        )
    except services.ErrorRevision as error:
        return _rechazo(request, informe, f"respuesta-{comentario.pk}", error)
    return _hecho(request, informe, respuesta, services.MENSAJE_RESPUESTA_AGREGADA)


@pagina_o_json
@require_POST
def resolver_comentario(request, pk: int, comentario_pk: int):
    """Mark a thread as resolved (an author or a reviewer)."""
    informe = obtener_visible(request, pk)
    comentario = _hilo(request, informe, comentario_pk)
    services.comentario_resolver(comentario=comentario, usuario=request.user)
    return _hecho(request, informe, comentario, services.MENSAJE_COMENTARIO_RESUELTO)


@pagina_o_json
@require_POST
def reabrir_comentario(request, pk: int, comentario_pk: int):
    """Open a resolved thread again (an author or a reviewer)."""
    informe = obtener_visible(request, pk)
    comentario = _hilo(request, informe, comentario_pk)
    try:
        services.comentario_reabrir(comentario=comentario, usuario=request.user)
    except services.ErrorRevision as error:
        return _rechazo(request, informe, f"respuesta-{comentario.pk}", error)
    return _hecho(request, informe, comentario, services.MENSAJE_COMENTARIO_REABIERTO)
