"""The Archivo Principal de Despliegue: the file a Dockerfile's command runs, or else a
module with ``if __name__ == "__main__"`` (deploy, serve, app, main and predict first)."""

import re
import shlex
from pathlib import PurePosixPath

from ..repositorio import Repositorio

GUARDA = re.compile(r"""^if\s+__name__\s*==\s*["']__main__["']\s*:""", re.MULTILINE)
PREFERIDOS = ("deploy", "serve", "server", "app", "main", "predict", "api", "run")
SERVIDORES = ("gunicorn", "uvicorn", "hypercorn", "waitress-serve", "daphne")


def _modulo_a_ruta(repo: Repositorio, modulo: str) -> str:
    base = modulo.split(":", 1)[0].replace(".", "/")
    for candidata in (f"{base}.py", f"{base}/__main__.py", f"src/{base}.py"):
        if (repo.raiz / candidata).is_file():
            return candidata
    return ""


def de_orden(repo: Repositorio, palabras: list[str]) -> str:
    """The file a container's command runs: a ``.py`` argument, ``python -m modulo``, or a
    WSGI/ASGI server's ``modulo:app``; else the command itself, as written."""
    if (
        len(palabras) >= 3
        and palabras[0] in ("sh", "bash", "/bin/sh", "/bin/bash")
        and (palabras[1] == "-c")
    ):
        try:
            return de_orden(repo, shlex.split(palabras[2]))
        except ValueError:
            pass
    for indice, palabra in enumerate(palabras):
        if palabra.endswith(".py"):
            return palabra.removeprefix("./")
        if palabra == "-m" and indice + 1 < len(palabras):
            return _modulo_a_ruta(repo, palabras[indice + 1]) or f"python -m {palabras[indice + 1]}"
    if palabras and PurePosixPath(palabras[0]).name in SERVIDORES:
        for palabra in palabras[1:]:
            if re.fullmatch(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*(\(\))?", palabra):
                ruta = _modulo_a_ruta(repo, palabra)
                if ruta:
                    return ruta
    return " ".join(palabras)


def modulo_principal(repo: Repositorio) -> str:
    """The best module with a ``__main__`` guard, shallowest and best named first."""
    candidatos = []
    for ruta in repo.buscar(lambda nombre: nombre.endswith(".py"), profundidad=3):
        partes = repo.relativa(ruta).split("/")
        if any(p in ("tests", "test", "docs", "scripts", "notebooks") for p in partes[:-1]):
            continue
        if ruta.name.startswith("test_") or ruta.name == "setup.py":
            continue
        texto = repo.leer(ruta)
        if texto is None or not GUARDA.search(texto):
            continue
        preferido = next((i for i, p in enumerate(PREFERIDOS) if p in ruta.stem.lower()), 99)
        candidatos.append((len(partes), preferido, repo.relativa(ruta)))
    return min(candidatos)[2] if candidatos else ""
