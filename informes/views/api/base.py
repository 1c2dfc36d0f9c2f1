"""What every API view shares: the report it names (404/403), its ETag, and If-Match.

A report's ETag is ``"informe-<id>-<contador_cambios>"``: every save and every
transition moves the counter, so a write with an older ETag in ``If-Match``
was prepared from a version that is no longer current (412).
"""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework.views import APIView

from ... import policy
from ...models import Informe
from ..acceso import obtener_visible
from .errores import ErrorAPI

ETAG_RE = re.compile(r'^"informe-(?P<pk>[0-9]{1,19})-(?P<contador>[0-9]{1,19})"$')
MENSAJE_SIN_IF_MATCH = _(
    "Envíe la cabecera If-Match con el ETag de la versión que leyó (GET del informe): "
    "así nadie sobrescribe sin saberlo los cambios de otra persona."
)
MENSAJE_IF_MATCH_INVALIDO = _("If-Match no es un ETag de este informe.")


class VistaAPI(APIView):
    """Every endpoint: answers are never cached by a browser or a proxy."""

    def finalize_response(self, request, response, *args, **kwargs):
        respuesta = super().finalize_response(request, response, *args, **kwargs)
        # The middleware leaves alone responses with an ETag (the archived PDF);
        # a report's JSON has one too, and must not be kept either.
        if not respuesta.has_header("Cache-Control"):
            respuesta["Cache-Control"] = "private, no-store"
        return respuesta


def visible(request, pk: int) -> Informe:
    """The report with everything the API shows of it; 404 when the user may not see it."""
    return obtener_visible(request, pk)


def permitido(request, pk: int, accion: str) -> Informe:
    """The visible report if the user may take ``accion`` on it, else 403 (logged)."""
    informe = visible(request, pk)
    policy.exigir(informe, request.user, accion)
    return informe


def etag(informe: Informe) -> str:
    return f'"informe-{informe.pk}-{informe.contador_cambios}"'


def contador_de_if_match(request, informe: Informe, *, obligatorio: bool) -> int | None:
    """The lock counter the client saw, from ``If-Match``: 428 when it is required and
    missing, 412 when it names another report or is not an ETag this API wrote.

    ``*`` matches whatever is current (HTTP's meaning): the counter stored now.
    """
    valor = request.headers.get("If-Match", "").strip()
    if not valor:
        if obligatorio:
            raise ErrorAPI(428, MENSAJE_SIN_IF_MATCH)
        return None
    if valor == "*":
        return informe.contador_cambios
    encontrado = ETAG_RE.match(valor)
    if encontrado is None or int(encontrado["pk"]) != informe.pk:
        raise ErrorAPI(412, MENSAJE_IF_MATCH_INVALIDO)
    return int(encontrado["contador"])
