"""Structured application logs: one JSON object per line.

``evento`` records who did what to which report; the formatter never writes a
value whose key looks like a secret.
"""

import json
import logging
from datetime import UTC, datetime

logger = logging.getLogger("informes.eventos")

CAMPOS_CONTEXTO = ("evento", "usuario", "informe", "accion", "estado", "ip", "detalle")
PALABRAS_SECRETAS = ("password", "contrasena", "contraseña", "token", "secret", "clave", "csrf")


def _es_secreto(clave: str) -> bool:
    clave = clave.lower()
    return any(p in clave for p in PALABRAS_SECRETAS)


def _limpiar(valor):
    if isinstance(valor, dict):
        return {k: ("[oculto]" if _es_secreto(str(k)) else _limpiar(v)) for k, v in valor.items()}
    if isinstance(valor, list | tuple):
        return [_limpiar(v) for v in valor]
    return valor


class FormatoJSON(logging.Formatter):
    """Formats a record as one line of JSON with the app's context fields."""

    def format(self, record: logging.LogRecord) -> str:
        datos = {
            "momento": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "nivel": record.levelname,
            "logger": record.name,
            "mensaje": record.getMessage(),
        }
        for campo in CAMPOS_CONTEXTO:
            if hasattr(record, campo):
                datos[campo] = _limpiar(getattr(record, campo))
        if record.exc_info:
            datos["error"] = self.formatException(record.exc_info)
        return json.dumps(datos, ensure_ascii=False, default=str)


def _usuario(usuario) -> str | None:
    if usuario is None or not getattr(usuario, "is_authenticated", False):
        return None
    return usuario.get_username()


def evento(
    nombre: str,
    *,
    usuario=None,
    informe=None,
    accion: str | None = None,
    estado: str | None = None,
    nivel: int = logging.INFO,
    **detalle,
):
    """Log an application event with the user, the report id, the action and any detail."""
    contexto = {
        "evento": nombre,
        "usuario": _usuario(usuario),
        "informe": getattr(informe, "pk", informe),
        "detalle": _limpiar(detalle),
    }
    if accion is not None:
        contexto["accion"] = accion
    if estado is not None:
        contexto["estado"] = str(estado)
    logger.log(nivel, nombre, extra=contexto)
