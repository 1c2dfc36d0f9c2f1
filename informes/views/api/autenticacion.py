"""Who calls the API: personal access tokens (Bearer), their scope, and requests a minute.

A token that is unknown, revoked or expired gets 401 with a JSON message that
says which; a read-only token gets 403 on any write. Each request with a token
is logged with the token's id (never the token). Requests are counted per
token (or session, or address) in the shared cache, so every replica sees the
same count; past ``limites.API_PETICIONES_POR_MINUTO`` the answer is 429.
"""

import logging

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions, permissions, throttling
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from ... import limites, registro, services
from ...models import TokenAcceso

ESQUEMA = "Bearer"
MENSAJE_CABECERA = _("Escriba la cabecera así: «Authorization: Bearer <token>».")
MENSAJE_SOLO_LECTURA = _(
    "Este token es de solo lectura: cree uno de lectura y escritura para modificar informes."
)
MENSAJE_RITMO = _("Demasiadas peticiones: espere %(segundos)s segundos e intente de nuevo.")


class TokenBearer(BaseAuthentication):
    """``Authorization: Bearer <token>`` with a personal access token of ``TokenAcceso``."""

    def authenticate(self, request):
        partes = get_authorization_header(request).split()
        if not partes or partes[0].lower() != ESQUEMA.lower().encode():
            return None  # no token: the session may authenticate
        if len(partes) != 2:
            raise exceptions.AuthenticationFailed(MENSAJE_CABECERA)
        try:
            texto = partes[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(services.MENSAJE_TOKEN_INVALIDO) from error
        try:
            token = services.token_autenticar(texto)
        except services.TokenRechazado as rechazo:
            registro.evento(
                "api_token_rechazado",
                nivel=logging.WARNING,
                usuario=rechazo.token.usuario if rechazo.token else None,
                credencial=rechazo.token.pk if rechazo.token else None,
                ip=request.META.get("REMOTE_ADDR"),
                ruta=request.path,
            )
            raise exceptions.AuthenticationFailed(rechazo.mensaje) from rechazo
        registro.evento(
            "api_token_usado",
            usuario=token.usuario,
            credencial=token.pk,
            metodo=request.method,
            ruta=request.path,
        )
        return token.usuario, token

    def authenticate_header(self, request):
        return f'{ESQUEMA} realm="api"'


class AlcanceDelToken(permissions.BasePermission):
    """A read-only token reads; only a read-write token (or the session) writes."""

    message = MENSAJE_SOLO_LECTURA

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return not (isinstance(request.auth, TokenAcceso) and request.auth.solo_lectura)


class RitmoPorCredencial(throttling.SimpleRateThrottle):
    """Requests a minute per token, per signed-in user without one, or per address."""

    scope = "api"

    def get_rate(self):
        # Read on each request, not at import, so the number lives in ``limites`` alone.
        return f"{limites.API_PETICIONES_POR_MINUTO}/min"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, TokenAcceso):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"usuario-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return f"informes:api:ritmo:{ident}"

    def wait(self):
        espera = super().wait()
        return None if espera is None else max(1, round(espera))


class EsquemaBearer(OpenApiAuthenticationExtension):
    """The token scheme as the OpenAPI schema and the docs' «Authorize» button show it."""

    target_class = TokenBearer
    name = "tokenPersonal"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=ESQUEMA
        )
