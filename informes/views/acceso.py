"""What several views share to reach a report: visibility (404), permission (403), pages of 25."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404

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
    """403 unless the user may create reports (analysts and administrators)."""
    if not policy.puede_crear(request.user):
        raise PermissionDenied


def paginar(request, consulta) -> Page:
    """The page of ``consulta`` the request asks for (``?page=``), 25 rows a page."""
    return Paginator(consulta, POR_PAGINA).get_page(request.GET.get("page"))
