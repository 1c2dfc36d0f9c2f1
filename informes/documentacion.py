"""README's generated parts: the package's layout from module docstrings, the workflow from flujo.

Each part sits in README.md between ``<!-- documentar:NAME -->`` and
``<!-- /documentar:NAME -->``; ``manage.py documentar`` rewrites them and a test
fails while README differs from what the code says.
"""

import ast
import re
from pathlib import Path

from . import flujo

RAIZ = Path(__file__).resolve().parent
README = RAIZ.parent / "README.md"
# Folders of the package that are not Python packages of their own, and migrations,
# whose files are numbered history rather than modules to read.
CARPETAS_SIN_DETALLE = {"migrations"}
DESCRIPCION_CARPETA = {"data": "the official template, kept as the contract"}

QUIEN = {
    flujo.Quien.LECTORES: "whoever may see the report",
    flujo.Quien.AUTORES: "its author and co-authors",
    flujo.Quien.AUTOR: "its author",
    flujo.Quien.JUEZ: "a reviewer who is neither author nor co-author",
    flujo.Quien.AUTORES_O_JUEZ: "its authors, or a reviewer who is not one",
    flujo.Quien.AUTORES_O_REVISORES: "its authors, or any reviewer",
    flujo.Quien.NADIE: "nobody: the approval of the next version does it",
}


def resumen(ruta: Path) -> str:
    """The first line of a module's docstring (empty when it has none)."""
    docstring = ast.get_docstring(ast.parse(ruta.read_text(encoding="utf-8"))) or ""
    return docstring.strip().split("\n", 1)[0]


def _entradas(carpeta: Path, nivel: int) -> list[str]:
    lineas = []
    sangria = "  " * nivel
    for ruta in sorted(carpeta.iterdir()):
        if ruta.name.startswith((".", "__")) or ruta.suffix == ".pyc":
            continue
        if ruta.is_dir():
            inicio = ruta / "__init__.py"
            if inicio.exists():
                lineas.append(f"{sangria}- `{ruta.name}/`: {resumen(inicio)}")
                if ruta.name not in CARPETAS_SIN_DETALLE:
                    lineas += _entradas(ruta, nivel + 1)
            elif ruta.name in DESCRIPCION_CARPETA:
                lineas.append(f"{sangria}- `{ruta.name}/`: {DESCRIPCION_CARPETA[ruta.name]}")
        elif ruta.suffix == ".py":
            lineas.append(f"{sangria}- `{ruta.name}`: {resumen(ruta)}")
    return lineas


def estructura() -> str:
    """The package, module by module, each with the first line of its docstring."""
    return "\n".join([f"- `informes/`: {resumen(RAIZ / '__init__.py')}", *_entradas(RAIZ, 1)])


def _estados(desde: frozenset[str]) -> str:
    if desde == flujo.TODOS:
        return "any"
    if desde == flujo.VISIBLES:
        return "any but `descartado`"
    return ", ".join(f"`{e}`" for e in flujo.Estado if e in desde)


def diagrama() -> str:
    """The transitions of ``flujo.REGLAS`` as a Mermaid state diagram and every rule as a table."""
    lineas = ["```mermaid", "stateDiagram-v2", f"    [*] --> {flujo.Estado.BORRADOR}"]
    for regla in flujo.TRANSICIONES:
        nombre = str(regla.nombre) + (" (v n+1)" if regla.crea_version else "")
        for desde in (e for e in flujo.Estado if e in regla.desde):
            lineas.append(f"    {desde} --> {regla.hacia}: {nombre}")
    lineas += ["```", "", "| Action | From | To | Who |", "| --- | --- | --- | --- |"]
    for regla in flujo.REGLAS:
        hacia = f"`{regla.hacia}`" if regla.hacia else "(same)"
        if regla.crea_version:
            hacia += " (a new version)"
        nombre = f"`{regla.accion}`" + (f" «{regla.nombre}»" if regla.nombre else "")
        quien = QUIEN[regla.quien]
        if regla.sin_otra_version_abierta:
            quien += ", while no other version of the series is open"
        if regla.nunca_enviado:
            quien += ", if this version was never sent to review"
        if regla.confirmar:
            quien += " (after a confirmation page)"
        lineas.append(f"| {nombre} | {_estados(regla.desde)} | {hacia} | {quien} |")
    return "\n".join(lineas)


PARTES = {"estructura": estructura, "flujo": diagrama}


def actualizar(texto: str) -> str:
    """``texto`` (README) with every generated part written anew from the code."""
    for nombre, generar in PARTES.items():
        patron = re.compile(
            rf"(<!-- documentar:{nombre} -->\n).*?(<!-- /documentar:{nombre} -->)", re.S
        )
        if not patron.search(texto):
            raise ValueError(f"README no tiene la parte «{nombre}» entre sus marcas.")
        texto = patron.sub(lambda m, g=generar: m.group(1) + g() + "\n" + m.group(2), texto)
    return texto
