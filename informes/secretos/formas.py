"""Credential shapes: detect-secrets' plugins, run by RE2 in linear time, and the shapes they lack.

detect-secrets keeps the shapes of cloud keys and tokens up to date; its
plugins match them with Python's backtracking ``re``, some of whose patterns
(``eyJ[…]+\\.``, ``//.+/:_authToken``) go quadratic on a long crafted line. Here
each plugin's patterns are compiled by RE2, which matches in time linear in the
text. RE2 has no lookaround: «preceded by a non-word character» becomes that
character, matched; the other assertions some plugins put after a token («not
followed by a letter») are dropped, which can only widen a match, never miss
one. A plugin whose patterns do not compile after that fails
``tests/secretos/test_busqueda.py`` by name; so does a plugin a new release adds.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import re2
from detect_secrets.plugins.artifactory import ArtifactoryDetector
from detect_secrets.plugins.aws import AWSKeyDetector
from detect_secrets.plugins.azure_storage_key import AzureStorageKeyDetector
from detect_secrets.plugins.cloudant import CloudantDetector
from detect_secrets.plugins.discord import DiscordBotTokenDetector
from detect_secrets.plugins.github_token import GitHubTokenDetector
from detect_secrets.plugins.gitlab_token import GitLabTokenDetector
from detect_secrets.plugins.ibm_cloud_iam import IbmCloudIamDetector
from detect_secrets.plugins.ibm_cos_hmac import IbmCosHmacDetector
from detect_secrets.plugins.jwt import JwtTokenDetector
from detect_secrets.plugins.mailchimp import MailchimpDetector
from detect_secrets.plugins.npm import NpmDetector
from detect_secrets.plugins.openai import OpenAIDetector
from detect_secrets.plugins.private_key import PrivateKeyDetector
from detect_secrets.plugins.pypi_token import PypiTokenDetector
from detect_secrets.plugins.sendgrid import SendGridDetector
from detect_secrets.plugins.slack import SlackDetector
from detect_secrets.plugins.softlayer import SoftlayerDetector
from detect_secrets.plugins.square_oauth import SquareOAuthDetector
from detect_secrets.plugins.stripe import StripeDetector
from detect_secrets.plugins.telegram_token import TelegramBotTokenDetector
from detect_secrets.plugins.twilio import TwilioKeyDetector

# Which kind each plugin's patterns find, in the order of its ``denylist``
# (one kind for all of them when there is one).
PLUGINS = {
    ArtifactoryDetector: ("artifactory",),
    AWSKeyDetector: ("aws", "aws_secreta"),
    AzureStorageKeyDetector: ("azure",),
    CloudantDetector: ("ibm",),
    DiscordBotTokenDetector: ("discord",),
    GitHubTokenDetector: ("github",),
    GitLabTokenDetector: ("gitlab",),
    IbmCloudIamDetector: ("ibm",),
    IbmCosHmacDetector: ("ibm",),
    JwtTokenDetector: ("jwt",),
    MailchimpDetector: ("mailchimp",),
    NpmDetector: ("npm",),
    OpenAIDetector: ("openai",),
    PrivateKeyDetector: ("clave_privada",),
    PypiTokenDetector: ("pypi",),
    SendGridDetector: ("sendgrid",),
    SlackDetector: ("slack", "slack_webhook"),
    SoftlayerDetector: ("ibm",),
    SquareOAuthDetector: ("square",),
    StripeDetector: ("stripe",),
    TelegramBotTokenDetector: ("telegram",),
    TwilioKeyDetector: ("twilio",),
}
# Plugins left out, and why (checked against the installed release by the tests).
EXCLUIDOS = {
    "BasicAuthDetector": "URLs with a password are judged in ``busqueda``, placeholders apart",
    "IPPublicDetector": "an address is no credential, and reports name their servers",
    "KeywordDetector": "``busqueda`` reads assignments to secret names in linear time",
    "Base64HighEntropyString": "entropy is judged only for values of secret names",
    "HexHighEntropyString": "entropy is judged only for values of secret names",
}

# Shapes detect-secrets 1.5 does not know: GitHub's fine-grained tokens, Google
# Cloud's API keys and OAuth client secrets, Hugging Face's tokens, OpenAI's
# project keys, Slack's app tokens, Azure's Service Bus keys and SAS signatures.
PROPIAS = (
    ("github", r"github_pat_[A-Za-z0-9_]{22,}"),
    ("gcp_api", r"AIza[0-9A-Za-z_\-]{35}"),
    ("gcp_oauth", r"GOCSPX-[0-9A-Za-z_\-]{28}"),
    ("huggingface", r"hf_[A-Za-z]{34,}"),
    ("openai", r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{20,}"),
    ("slack", r"xapp-\d-[A-Za-z0-9]+-\d+-[a-z0-9]+"),
    ("azure", r"(?i)SharedAccessKey=([A-Za-z0-9+/]{42,44}=?)"),
    ("azure_sas", r"(?i)[?&]sig=([A-Za-z0-9%+/]{30,}(?:%3D|=){0,2})"),
)

# «Preceded by a non-word character or the start», as the plugins write it: RE2
# has no lookbehind, so the character is matched instead (the credential is a
# group of the match, so its span does not change).
PRECEDIDO = "(?:(?<=\\W)|(?<=^))"
# Any other lookaround group (without nested parentheses) is dropped.
LOOKAROUND = re.compile(r"\(\?<?[=!](?:[^()\\]|\\.)*\)")
# RE2 refuses a counted repetition above 1,000; past it, «at least n» widens the match.
REPETICION = re.compile(r"\{(\d+),(\d+)\}")
# What a JWT goes on with past where the plugin's lazy pattern stops: the
# signature, so that the whole token is replaced. One character class repeated:
# linear on Python's ``re`` too.
SIGUE_JWT = re.compile(r"[A-Za-z0-9\-_.+/=]*")


def opciones() -> re2.Options:
    resultado = re2.Options()
    resultado.log_errors = False
    return resultado


def a_re2(patron: re.Pattern):
    """A plugin's compiled Python pattern, compiled by RE2 (raises ``re2.error`` if it can't)."""
    if patron.flags & re.VERBOSE and re.search(r"\s|#", patron.pattern):
        raise re2.error(f"verbose pattern: {patron.pattern[:40]!r}")
    texto = LOOKAROUND.sub("", patron.pattern.replace(PRECEDIDO, "(?:^|\\W)"))

    def acotar(m: re.Match) -> str:
        return m.group(0) if int(m.group(2)) <= 1000 else f"{{{m.group(1)},}}"

    texto = REPETICION.sub(acotar, texto)
    if patron.flags & re.IGNORECASE:
        texto = "(?i)" + texto
    return re2.compile(texto, opciones())


@dataclass(frozen=True)
class Forma:
    """One pattern of one kind: what a match is, and what else it must pass."""

    tipo: str
    patron: object  # a compiled RE2 pattern
    valida: Callable[[str], bool] | None = None
    sigue: re.Pattern | None = None  # what the credential goes on with past the match


def formas() -> tuple[Forma, ...]:
    """Every shape: the plugins' patterns, then this module's own."""
    resultado = []
    for plugin, tipos in PLUGINS.items():
        for indice, patron in enumerate(plugin.denylist):
            tipo = tipos[indice] if len(tipos) > 1 else tipos[0]
            if tipo == "jwt":
                forma = Forma(tipo, a_re2(patron), plugin.is_formally_valid, SIGUE_JWT)
            else:
                forma = Forma(tipo, a_re2(patron))
            resultado.append(forma)
    resultado.extend(Forma(tipo, re2.compile(patron, opciones())) for tipo, patron in PROPIAS)
    return tuple(resultado)


FORMAS = formas()
