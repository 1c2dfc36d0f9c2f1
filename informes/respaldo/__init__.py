"""Backup and restore of every account and report, with their files, in one signed zip.

A backup is a zip with ``datos.jsonl`` (Django's serialization of the accounts
and of every model of this app, one record a line, so a model added later is
included without changing this package), ``media/<name>`` for each stored file,
``manifiesto.json`` (SHA-256 and size of every entry) and ``manifiesto.firma``
(an HMAC of the manifest with the key in ``INFORMES_RESPALDO_CLAVE``).
"""

from .escritura import Resumen, respaldar
from .formato import VARIABLE_CLAVE, RespaldoInvalido, modelos_respaldados
from .restauracion import MENSAJE_OCUPADA, Restaurado, restaurar

__all__ = [
    "MENSAJE_OCUPADA",
    "VARIABLE_CLAVE",
    "RespaldoInvalido",
    "Restaurado",
    "Resumen",
    "modelos_respaldados",
    "respaldar",
    "restaurar",
]
