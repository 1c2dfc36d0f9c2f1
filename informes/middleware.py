"""Request and response policies: trusted proxy, session renewal, private caching."""

import ipaddress
import time
from functools import lru_cache

from django.conf import settings

CLAVE = "_informes_renovada"


@lru_cache(maxsize=8)
def _redes(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def es_proxy_confiable(direccion: str) -> bool:
    try:
        ip = ipaddress.ip_address(direccion)
    except ValueError:
        return False
    return any(ip in red for red in _redes(tuple(settings.INFORMES_PROXIES_CONFIABLES)))


class ProxyConfiableMiddleware:
    """X-Forwarded-For counts only on requests that come from a trusted proxy.

    django-axes keys the sign-in lockout on the client's address, which it reads
    from X-Forwarded-For first (settings ``AXES_IPWARE_*``). A client reaching the
    app directly could write that header and lock out whomever it names, so the
    header is removed unless ``REMOTE_ADDR`` is one of
    ``INFORMES_PROXIES_CONFIABLES``; with none configured, only ``REMOTE_ADDR`` counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not es_proxy_confiable(request.META.get("REMOTE_ADDR", "")):
            request.META.pop("HTTP_X_FORWARDED_FOR", None)
        return self.get_response(request)


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


class SinCacheAutenticadoMiddleware:
    """Nothing a signed-in user receives is kept by a browser's or a proxy's cache.

    Every response to an authenticated request gets ``Cache-Control: private,
    no-store`` (pages, JSON, downloads of drafts), so the back button or the next
    person at a shared computer cannot bring a report back after the sign-out.
    A response with an ``ETag`` keeps its own policy: the archived PDF, whose
    bytes never change and which the browser revalidates.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        respuesta = self.get_response(request)
        usuario = getattr(request, "user", None)
        if usuario is not None and usuario.is_authenticated and not respuesta.has_header("ETag"):
            respuesta["Cache-Control"] = "private, no-store"
        return respuesta
