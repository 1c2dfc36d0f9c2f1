"""The review workflow's actions: transitions, the next review date, discarding, the queue.

Transitions and the date are POST only; discarding asks first on a page of its
own. Comments are in ``comentarios``.

Views parse the request, find the report (404 for one the user may not see),
call a ``services`` function, which asks ``policy`` (403 on refusal), and
redirect with a message.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_GET, require_POST

from .. import completitud, plantilla, policy, selectors, services
from ..models import Informe, InformeInmutable
from .acceso import obtener_visible, paginar
from .paginas import contexto_detalle
from .secretos import mensaje_secretos

Accion = policy.Accion

# Refusals whose message the page shows; services.NoPermitido stays a 403.
ERRORES_MOSTRABLES = (services.ErrorRevision, InformeInmutable)


def url_seccion(informe: Informe, seccion: plantilla.Seccion, en_pagina: bool = False) -> str:
    """Where to fix a section: its place in the edit form (``en_pagina``: the form is this page)."""
    base = "" if en_pagina else reverse("informes:editar", args=[informe.pk])
    return f"{base}#{seccion.slug}"


def url_etiqueta(informe: Informe, etiqueta: plantilla.Etiqueta, en_pagina: bool = False) -> str:
    """Where to fill a label: its field in the edit form, which the page scrolls to and marks."""
    base = "" if en_pagina else reverse("informes:editar", args=[informe.pk])
    return f"{base}#etiqueta-{etiqueta.campo}"


def mensaje_incompleto(
    informe: Informe, pendientes: list[completitud.EstadoSeccion], en_formulario: bool = False
):
    """The refusal of an incomplete report: each section, and in it every label still missing,
    each a link to its field (in this page when ``en_formulario``)."""
    secciones = (
        (
            url_seccion(informe, p.seccion, en_formulario),
            p.seccion.encabezado,
            p.llenas,
            p.total,
            format_html_join(
                ", ",
                '<a href="{}" data-etiqueta-pendiente="{}">{}</a>',
                ((url_etiqueta(informe, e, en_formulario), e.campo, e.texto) for e in p.pendientes),
            ),
        )
        for p in pendientes
    )
    enlaces = format_html_join("", '<li><a href="{}">{}</a> ({}/{}): {}</li>', secciones)
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
    policy.exigir_cola(request.user)
    pagina = paginar(request, selectors.cola_revision())
    return render(request, "informes/revision/cola.html", {"pagina": pagina, "consulta": ""})


@login_required
def descartar(request, pk: int):
    """A draft never sent to review, dropped by its author after a confirmation page.

    GET asks; POST discards and leads to the series' latest version still shown,
    or to the list when there is none.
    """
    informe = obtener_visible(request, pk)
    policy.exigir(informe, request.user, Accion.DESCARTAR)
    if request.method != "POST":
        return render(request, "informes/descartar.html", {"informe": informe})
    try:
        descartado = services.informe_descartar(
            informe=informe, usuario=request.user, contador_visto=_contador_visto(request)
        )
    except ERRORES_MOSTRABLES as error:
        messages.error(request, error.mensaje)
        return redirect(informe)
    messages.success(request, services.MENSAJE_DESCARTADO % {"version": descartado.version})
    anterior = (
        policy.informes_visibles(request.user, Informe.objects.filter(serie=informe.serie))
        .order_by("-version")
        .first()
    )
    return redirect(anterior or "informes:lista")
