"""A finding: its kind, where it is, a masked excerpt and a fingerprint, never the value."""

import hashlib
import re
from dataclasses import dataclass

# What ``reemplazar_secretos`` writes in place of each credential.
MARCADOR = "<secreto>"
# What an excerpt shows in place of a credential, or of most of it.
OCULTO = "••••"
# Hex digits of a fingerprint: 128 bits, far from any collision between the
# findings of one report.
LARGO_HUELLA = 32


def gettext_noop(texto: str) -> str:
    """Mark ``texto`` for translation without translating it: this package runs without Django.

    Whoever shows a description to a person translates it then (``en_informe``).
    """
    return texto


# Each kind of finding and how it reads; ``%(nombre)s`` is the variable that
# gave the value away.
DESCRIPCIONES = {
    "clave_privada": gettext_noop("Clave privada (PEM, OpenSSH, PGP o PuTTY)"),
    "aws": gettext_noop("Clave de acceso de AWS"),
    "aws_secreta": gettext_noop("Clave secreta de AWS"),
    "azure": gettext_noop("Clave de acceso de Azure (Storage o Service Bus)"),
    "azure_sas": gettext_noop("Firma de acceso compartido (SAS) de Azure"),
    "gcp_api": gettext_noop("Clave de API de Google Cloud"),
    "gcp_oauth": gettext_noop("Secreto de cliente OAuth de Google"),
    "github": gettext_noop("Token de GitHub"),
    "gitlab": gettext_noop("Token de GitLab"),
    "slack": gettext_noop("Token de Slack"),
    "slack_webhook": gettext_noop("Webhook de Slack"),
    "stripe": gettext_noop("Clave secreta de Stripe"),
    "jwt": gettext_noop("JSON Web Token (JWT)"),
    "openai": gettext_noop("Clave de API de OpenAI"),
    "huggingface": gettext_noop("Token de Hugging Face"),
    "npm": gettext_noop("Token de npm"),
    "pypi": gettext_noop("Token de PyPI"),
    "sendgrid": gettext_noop("Clave de API de SendGrid"),
    "twilio": gettext_noop("Clave de API de Twilio"),
    "mailchimp": gettext_noop("Clave de API de Mailchimp"),
    "telegram": gettext_noop("Token de bot de Telegram"),
    "discord": gettext_noop("Token de bot de Discord"),
    "square": gettext_noop("Secreto OAuth de Square"),
    "artifactory": gettext_noop("Credencial de Artifactory"),
    "ibm": gettext_noop("Credencial de IBM Cloud"),
    "url_con_clave": gettext_noop("Contraseña dentro de una URL"),
    "autorizacion": gettext_noop("Credencial en una cabecera Authorization"),
    "variable_secreta": gettext_noop("Valor con aspecto de credencial en «%(nombre)s»"),
}


@dataclass(frozen=True)
class Hallazgo:
    """Something in a text that looks like a credential.

    ``inicio`` and ``fin`` delimit the credential in the text it was found in
    (the password alone in a URL, the value alone in an assignment); the
    finding itself holds no part of it (``extracto`` shows at most the fixed
    prefix its service gives every such token), so it may be logged or stored.
    """

    tipo: str
    inicio: int
    fin: int
    extracto: str
    huella: str
    nombre: str = ""  # the variable the value was assigned to, when that gave it away

    @property
    def descripcion(self) -> str:
        """What was found, in Spanish (untranslated: see ``gettext_noop``)."""
        return DESCRIPCIONES[self.tipo] % {"nombre": self.nombre}


def huella(tipo: str, secreto: str) -> str:
    """A fingerprint of the credential: equal for equal values, useless to read one back.

    A harmless example is marked by it; a password too weak to be secret behind
    a hash is by then declared an example by its author.
    """
    return hashlib.sha256(f"{tipo}\0{secreto}".encode()).hexdigest()[:LARGO_HUELLA]


# The fixed start a service gives its credentials: it names the kind and is
# the same in every credential of that kind, so an excerpt may show it.
PREFIJO_PUBLICO = re.compile(
    r"(?:AKIA|ASIA|ABIA|ACCA|A3T|gh[pousr]_|github_pat_|gl(?:pat|dt|ft|soat|rt|cbt|imt|ptt"
    r"|agent|oas)-|GR1348941|xox[a-z]-|xapp-|[sr]k_live_|eyJ|sk-(?:proj-|svcacct-|admin-)?"
    r"|hf_|npm_|pypi-|SG\.|sq0csp-|AIza|GOCSPX-|https://hooks\.slack\.com/services/|AKC)"
)


def enmascarar(secreto: str) -> str:
    """The credential as an excerpt shows it: its service's fixed prefix at most
    («AKIA», «ghp_», «xoxb-»), never a character of its own."""
    prefijo = PREFIJO_PUBLICO.match(secreto)
    if prefijo and prefijo.end() < len(secreto):
        return prefijo.group(0) + OCULTO
    return OCULTO
