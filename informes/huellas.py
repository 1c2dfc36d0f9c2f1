"""Fingerprints of what a cached rendering depends on: its templates' sources and its code.

A cache entry keyed by these can never outlive a change of the template or of
the code that rendered it, whatever the deployment does with version numbers.
"""

import hashlib
import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from django.template import loader
from django.template.loader_tags import ExtendsNode, IncludeNode

PAQUETE = Path(__file__).resolve().parent


def sha256_json(valor) -> str:
    """SHA-256 of ``valor`` written as canonical JSON (dates and the like as text)."""
    texto = json.dumps(valor, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(texto.encode()).hexdigest()


def _nombre_constante(expresion) -> str | None:
    # {% include "x.html" %} keeps the literal name in ``var``; a variable name
    # cannot be followed, and the templates fingerprinted here use none.
    variable = getattr(expresion, "var", None)
    return str(variable) if isinstance(variable, str) else None


# The last fingerprint of each template, with the compiled template it was
# taken from: the cached loader (production, tests) hands out the same object
# for the life of the process, and a loader that reads the file each time a
# new one, which is fingerprinted again.
_ULTIMAS: dict[str, tuple[object, str]] = {}


def de_plantilla(nombre: str) -> str:
    """SHA-256 of the template ``nombre``'s source and of every template it includes
    or extends by a literal name, recursively.

    The sources are those of the compiled templates the engine renders (the
    cached loader's, in production), so the fingerprint is of what is rendered.
    """
    compilada = loader.get_template(nombre).template
    ultima = _ULTIMAS.get(nombre)
    if ultima is not None and ultima[0] is compilada:
        return ultima[1]
    huella = _de_plantillas(nombre)
    _ULTIMAS[nombre] = (compilada, huella)
    return huella


def _de_plantillas(*nombres: str) -> str:
    suma = hashlib.sha256()
    pendientes, vistos = list(nombres), set()
    while pendientes:
        nombre = pendientes.pop(0)
        if nombre in vistos:
            continue
        vistos.add(nombre)
        compilada = loader.get_template(nombre).template
        suma.update(f"{nombre}\0{len(compilada.source)}\0{compilada.source}".encode())
        for nodo in compilada.nodelist.get_nodes_by_type(IncludeNode):
            pendientes.append(_nombre_constante(nodo.template) or "")
        for nodo in compilada.nodelist.get_nodes_by_type(ExtendsNode):
            pendientes.append(_nombre_constante(nodo.parent_name) or "")
        pendientes = [p for p in pendientes if p]
    return suma.hexdigest()


@lru_cache(maxsize=16)
def de_codigo(*rutas: str) -> str:
    """SHA-256 of source files of the package (paths relative to it), read once a process.

    Call it when a module is imported, so the digest is of the code that runs.
    """
    suma = hashlib.sha256()
    for ruta in rutas:
        try:
            datos = (PAQUETE / ruta).read_bytes()
        except OSError:  # an installation without sources: the file's absence counts
            datos = b"\0ausente"
        suma.update(f"{ruta}\0{len(datos)}\0".encode() + datos)
    return suma.hexdigest()


@lru_cache(maxsize=16)
def de_paquetes(*nombres: str) -> str:
    """The installed versions of the named distributions, as one text."""
    versiones = []
    for nombre in nombres:
        try:
            versiones.append(f"{nombre}=={metadata.version(nombre)}")
        except metadata.PackageNotFoundError:
            versiones.append(f"{nombre}==?")
    return ";".join(versiones)
