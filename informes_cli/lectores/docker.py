"""A Dockerfile: its Python base image (``FROM python:3.11-slim``) and the command it runs
(``ENTRYPOINT`` and ``CMD``), with line continuations, comments and ``ARG`` defaults."""

import json
import re
import shlex
from dataclasses import dataclass

from ..repositorio import Repositorio
from .python import version_en

NOMBRES = ("Dockerfile", "dockerfile", "Containerfile")
ARG = re.compile(r"^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)=(\S*)", re.IGNORECASE)
INSTRUCCION = re.compile(r"^\s*(FROM|CMD|ENTRYPOINT)\s+(.*)$", re.IGNORECASE)
IMAGEN_PYTHON = re.compile(r"(^|/)python:(?P<etiqueta>\S+)$")


@dataclass
class Dockerfile:
    nombre: str
    python: str = ""
    imagen: str = ""
    orden: list | None = None  # ENTRYPOINT + CMD as a list of words


def _lineas(texto: str) -> list[str]:
    texto = re.sub(r"\\\r?\n", " ", texto)
    return [x for x in texto.splitlines() if x.strip() and not x.lstrip().startswith("#")]


def _palabras(argumento: str) -> list[str]:
    argumento = argumento.strip()
    if argumento.startswith("["):
        try:
            valor = json.loads(argumento)
        except ValueError:
            valor = None
        if isinstance(valor, list):
            return [str(v) for v in valor]
    try:
        return shlex.split(argumento)
    except ValueError:
        return argumento.split()


def _sustituir(texto: str, argumentos: dict[str, str]) -> str:
    def valor(encontrado):
        return argumentos.get(encontrado.group(1) or encontrado.group(2), encontrado.group(0))

    return re.sub(
        r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)", valor, texto
    )


def leer(repo: Repositorio) -> Dockerfile | None:
    for nombre in NOMBRES:
        texto = repo.leer(nombre)
        if texto is not None:
            break
    else:
        return None
    resultado = Dockerfile(nombre)
    argumentos, entrypoint, cmd = {}, [], []
    for linea in _lineas(texto):
        arg = ARG.match(linea)
        if arg:
            argumentos[arg.group(1)] = arg.group(2).strip("\"'")
            continue
        instruccion = INSTRUCCION.match(linea)
        if not instruccion:
            continue
        clave, argumento = (
            instruccion.group(1).upper(),
            _sustituir(instruccion.group(2), argumentos),
        )
        if clave == "FROM":
            palabras = [p for p in argumento.split() if not p.startswith("--")]
            imagen = IMAGEN_PYTHON.search(palabras[0]) if palabras else None
            if imagen and version_en(imagen.group("etiqueta")):
                # The last Python stage is the one that runs.
                resultado.python = version_en(imagen.group("etiqueta"))
                resultado.imagen = palabras[0]
            entrypoint, cmd = [], []  # a new stage starts from nothing
        elif clave == "ENTRYPOINT":
            entrypoint = _palabras(argumento)
        else:
            cmd = _palabras(argumento)
    resultado.orden = entrypoint + cmd or None
    return resultado
