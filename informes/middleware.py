"""Session inactivity timeout without a database write on every request."""

import time

from django.conf import settings

CLAVE = "_informes_renovada"


class RenovarSesionMiddleware:
    """Push a signed-in session's expiry forward at most once a minute.

    ``SESSION_SAVE_EVERY_REQUEST`` would write the session row on every request;
    touching a timestamp when the last renewal is older than
    ``INFORMES_SESION_RENOVAR_SEGUNDOS`` marks the session modified, so Django
    saves it with a fresh ``SESSION_COOKIE_AGE``. An idle session still ends
    ``SESSION_COOKIE_AGE`` seconds (give or take that interval) after the last request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sesion = getattr(request, "session", None)
        if sesion is not None and sesion.session_key and "_auth_user_id" in sesion:
            ahora = int(time.time())
            intervalo = getattr(settings, "INFORMES_SESION_RENOVAR_SEGUNDOS", 60)
            if ahora - sesion.get(CLAVE, 0) >= intervalo:
                sesion[CLAVE] = ahora
        return self.get_response(request)
