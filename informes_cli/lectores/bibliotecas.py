"""Library rows with their versions: requirements*.txt, pyproject.toml (PEP 621 and Poetry),
Pipfile.lock and conda's environment.yml/conda.yaml.

A pinned version (``x==1.2``, conda's ``x=1.2``) becomes ``1.2``; a range stays a
range (``>=1.2,<2``, Poetry's ``^1.2`` written out as ``>=1.2,<2.0.0``). Options,
URLs, paths and VCS references are no library: they are reported, not kept.
"""

import json
import re
import tomllib

import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from ..repositorio import Repositorio

# Tools that are not the model's dependencies.
SIN_INTERES = frozenset({"python", "pip", "setuptools", "wheel"})
# requirements files for development, tests or documentation are not deployed.
NO_DESPLIEGUE = re.compile(r"(^|[-_.])(dev|develop|test|tests|testing|docs|doc|lint)([-_.]|$)")
ORDEN_OPERADORES = {">=": 0, ">": 1, "~=": 2, "==": 3, "===": 3, "!=": 4, "<=": 5, "<": 6}
INCLUSIONES_MAXIMAS = 5


def _version(especificadores) -> str:
    lista = sorted(especificadores, key=lambda e: (ORDEN_OPERADORES.get(e.operator, 9), e.version))
    if len(lista) == 1 and lista[0].operator in ("==", "===") and "*" not in lista[0].version:
        return lista[0].version
    return ",".join(str(e) for e in lista)


def de_requisito(texto: str) -> dict | None:
    """A PEP 508 requirement as a row, or None when it is not one (a URL, a path)."""
    try:
        requisito = Requirement(texto)
    except InvalidRequirement:
        return None
    if requisito.url:
        return None
    nombre = requisito.name
    if requisito.extras:
        nombre += "[" + ",".join(sorted(requisito.extras)) + "]"
    return {"nombre": nombre, "version": _version(requisito.specifier)}


def requirements(repo: Repositorio, relativa: str, omitidos: list, _nivel: int = 0) -> list[dict]:
    """The rows of a requirements file, following ``-r other.txt`` inside the repository."""
    texto = repo.leer(relativa)
    if texto is None:
        return []
    filas = []
    for linea in texto.replace("\\\n", " ").splitlines():
        linea = re.split(r"(^|\s)#", linea, maxsplit=1)[0].strip()
        if not linea:
            continue
        if linea.startswith(("-r ", "--requirement ")) and _nivel < INCLUSIONES_MAXIMAS:
            otro = (repo.raiz / relativa).parent / linea.split(maxsplit=1)[1].strip()
            if repo.dentro(otro):
                filas += requirements(repo, repo.relativa(otro.resolve()), omitidos, _nivel + 1)
            continue
        if linea.startswith("-"):
            omitidos.append(f"{relativa}: {linea[:60]} (opción de pip)")
            continue
        fila = de_requisito(linea.split(" --hash", 1)[0])
        if fila is None:
            omitidos.append(f"{relativa}: {linea[:60]} (no es un paquete con nombre)")
        else:
            filas.append(fila)
    return filas


def archivos_requirements(repo: Repositorio) -> list[str]:
    """requirements.txt first, then the other requirements*.txt meant for deployment."""
    nombres = sorted(
        p.name
        for p in repo.raiz.glob("requirements*.txt")
        if p.is_file() and not NO_DESPLIEGUE.search(p.stem.removeprefix("requirements"))
    )
    return sorted(nombres, key=lambda n: n != "requirements.txt")


def _poetry(nombre: str, restriccion) -> dict | None:
    if isinstance(restriccion, dict):
        if "version" not in restriccion:
            return None  # git, path or url
        restriccion = restriccion["version"]
    if isinstance(restriccion, list):
        return None  # several constraints by marker: too much for one row
    return {"nombre": nombre, "version": version_poetry(str(restriccion))}


def version_poetry(restriccion: str) -> str:
    """Poetry's ``^1.2``, ``~1.2``, ``*`` and plain versions as PEP 440 specifiers."""
    restriccion = restriccion.strip()
    if restriccion in ("", "*"):
        return ""
    if restriccion[0] in "^~" and restriccion[1:2] != "=":
        partes = [int(p) for p in re.findall(r"\d+", restriccion)[:3]] or [0]
        base = restriccion[1:].strip()
        if restriccion[0] == "~":
            indice = 1 if len(partes) > 1 else 0
        else:  # the first non-zero part may not change
            indice = next((i for i, p in enumerate(partes) if p), len(partes) - 1)
        tope = partes[: indice + 1]
        tope[-1] += 1
        tope += [0] * (3 - len(tope))
        return f">={base},<{'.'.join(map(str, tope))}"
    if re.fullmatch(r"\d+(\.\d+)*", restriccion):
        return restriccion
    return restriccion.replace(" ", "")


