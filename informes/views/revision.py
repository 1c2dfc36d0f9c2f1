"""The review workflow's actions: transitions, comments, the next review date, the queue.

Transitions, comments and the date are POST only.

Views parse the request, find the report (404 for one the user may not see),
call a ``services`` function, which asks ``policy`` (403 on refusal), and
redirect with a message.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_GET, require_POST

from .. import completitud, plantilla, policy, selectors, services
from ..models import ComentarioRevision, Informe, InformeInmutable
from .acceso import obtener_visible, paginar
from .formulario import VOLVER_FORMULARIO
from .paginas import contexto_detalle
from .secretos import mensaje_secretos

Accion = policy.Accion

# Refusals whose message the page shows; services.NoPermitido stays a 403.
ERRORES_MOSTRABLES = (services.ErrorRevision, InformeInmutable)


def url_seccion(informe: Informe, seccion: plantilla.Seccion) -> str:
    """Where to fix a section: its place in the edit form."""
    return reverse("informes:editar", args=[informe.pk]) + f"#{seccion.slug}"


def mensaje_incompleto(informe: Informe, pendientes: list[completitud.EstadoSeccion]):
    enlaces = format_html_join(
        "",
        '<li><a href="{}">{}</a> ({}/{})</li>',
        (
            (url_seccion(informe, p.seccion), p.seccion.encabezado, p.llenas, p.total)
            for p in pendientes
        ),
    )
    return format_html(
        '{}<ul class="mb-0" data-testid="secciones-incompletas">{}</ul>',
        services.MENSAJE_INCOMPLETO,
        enlaces,
    )


def _contador_visto(request) -> int | None:
    try:
        return int(request.POST["contador"])
    except (KeyError, ValueError):
        return None


def _renderizar_detalle(request, informe: Informe, errores: dict, valores: dict):
    """The detail page again, with a form's message beside its field and the values kept."""
    contexto = contexto_detalle(
        request, informe, errores_revision=errores, valores_revision=valores
    )
    return render(request, "informes/detalle.html", contexto, status=400)


def _transicion(request, pk: int, ejecutar, mensaje_ok, campo_error: str = ""):
    """Shared body of the transition views; the service asks the policy (403 on refusal).

    A form posted from a page that no longer shows the current report (another
    person changed it since) gets the conflict message rather than a bare 403.
    """
    informe = obtener_visible(request, pk)
    visto = _contador_visto(request)
    if visto is not None and visto != informe.contador_cambios:
        messages.error(request, services.MENSAJE_CONFLICTO)
        return redirect(informe)
    try:
        resultado = ejecutar(informe, visto)
    except services.NoPermitido:
        raise  # the service asked the policy: 403
    except services.InformeIncompleto as error:
        messages.error(request, mensaje_incompleto(informe, error.pendientes))
        return redirect(informe)
    except services.InformeConSecretos as error:
        messages.error(request, mensaje_secretos(informe, error.hallazgos))
        return redirect(informe)
    except services.DatoInvalido as error:
        if campo_error:
            return _renderizar_detalle(
                request, informe, {campo_error: error.mensaje}, dict(request.POST.items())
            )
        messages.error(request, error.mensaje)
        return redirect(informe)
    except ERRORES_MOSTRABLES as error:
        messages.error(request, error.mensaje)
        return redirect(informe)
    messages.success(request, mensaje_ok(resultado) if callable(mensaje_ok) else mensaje_ok)
    return redirect(resultado)


@login_required
@require_POST
def enviar(request, pk: int):
    """Borrador or cambios solicitados → en revisión (author or co-author)."""
    return _transicion(
        request,
        pk,
        lambda informe, visto: services.informe_enviar(
            informe=informe, usuario=request.user, contador_visto=visto
        ),
        services.MENSAJE_ENVIADO,
    )


@login_required
@require_POST
def retirar(request, pk: int):
    """En revisión → borrador (the author)."""
    return _transicion(
        request,
        pk,
        lambda informe, visto: services.informe_retirar(
            informe=informe, usuario=request.user, contador_visto=visto
        ),
        services.MENSAJE_RETIRADO,
    )


