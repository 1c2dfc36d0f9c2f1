"""What looks like a credential and is not one: placeholders, examples, references, plain words.

Every function here reads one candidate value, never a whole text, and each
candidate is bounded by the pattern that found it, so the plain ``re`` below
works on a few hundred characters at most.
"""

import math
import re
import unicodedata
from collections import Counter

from detect_secrets.filters.heuristic import is_potential_uuid, is_sequential_string

# Words that name a credential instead of being one, alone or as «your password»,
# «su_clave», «token-aqui»: an example's author wrote where the value goes.
PALABRAS_MARCADOR = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "pwd",
        "passphrase",
        "clave",
        "contrasena",
        "secret",
        "secreto",
        "secreta",
        "token",
        "key",
        "apikey",
        "accesskey",
        "secretkey",
        "credential",
        "credencial",
        "changeme",
        "changeit",
        "cambiame",
        "cambiar",
        "valor",
        "value",
        "none",
        "null",
        "nil",
        "empty",
        "vacio",
        "todo",
        "pendiente",
    }
)
POSESIVOS = ("your", "my", "the", "tu", "su", "mi", "el", "la", "new", "nuevo", "nueva")
COLETILLAS = ("here", "aqui", "goeshere", "va")
# A value containing one of these was written as an example (AWS documents its
# keys as «AKIAIOSFODNN7EXAMPLE»), or is a run of x's standing for one.
SENALES_EJEMPLO = (
    "example",
    "ejemplo",
    "sample",
    "muestra",
    "dummy",
    "placeholder",
    "redacted",
    "changeme",
    "fake",
    "falso",
    "ficticio",
    "xxxx",
)
# How a template, a shell or a configuration file names a value kept elsewhere:
# «${DB_PASSWORD}», «$TOKEN», «<clave>», «{{ secreto }}», «%(clave)s», «!vault».
INICIOS_PLANTILLA = ("$", "<", "{", "[", "%", "!", "*", "…")
# References to a secret kept elsewhere: a file, a vault, a secret manager.
INICIOS_REFERENCIA = (
    "/",
    "./",
    "../",
    "~/",
    "file:",
    "env:",
    "vault:",
    "arn:aws:secretsmanager:",
    "arn:aws:ssm:",
    "projects/",
    "secretsmanager:",
    "secretref:",
    "@microsoft.keyvault(",
)

# Names whose last word says the value is a password or a secret…
NOMBRES_CONTRASENA = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "pwd",
        "passphrase",
        "contrasena",
        "clave",
        "secret",
        "secreto",
        "secreta",
        "credential",
        "credentials",
        "credencial",
        "credenciales",
    }
)
# …or a key or a token (held to a higher bar: «SORT_KEY=created_at» is no secret).
NOMBRES_TOKEN = frozenset({"key", "apikey", "token", "accesskey", "secretkey", "authkey"})
# The word before «key» that makes it public.
PUBLICOS = frozenset({"public", "pub", "publica", "publico"})

# A name in code rather than a value: an environment variable («DB_PASSWORD»)
# or an attribute («settings.DB_PASSWORD», «cfg.api_key»).
REFERENCIA_CODIGO = re.compile(
    r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+"
)
SEPARADORES_NOMBRE = re.compile(r"[^A-Za-z0-9]+")
CAMELLO = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
RACHA_MISMA_CAJA = re.compile(r"[a-z]+|[A-Z]+")


def normalizar(texto: str) -> str:
    """Lowercase ASCII letters and digits only: «Contraseña_1» → «contrasena1»."""
    if not texto.isascii():
        texto = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    return "".join(filter(str.isalnum, texto)).lower()


def palabras_del_nombre(nombre: str) -> list[str]:
    """A variable's words: «awsSecretAccessKey» and «AWS_SECRET_ACCESS_KEY» → aws, secret, …"""
    sin_acentos = unicodedata.normalize("NFKD", nombre).encode("ascii", "ignore").decode()
    palabras = []
    for parte in SEPARADORES_NOMBRE.split(sin_acentos):
        palabras.extend(p.lower() for p in CAMELLO.split(parte) if p)
    return palabras


