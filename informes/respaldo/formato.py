"""What a backup holds and how its manifest is signed: names, models, key, paths."""

import hashlib
import hmac
import os
import re

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.db import models

FORMATO = 2
DATOS = "datos.jsonl"
MANIFIESTO = "manifiesto.json"
FIRMA = "manifiesto.firma"
PREFIJO_MEDIA = "media/"

# The key lives outside the database and the backup, so whoever can write a
# zip cannot also sign it. Read from the environment (or .env) on each use.
VARIABLE_CLAVE = "INFORMES_RESPALDO_CLAVE"
LARGO_CLAVE_MINIMO = 32
# Binds the signature to this use: the same key signing anything else never
# yields a valid manifest signature.
CONTEXTO_FIRMA = b"informes-respaldo-manifiesto\n"

# Stored names are ours (a series UUID, a random hex name): plain segments,
# none starting with a dot, so no "..", no hidden file, no absolute path.
SEGMENTO = r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}"
RUTA_SEGURA_RE = re.compile(rf"(?:{SEGMENTO}/){{0,7}}{SEGMENTO}")


class RespaldoInvalido(Exception):
    """The archive is damaged, forged, too large, or does not fit the target database."""


def clave() -> bytes:
    """The signing key from the environment, or RespaldoInvalido naming the variable."""
    valor = os.environ.get(VARIABLE_CLAVE, "")
    if len(valor) < LARGO_CLAVE_MINIMO:
        raise RespaldoInvalido(
            f"Defina {VARIABLE_CLAVE} con una clave aleatoria de al menos "
            f"{LARGO_CLAVE_MINIMO} caracteres: firma y verifica los respaldos."
        )
    return valor.encode()


def firmar(manifiesto: bytes, llave: bytes) -> str:
    return hmac.new(llave, CONTEXTO_FIRMA + manifiesto, hashlib.sha256).hexdigest()


def firma_valida(manifiesto: bytes, firma: bytes, llave: bytes) -> bool:
    return hmac.compare_digest(firmar(manifiesto, llave).encode(), firma.strip())


def modelos_respaldados() -> list[type[models.Model]]:
    """Accounts first, then every model of the app in dependency order.

    These, and nothing else, are what a restore accepts from ``datos.jsonl``.
    """
    propios = list(apps.get_app_config("informes").get_models())
    return serializers.sort_dependencies([("auth", [get_user_model()]), ("informes", propios)])


def ruta_segura(nombre: str) -> bool:
    return len(nombre) <= 300 and RUTA_SEGURA_RE.fullmatch(nombre) is not None


def archivos_de(objeto: models.Model) -> set[str]:
    """Names of the stored files a record refers to."""
    nombres = set()
    for campo in objeto._meta.concrete_fields:
        if isinstance(campo, models.FileField):
            valor = getattr(objeto, campo.attname)
            if valor:
                nombres.add(str(valor))
    return nombres


def archivos_referidos() -> set[str]:
    """Every stored file the backed-up models of this database refer to."""
    nombres = set()
    for modelo in modelos_respaldados():
        for campo in modelo._meta.concrete_fields:
            if not isinstance(campo, models.FileField):
                continue
            nombres.update(
                str(n)
                for n in modelo._base_manager.values_list(campo.attname, flat=True).iterator()
                if n
            )
    return nombres
