"""The edit page's presence endpoint: who else has this draft open, for the page's banner."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _g
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import policy
from ..models import Informe
from ..presencia import latido, salir
from .acceso import MENSAJE_SESION_EXPIRADA


def mensaje(nombres: list[str]) -> str:
    """«Ana también está editando este informe», with every name when several are."""
    if not nombres:
        return ""
    if len(nombres) == 1:
        lista = nombres[0]
    else:
        lista = _g("%(nombres)s y %(ultimo)s") % {
            "nombres": ", ".join(nombres[:-1]),
            "ultimo": nombres[-1],
        }
    plantilla = ngettext(
        "%(nombres)s también está editando este informe",
        "%(nombres)s también están editando este informe",
        len(nombres),
    )
    return plantilla % {"nombres": lista}


@require_POST
def presencia(request, pk: int):
    """A heartbeat of the page (``accion=salir`` when it closes): the other editors' names.

    Only the report's editors beat: 401 after the session expired, 404 when the
    user may not see the report, 403 when they may see but not edit it. Reads
    the report's estado and authors only.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"ok": False, "mensaje": str(MENSAJE_SESION_EXPIRADA)}, status=401)
    informe = get_object_or_404(
        Informe.objects.only("pk", "estado", "autor_id", "serie").prefetch_related("coautores"),
        pk=pk,
    )
    if not policy.puede(informe, request.user, policy.Accion.VER):
        raise Http404
    if not policy.puede(informe, request.user, policy.Accion.EDITAR):
        return JsonResponse({"ok": False, "mensaje": _g("Usted no puede editar este informe.")},
                            status=403)  # fmt: skip
    if request.POST.get("accion") == "salir":
        salir(informe.pk, request.user)
        return JsonResponse({"ok": True, "editores": [], "mensaje": ""})
    nombres = latido(informe.pk, request.user)
    return JsonResponse({"ok": True, "editores": nombres, "mensaje": mensaje(nombres)})
