"""The Python version: .python-version, runtime.txt, requires-python, a Dockerfile's
``FROM python:X.Y`` (and the conda, Pipfile.lock and MLmodel versions given to it)."""

import re

from ..repositorio import Repositorio

VERSION = re.compile(r"(?<![\d.])(3\.\d+(?:\.\d+)?)")


def version_en(texto: str) -> str:
    """The first Python 3 version written in ``texto`` ("python-3.11.4" gives "3.11.4")."""
    encontrada = VERSION.search(texto or "")
    return encontrada.group(1) if encontrada else ""


def python_version(repo: Repositorio) -> str:
    texto = repo.leer(".python-version")
    if texto is None:
        return ""
    lineas = [x.strip() for x in texto.splitlines() if x.strip() and not x.startswith("#")]
    return version_en(lineas[0]) if lineas else ""


def runtime_txt(repo: Repositorio) -> str:
    return version_en(repo.leer("runtime.txt") or "")


def requires_python(especificador: str) -> str:
    """The lowest version a ``requires-python`` (or Poetry's ``^3.11``) admits."""
    for parte in especificador.split(","):
        parte = parte.strip()
        if parte.startswith((">=", "==", "~=", "^", "~")) or re.fullmatch(r"[\d.]+", parte):
            return version_en(parte)
    return ""
