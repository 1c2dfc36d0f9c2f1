"""Environment variables: .env.example / .env.sample and compose files' ``environment:``.

Names always; an example value only when it is no secret. A value is left out
when the name says secret (``*_KEY``, ``*_TOKEN``, ``*_PASSWORD``, ``*_SECRET``
and their kin), when it is a URL with a password (``postgres://u:clave@host``),
when it looks random (long strings of letters and digits, as keys are), or when
it only points at another variable (``${X}``). The comment just above a line of
an .env file becomes the variable's purpose.
"""

import math
import re
from collections import Counter

import yaml

from ..repositorio import Repositorio

ARCHIVOS_ENV = (".env.example", ".env.sample", "env.example", ".env.template", "example.env")
ARCHIVOS_COMPOSE = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
LINEA_ENV = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")
PARTES_SECRETAS = frozenset(
    {
        "PASSWORD", "PASSWD", "PWD", "PASS", "SECRET", "SECRETS", "TOKEN", "KEY", "APIKEY",
        "CREDENTIAL", "CREDENTIALS", "PRIVATE", "AUTH", "SALT", "SIGNATURE", "CERT", "DSN",
        "COOKIE", "SESSION",
    }
)  # fmt: skip
URL_CON_CLAVE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/@\s:]*:[^/@\s]+@")
ALEATORIO = re.compile(r"^[A-Za-z0-9+/=_\-.]{20,}$")


def nombre_secreto(nombre: str) -> bool:
    partes = set(re.split(r"[_\-]+", nombre.upper()))
    return bool(partes & PARTES_SECRETAS) or nombre.upper().endswith(("KEY", "TOKEN", "SECRET"))


def _entropia(texto: str) -> float:
    cuentas = Counter(texto)
    return -sum(n / len(texto) * math.log2(n / len(texto)) for n in cuentas.values())


def parece_secreto(valor: str) -> bool:
    """A URL with a password, or a long random-looking string (3.5+ bits a character)."""
    if URL_CON_CLAVE.match(valor):
        return True
    if ALEATORIO.match(valor) and "/" not in valor.strip("/"):
        con_digitos = any(c.isdigit() for c in valor) and any(c.isalpha() for c in valor)
        return con_digitos and _entropia(valor) >= 3.5
    return False


def ejemplo(nombre: str, valor: str) -> str:
    """The value to show as an example, or "" when it must not be shown."""
    valor = valor.strip()
    if len(valor) >= 2 and valor[0] == valor[-1] and valor[0] in "\"'":
        valor = valor[1:-1]
    if not valor or "${" in valor or valor.startswith("$"):
        return ""
    if nombre_secreto(nombre) or parece_secreto(valor):
        return ""
    return valor


def env_ejemplo(repo: Repositorio) -> tuple[str, list[dict]]:
    """The first example .env file's variables: (its name, rows)."""
    for nombre in ARCHIVOS_ENV:
        texto = repo.leer(nombre)
        if texto is None:
            continue
        filas, comentario = [], ""
        for linea in texto.splitlines():
            if linea.strip().startswith("#"):
                comentario = linea.strip().lstrip("#").strip()
                continue
            encontrada = LINEA_ENV.match(linea)
            if encontrada:
                valor = re.split(r"\s+#", encontrada.group(2), maxsplit=1)[0]
                filas.append(
                    {
                        "nombre": encontrada.group(1),
                        "proposito": comentario[:200],
                        "valor_ejemplo": ejemplo(encontrada.group(1), valor)[:200],
                    }
                )
            comentario = ""
        return nombre, filas
    return "", []


def compose(repo: Repositorio) -> tuple[str, list[dict]]:
    """Every service's ``environment:`` (a mapping or a list) of the compose file."""
    for nombre in ARCHIVOS_COMPOSE:
        texto = repo.leer(nombre)
        if texto is None:
            continue
        try:
            datos = yaml.safe_load(texto)
        except yaml.YAMLError:
            return nombre, []
        servicios = datos.get("services") if isinstance(datos, dict) else None
        filas = []
        for servicio in (servicios or {}).values():
            entorno = servicio.get("environment") if isinstance(servicio, dict) else None
            if isinstance(entorno, dict):
                pares = [(str(k), "" if v is None else str(v)) for k, v in entorno.items()]
            elif isinstance(entorno, list):
                pares = [
                    tuple(str(x).split("=", 1)) if "=" in str(x) else (str(x), "") for x in entorno
                ]
            else:
                continue
            for clave, valor in pares:
                filas.append(
                    {"nombre": clave, "proposito": "", "valor_ejemplo": ejemplo(clave, valor)[:200]}
                )
        return nombre, filas
    return "", []
