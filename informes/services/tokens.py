"""Personal access tokens: created (shown once), revoked, and checked on each API request.

A token is 32 random bytes after ``PREFIJO_TOKEN``; only its SHA-256 is stored.
Creating and revoking are writes of the token's owner alone.
"""

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .. import limites, policy
from ..models import PREFIJO_TOKEN, TokenAcceso, huella_token
from .errores import DatoInvalido, NoPermitido

MENSAJE_TOKEN_INVALIDO = _(
    "El token no es válido: revise que lo copió completo, o cree otro en «Tokens de acceso»."
)
MENSAJE_TOKEN_REVOCADO = _("Este token fue revocado; cree otro en «Tokens de acceso».")
MENSAJE_TOKEN_EXPIRADO = _("Este token expiró el %(fecha)s; cree otro en «Tokens de acceso».")
MENSAJE_CUENTA_INACTIVA = _("La cuenta de este token está desactivada.")
MENSAJE_DEMASIADOS_TOKENS = _(
    "Ya tiene %(n)s tokens vigentes, el máximo: revoque alguno antes de crear otro."
)
MENSAJE_DIAS_TOKEN = _("Elija una vigencia de 1 a %(n)s días.")
MENSAJE_TOKEN_REVOCADO_OK = _("Token revocado: ya no da acceso.")

# Bytes of randomness of a token (256 bits), written as URL-safe base64.
BYTES_TOKEN = 32
# Characters of the token shown on its owner's list: the prefix and four more.
LARGO_INICIO = len(PREFIJO_TOKEN) + 4
# The last use is written at most this often, not on every request.
USO_CADA = datetime.timedelta(minutes=1)


class TokenRechazado(Exception):
    """A token that does not authenticate, with the message the client reads."""

    def __init__(self, mensaje, token: TokenAcceso | None = None):
        super().__init__(str(mensaje))
        self.mensaje = mensaje
        self.token = token


@transaction.atomic
def token_crear(
    *,
    usuario,
    nombre: str,
    solo_lectura: bool = True,
    dias: int = limites.TOKEN_DIAS_PREDETERMINADOS,
) -> tuple[TokenAcceso, str]:
    """A new token of ``usuario``: the stored row and the token, which nobody sees again.

    Raises ``DatoInvalido`` for a validity outside 1 to ``limites.TOKEN_DIAS_MAXIMOS``
    days or past ``limites.TOKENS_POR_USUARIO`` tokens in use, ValidationError for
    a bad name, ``NoPermitido`` for an inactive or anonymous user.
    """
    if not policy.puede_crear_token(usuario):
        raise NoPermitido
    if not 1 <= dias <= limites.TOKEN_DIAS_MAXIMOS:
        raise DatoInvalido(MENSAJE_DIAS_TOKEN % {"n": limites.TOKEN_DIAS_MAXIMOS})
    # The owner's row is locked so that two creations at once cannot pass the cap.
    get_user_model().objects.select_for_update().filter(pk=usuario.pk).first()
    if TokenAcceso.objects.vigentes().filter(usuario=usuario).count() >= limites.TOKENS_POR_USUARIO:
        raise DatoInvalido(MENSAJE_DEMASIADOS_TOKENS % {"n": limites.TOKENS_POR_USUARIO})
    texto = PREFIJO_TOKEN + secrets.token_urlsafe(BYTES_TOKEN)
    token = TokenAcceso(
        usuario=usuario,
        nombre=(nombre or "").strip(),
        inicio=texto[:LARGO_INICIO],
        huella=huella_token(texto),
        solo_lectura=solo_lectura,
        expira=timezone.now() + datetime.timedelta(days=dias),
    )
    token.full_clean()
    token.save()
    return token, texto


@transaction.atomic
def token_revocar(*, token: TokenAcceso, usuario) -> TokenAcceso:
    """Revoke one of ``usuario``'s own tokens at once; revoking twice changes nothing."""
    if not policy.puede_gestionar_token(token, usuario):
        raise NoPermitido
    TokenAcceso.objects.filter(pk=token.pk, revocado_en__isnull=True).update(
        revocado_en=timezone.now()
    )
    token.refresh_from_db()
    return token


def token_autenticar(texto: str) -> TokenAcceso:
    """The token ``texto`` names, with its user, if it may still be used; else ``TokenRechazado``.

    Its last use is recorded at most once a minute.
    """
    token = None
    if texto.startswith(PREFIJO_TOKEN) and len(texto) < 200:
        token = TokenAcceso.objects.select_related("usuario").filter(huella=huella_token(texto))
        token = token.first()
    if token is None:
        raise TokenRechazado(MENSAJE_TOKEN_INVALIDO)
    if token.revocado:
        raise TokenRechazado(MENSAJE_TOKEN_REVOCADO, token)
    if token.expirado:
        fecha = date_format(timezone.localtime(token.expira), "DATE_FORMAT")
        raise TokenRechazado(MENSAJE_TOKEN_EXPIRADO % {"fecha": fecha}, token)
    if not token.usuario.is_active:
        raise TokenRechazado(MENSAJE_CUENTA_INACTIVA, token)
    ahora = timezone.now()
    if token.ultimo_uso is None or ahora - token.ultimo_uso >= USO_CADA:
        TokenAcceso.objects.filter(pk=token.pk).update(ultimo_uso=ahora)
        token.ultimo_uso = ahora
    return token
