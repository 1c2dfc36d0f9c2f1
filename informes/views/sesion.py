"""A form posted after its session expired: kept, then offered again after the login.

Only a client whose cookie names a session that really existed, was signed in
and has expired gets its POST kept: at most once per expired session (that
row is consumed), at most ``limites.SESION_PENDIENTE_MAXIMO`` characters, and
offered back only to the same account. A client that never signed in (no
cookie, a made-up one, a live anonymous one) stores nothing.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.models import Session
from django.http import QueryDict
from django.utils import timezone

from .. import limites

SESION_PENDIENTE = "informes_envio_pendiente"
CAMPOS_NO_CONSERVADOS = ("csrfmiddlewaretoken", "accion")


def sesion_expirada_conservando(vista):
    """Login required; a POST of an expired session is kept, then sent to login."""

    @wraps(vista)
    def envoltura(request, *args, **kwargs):
        if request.user.is_authenticated:
            return vista(request, *args, **kwargs)
        if request.method == "POST":
            _conservar(request)
        return redirect_to_login(request.path)

    return envoltura


def recuperar_pendiente(request) -> QueryDict | None:
    """The POST kept for this page and this user, once; None when there is none."""
    pendiente = request.session.get(SESION_PENDIENTE)
    if not pendiente or pendiente.get("ruta") != request.path:
        return None
    del request.session[SESION_PENDIENTE]
    if str(pendiente.get("usuario")) != str(request.user.pk):
        return None
    datos = QueryDict(mutable=True)
    for clave, valores in pendiente.get("datos", {}).items():
        datos.setlist(clave, [str(v) for v in valores])
    return datos


def _conservar(request) -> None:
    usuario = _usuario_de_sesion_expirada(request)
    if usuario is None:
        return
    datos = {k: v for k, v in request.POST.lists() if k not in CAMPOS_NO_CONSERVADOS}
    tamano = sum(len(k) + sum(len(v) for v in valores) for k, valores in datos.items())
    if tamano <= limites.SESION_PENDIENTE_MAXIMO:
        request.session[SESION_PENDIENTE] = {
            "ruta": request.path,
            "usuario": usuario,
            "datos": datos,
        }


def _usuario_de_sesion_expirada(request) -> str | None:
    """The account of the expired session the cookie names, consuming that session.

    Sessions live in the database (``SESSION_ENGINE``); an expired row stays
    there until ``limpiar_sesiones`` removes it, a day after it expired.
    """
    clave = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not clave or len(clave) > 40:
        return None
    fila = Session.objects.filter(session_key=clave, expire_date__lte=timezone.now()).first()
    if fila is None:
        return None
    usuario = fila.get_decoded().get("_auth_user_id")
    # Deleted, so the same cookie cannot store a second POST; only the request
    # that deleted it keeps anything when two arrive at once.
    borradas, _ = Session.objects.filter(session_key=clave).delete()
    return usuario if borradas else None
