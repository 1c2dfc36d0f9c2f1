"""Personal access tokens of the API: only a SHA-256 of each is stored, never the token."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .informe import VALIDADORES_LINEA

# Every token starts with this, so a leaked one is recognisable (in a log, a
# repository, a secret scanner's rules) as an Informes token.
PREFIJO_TOKEN = "inf_pat_"  # noqa: S105  (a prefix, not a secret)


def huella_token(texto: str) -> str:
    """The SHA-256 a token is stored and looked up by.

    The token carries 256 random bits, so a fast hash is enough: nobody can
    guess a token from its hash, and a lookup costs one indexed query.
    """
    return hashlib.sha256(texto.encode("utf-8", "surrogatepass")).hexdigest()


class TokenAccesoQuerySet(models.QuerySet):
    def vigentes(self):
        """Tokens that still authenticate: neither revoked nor expired."""
        return self.filter(revocado_en__isnull=True, expira__gt=timezone.now())


class TokenAcceso(models.Model):
    """A named personal access token of one user, read-only or read-write, with an expiry."""

    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        on_delete=models.CASCADE,
        related_name="tokens_acceso",
    )
    nombre = models.CharField(_("nombre"), max_length=100, validators=VALIDADORES_LINEA)
    # The first characters, shown on the list so that the owner can tell tokens
    # apart; too short to be of any use to whoever reads them.
    inicio = models.CharField(_("inicio del token"), max_length=16, editable=False)
    huella = models.CharField(_("SHA-256 del token"), max_length=64, unique=True, editable=False)
    solo_lectura = models.BooleanField(_("solo lectura"), default=True)
    creado = models.DateTimeField(_("creado"), auto_now_add=True)
    expira = models.DateTimeField(_("expira"))
    revocado_en = models.DateTimeField(_("revocado"), null=True, blank=True, editable=False)
    ultimo_uso = models.DateTimeField(_("último uso"), null=True, blank=True, editable=False)

    objects = TokenAccesoQuerySet.as_manager()

    class Meta:
        verbose_name = _("token de acceso personal")
        verbose_name_plural = _("tokens de acceso personal")
        ordering = ["-creado", "-pk"]

    def __str__(self):
        return f"{self.nombre} ({self.inicio}…)"

    @property
    def revocado(self) -> bool:
        return self.revocado_en is not None

    @property
    def expirado(self) -> bool:
        return self.expira <= timezone.now()

    @property
    def vigente(self) -> bool:
        return not (self.revocado or self.expirado)