def pyproject(repo: Repositorio, omitidos: list) -> tuple[list[dict], dict]:
    """Rows of PEP 621 ``dependencies`` and Poetry's, and the project's name, description
    and ``requires-python``."""
    texto = repo.leer("pyproject.toml")
    if texto is None:
        return [], {}
    try:
        datos = tomllib.loads(texto)
    except tomllib.TOMLDecodeError:
        omitidos.append("pyproject.toml: no es TOML válido")
        return [], {}
    proyecto = datos.get("project") or {}
    poetry = (datos.get("tool") or {}).get("poetry") or {}
    filas = []
    for linea in proyecto.get("dependencies") or []:
        fila = de_requisito(str(linea))
        if fila is None:
            omitidos.append(f"pyproject.toml: {str(linea)[:60]}")
        else:
            filas.append(fila)
    dependencias = poetry.get("dependencies") or {}
    python = proyecto.get("requires-python") or dependencias.get("python") or ""
    for nombre, restriccion in dependencias.items():
        if nombre.lower() == "python":
            continue
        fila = _poetry(nombre, restriccion)
        if fila is None:
            omitidos.append(f"pyproject.toml: {nombre} (git, ruta o varias restricciones)")
        else:
            filas.append(fila)
    meta = {
        "nombre": proyecto.get("name") or poetry.get("name") or "",
        "descripcion": proyecto.get("description") or poetry.get("description") or "",
        "python": str(python),
    }
    return filas, meta


def pipfile_lock(repo: Repositorio) -> tuple[list[dict], str]:
    """The ``default`` section's pinned packages, and ``_meta``'s Python version."""
    texto = repo.leer("Pipfile.lock")
    if texto is None:
        return [], ""
    try:
        datos = json.loads(texto)
    except ValueError:
        return [], ""
    filas = []
    for nombre, paquete in (datos.get("default") or {}).items():
        version = paquete.get("version", "") if isinstance(paquete, dict) else ""
        filas.append({"nombre": nombre, "version": version.removeprefix("==")})
    requiere = (datos.get("_meta") or {}).get("requires") or {}
    return filas, str(requiere.get("python_full_version") or requiere.get("python_version") or "")


def conda(repo: Repositorio, relativa: str, omitidos: list) -> tuple[list[dict], str]:
    """Rows of a conda environment (its pip section too) and its ``python=`` version."""
    texto = repo.leer(relativa)
    try:
        datos = yaml.safe_load(texto) if texto else None
    except yaml.YAMLError:
        omitidos.append(f"{relativa}: no es YAML válido")
        return [], ""
    if not isinstance(datos, dict):
        return [], ""
    filas, python = [], ""
    for dependencia in datos.get("dependencies") or []:
        if isinstance(dependencia, dict):
            for linea in dependencia.get("pip") or []:
                fila = de_requisito(str(linea))
                if fila is not None:
                    filas.append(fila)
            continue
        texto_dep = str(dependencia).split("::")[-1].strip()
        partes = re.split(r"(?=[<>=!~ ])", texto_dep, maxsplit=1)
        nombre = partes[0].strip()
        resto = partes[1].replace(" ", "") if len(partes) > 1 else ""
        if resto.startswith("=") and not resto.startswith("=="):
            resto = resto[1:].split("=")[0].removesuffix(".*")  # conda's "x=1.2=build"
        elif resto.startswith("=="):
            resto = resto[2:].split("=")[0]
        if nombre.lower() == "python":
            python = resto.lstrip(">=~")
            continue
        filas.append({"nombre": nombre, "version": resto})
    return filas, python


def unir(fuentes: list[tuple[str, list[dict]]]) -> tuple[list[dict], list[str]]:
    """One row per package (the first source naming it wins), and the sources used."""
    vistas, filas, usadas = set(), [], []
    for fuente, lista in fuentes:
        aporta = False
        for fila in lista:
            clave = canonicalize_name(re.sub(r"\[.*", "", fila["nombre"]))
            if clave in vistas or clave in SIN_INTERES:
                continue
            vistas.add(clave)
            filas.append({"nombre": fila["nombre"], "version": fila.get("version", "")})
            aporta = True
        if aporta:
            usadas.append(fuente)
    return filas, usadas