@login_required
@require_POST
def aprobar(request, pk: int):
    """En revisión → aprobado (a reviewer who is not an author), optional comment."""
    return _transicion(
        request,
        pk,
        lambda informe, visto: services.informe_aprobar(
            informe=informe,
            revisor=request.user,
            comentario=request.POST.get("comentario", ""),
            contador_visto=visto,
        ),
        services.MENSAJE_APROBADO,
        campo_error="aprobar",
    )


@login_required
@require_POST
def solicitar_cambios(request, pk: int):
    """En revisión → cambios solicitados; the comment is required."""
    return _transicion(
        request,
        pk,
        lambda informe, visto: services.informe_solicitar_cambios(
            informe=informe,
            revisor=request.user,
            comentario=request.POST.get("comentario", ""),
            contador_visto=visto,
        ),
        services.MENSAJE_CAMBIOS_SOLICITADOS,
        campo_error="solicitar_cambios",
    )


@login_required
@require_POST
def nueva_version(request, pk: int):
    """Aprobado → a new draft version n+1, copied from this one; opens it."""
    return _transicion(
        request,
        pk,
        lambda informe, visto: services.informe_nueva_version(
            informe=informe, usuario=request.user
        ),
        lambda nuevo: services.MENSAJE_NUEVA_VERSION % {"version": nuevo.version},
    )


def _seccion_posteada(request) -> int | None:
    valor = request.POST.get("seccion", "")
    if not valor:
        return None
    try:
        return int(valor)
    except ValueError:
        return -1  # the service refuses it with its message


@login_required
@require_POST
def comentar(request, pk: int):
    """A reviewer's comment on a section or on the whole report."""
    seccion = _seccion_posteada(request)
    # A section that does not exist has no form of its own: its message goes to the general one.
    campo = f"comentario-{seccion if seccion in services.NUMEROS_SECCION else 0}"
    return _transicion(
        request,
        pk,
        lambda informe, visto: (
            services.comentario_agregar(
                informe=informe,
                revisor=request.user,
                texto=request.POST.get("texto", ""),
                seccion=seccion,
            ).informe
        ),
        services.MENSAJE_COMENTARIO_AGREGADO,
        campo_error=campo,
    )


@login_required
@require_POST
def resolver_comentario(request, pk: int, comentario_pk: int):
    """Mark a review comment as resolved (an author or a reviewer)."""
    informe = obtener_visible(request, pk)
    comentario = get_object_or_404(ComentarioRevision, pk=comentario_pk, informe=informe)
    comentario.informe = informe
    services.comentario_resolver(comentario=comentario, usuario=request.user)
    messages.success(request, services.MENSAJE_COMENTARIO_RESUELTO)
    # From the edit form, back to the form (only a fixed value, never a posted URL),
    # at the comment's section: the section keeps its heading clear of the sticky bar.
    if request.POST.get("volver") == VOLVER_FORMULARIO and policy.puede(
        informe, request.user, Accion.EDITAR
    ):
        ancla = (
            f"seccion-{comentario.seccion}" if comentario.seccion else f"comentario-{comentario.pk}"
        )
        return redirect(f"{reverse('informes:editar', args=[informe.pk])}#{ancla}")
    return redirect(f"{informe.get_absolute_url()}#comentario-{comentario.pk}")


@login_required
@require_POST
def proxima_revision(request, pk: int):
    """A reviewer moves the next review date of an approved report."""

    try:
        fecha = datetime.date.fromisoformat(request.POST.get("fecha", ""))
    except ValueError:
        fecha = None  # refused by the service, after the policy, with its message

    def ejecutar(informe, visto):
        return services.proxima_revision_cambiar(informe=informe, revisor=request.user, fecha=fecha)

    return _transicion(
        request,
        pk,
        ejecutar,
        services.MENSAJE_PROXIMA_REVISION,
        campo_error="proxima_revision",
    )


@login_required
@require_GET
def cola(request):
    """Reports waiting for review, the longest waiting first, 25 a page (reviewers and admins)."""
    if not policy.puede_ver_cola(request.user):
        raise PermissionDenied
    pagina = paginar(request, selectors.cola_revision())
    return render(request, "informes/revision/cola.html", {"pagina": pagina, "consulta": ""})