def clase_de_nombre(nombre: str) -> str:
    """«contrasena» for a password's name, «token» for a key's or a token's, else ""."""
    palabras = palabras_del_nombre(nombre)
    if not palabras:
        return ""
    ultima = palabras[-1]
    if ultima in NOMBRES_CONTRASENA:
        return "contrasena"
    if ultima in NOMBRES_TOKEN and not (len(palabras) > 1 and palabras[-2] in PUBLICOS):
        return "token"
    return ""


def es_marcador(valor: str) -> bool:
    """A placeholder, an example or a reference: «changeme», «<clave>», «${TOKEN}», «****»."""
    valor = valor.strip().strip("'\"`")
    if not valor or valor.startswith(INICIOS_PLANTILLA) or valor.endswith(("}", ">", "]")):
        return True
    if len(set(valor)) == 1 or valor.lower().startswith(INICIOS_REFERENCIA):
        return True
    palabra = normalizar(valor)
    if not palabra or palabra in PALABRAS_MARCADOR:
        return True
    if any(senal in palabra for senal in SENALES_EJEMPLO):
        return True
    for coletilla in COLETILLAS:
        palabra = palabra.removesuffix(coletilla)
    for posesivo in POSESIVOS:
        if palabra.startswith(posesivo) and palabra[len(posesivo) :] in PALABRAS_MARCADOR:
            return True
    return palabra in PALABRAS_MARCADOR or is_sequential_string(valor)


def parece_identificador(valor: str) -> bool:
    """A UUID, or a run like «12345678» or «ABCDEF»: what detect-secrets does not report."""
    return is_potential_uuid(valor) or is_sequential_string(valor)


def entropia(valor: str) -> float:
    """Shannon entropy in bits per character."""
    if not valor:
        return 0.0
    total = len(valor)
    return -sum(n / total * math.log2(n / total) for n in Counter(valor).values())


def clases(valor: str) -> int:
    """How many of lowercase, uppercase, digits and other characters the value mixes."""
    return (
        any(c.islower() for c in valor)
        + any(c.isupper() for c in valor)
        + any(c.isdigit() for c in valor)
        + any(not c.isalnum() for c in valor)
    )


def parece_token(valor: str) -> bool:
    """Random-looking enough to be a key or a token: long, letters and digits, high entropy,
    and no long word in it («clasificador-ciiu-v2» is a name, not a key)."""
    if len(valor) < 16 or any(c.isspace() for c in valor):
        return False
    if not (any(c.isalpha() for c in valor) and any(c.isdigit() for c in valor)):
        return False
    if entropia(valor) < 3.0:
        return False
    racha = max((len(m) for m in RACHA_MISMA_CAJA.findall(valor)), default=0)
    return racha <= 10 and not parece_identificador(valor)


def parece_contrasena(valor: str) -> bool:
    """A password (placeholders apart): six characters or more mixing two kinds, or a long one.

    A single plain word («produccion») or a number reads as a setting, not a password.
    """
    if len(valor) < 6 or any(c.isspace() for c in valor):
        return False
    return clases(valor) >= 2 or len(valor) >= 16


def es_credencial(valor: str, clase: str) -> bool:
    """Whether ``valor``, assigned to a name of ``clase`` (``clase_de_nombre``), is one."""
    if es_marcador(valor) or REFERENCIA_CODIGO.fullmatch(valor):
        return False
    if clase == "contrasena":
        return parece_contrasena(valor)
    return parece_token(valor)


def es_de_ejemplo(secreto: str) -> bool:
    """A shape matched by something written as an example, or too regular to be random."""
    palabra = normalizar(secreto)
    if any(senal in palabra for senal in SENALES_EJEMPLO) or len(set(secreto)) <= 2:
        return True
    return len(secreto) >= 12 and entropia(secreto) < 2.5
