"""What several views share to reach a report: visibility (404), permission (403), pages of 25.

Also what the JSON endpoints of the pages' scripts share: every refusal in JSON
(an expired session 401, never the login page; 403; 404), and whether a
request asks for JSON.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _

from .. import policy, selectors
from ..models import Informe

POR_PAGINA = 25


def obtener_visible(request, pk: int, *, leer=selectors.informe_para_detalle) -> Informe:
    """The report (by default with every related row), or 404 if the user may not see it."""
    informe = leer(pk)
    if not policy.puede(informe, request.user, policy.Accion.VER):
        # 404, not 403: whether a report exists is not everyone's business.
        raise Http404
    return informe


def editable(request, pk: int) -> Informe:
    """The report if the user may edit it: 404 when they may not see it, else 403."""
    informe = obtener_visible(request, pk)
    policy.exigir(informe, request.user, policy.Accion.EDITAR)
    return informe


def exigir_creacion(request) -> None:
    """403 unless the user may create reports (analysts and administrators); logged."""
    policy.exigir_creacion(request.user)


def paginar(request, consulta) -> Page:
    """The page of ``consulta`` the request asks for (``?page=``), 25 rows a page."""
    return Paginator(consulta, POR_PAGINA).get_page(request.GET.get("page"))


MENSAJE_SESION_EXPIRADA = _("Su sesión expiró: inicie sesión de nuevo para seguir guardando.")
MENSAJE_NO_ENCONTRADO = _("Este informe o este elemento ya no existe, o usted no puede verlo.")
MENSAJE_PROHIBIDO = _("Usted no puede hacer eso en este informe en su estado actual.")


def vista_json(vista):
    """A JSON endpoint: 401 for an anonymous request, and 403 and 404 in JSON too,
    each with the ``mensaje`` the page's script shows."""

    @wraps(vista)
    def envoltura(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse(
                {"ok": False, "sesion_expirada": True, "mensaje": str(MENSAJE_SESION_EXPIRADA)},
                status=401,
            )
        try:
            return vista(request, *args, **kwargs)
        except Http404:
            return JsonResponse({"ok": False, "mensaje": str(MENSAJE_NO_ENCONTRADO)}, status=404)
        except PermissionDenied as error:
            mensaje = getattr(error, "mensaje", MENSAJE_PROHIBIDO)
            return JsonResponse({"ok": False, "mensaje": str(mensaje)}, status=403)

    return envoltura


def quiere_json(request) -> bool:
    """Whether the page's script sent the request (it asks for JSON); a plain form does not."""
    return "application/json" in request.headers.get("Accept", "")


def pagina_o_json(vista):
    """A page's form post (sign-in required, refusals as pages) that the page's script
    may also send asking for JSON (refusals in JSON, as ``vista_json``)."""
    en_pagina = login_required(vista)
    en_json = vista_json(vista)

    @wraps(vista)
    def envoltura(request, *args, **kwargs):
        atender = en_json if quiere_json(request) else en_pagina
        return atender(request, *args, **kwargs)

    return envoltura
