"""The package's imports: no cycle, no import hidden in a function, and layers from the URLs
down to the template's description.

    entry points (urls, admin, commands, template tags, migrations, demo)
    views → forms → services → domain → models → base (plantilla, flujo, limites)

Each layer may import the layers below it, never one above. Every module not
named here belongs to the domain (policy, filas, dialecto, completitud,
auditoria, selectors, exporters, importer, ...), whose modules import each
other freely but form no cycle. The graph is read by grimp from the source, so
an import inside a function counts as well.
"""

import ast
from pathlib import Path

import grimp
import pytest

PAQUETE = "informes"
ENTRADAS = (
    "urls",
    "admin",
    "apps",
    "wsgi",
    "settings",
    "management",
    "migrations",
    "context_processors",
    "middleware",
    "signals",
    "templatetags",
    "demo",
)
BASE = ("plantilla", "flujo", "limites")
CAPAS_CON_NOMBRE = ("views", "forms", "services", "models")

# Imports that must stay inside a function, and why.
IMPORTS_EN_FUNCIONES = {
    # AppConfig.ready() and post_migrate run before the models may be imported.
    ("informes.apps", "informes.signals"): "connects receivers when the app is ready",
}


def construir():
    return grimp.build_graph(PAQUETE, exclude_type_checking_imports=True)


@pytest.fixture(scope="module")
def grafo():
    return construir()


def ciclos(grafo) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    indice, bajo, pila, en_pila, componentes = {}, {}, [], set(), []

    def visitar(modulo):
        indice[modulo] = bajo[modulo] = len(indice)
        pila.append(modulo)
        en_pila.add(modulo)
        for importado in grafo.find_modules_directly_imported_by(modulo):
            if importado not in indice:
                visitar(importado)
                bajo[modulo] = min(bajo[modulo], bajo[importado])
            elif importado in en_pila:
                bajo[modulo] = min(bajo[modulo], indice[importado])
        if bajo[modulo] == indice[modulo]:
            componente = []
            while True:
                otro = pila.pop()
                en_pila.discard(otro)
                componente.append(otro)
                if otro == modulo:
                    break
            if len(componente) > 1:
                componentes.append(sorted(componente))

    for modulo in sorted(grafo.modules):
        if modulo not in indice:
            visitar(modulo)
    return componentes


def test_the_package_has_no_import_cycle(grafo):
    encontrados = ciclos(grafo)
    detalle = [grafo.find_shortest_chain(importer=c[0], imported=c[-1]) for c in encontrados]
    assert encontrados == [], detalle


def test_the_checker_finds_a_cycle():
    prueba = construir()
    prueba.add_import(importer="informes.plantilla", imported="informes.views.consulta")
    assert ciclos(prueba)


def capas(grafo) -> list:
    """The layers from the top, every module of the package in one of them."""
    nombrados = set(ENTRADAS) | set(BASE) | set(CAPAS_CON_NOMBRE)
    primeros = {m.split(".")[1] for m in grafo.modules if m.count(".") >= 1}
    dominio = sorted(primeros - nombrados)
    return [
        grimp.Layer(*ENTRADAS, independent=False),
        "views",
        "forms",
        "services",
        grimp.Layer(*dominio, independent=False),
        "models",
        grimp.Layer(*BASE, independent=False),
    ]


def test_each_layer_imports_only_the_layers_below_it(grafo):
    ilegales = grafo.find_illegal_dependencies_for_layers(layers=capas(grafo), containers={PAQUETE})
    cadenas = sorted(
        f"{d.importer} -> {d.imported}: {ruta.chains}" for d in ilegales for ruta in d.routes
    )
    assert cadenas == []


def test_the_layer_checker_catches_an_upward_import():
    prueba = construir()
    prueba.add_import(importer="informes.models.informe", imported="informes.policy")
    assert prueba.find_illegal_dependencies_for_layers(layers=capas(prueba), containers={PAQUETE})


@pytest.mark.parametrize(
    ("importador", "importado"),
    [
        ("informes.exporters", "informes.importer"),
        ("informes.importer", "informes.exporters"),
        ("informes.exporters", "informes.views"),
        ("informes.importer", "informes.views"),
        ("informes.exporters", "informes.services"),
        ("informes.importer", "informes.services"),
    ],
)
def test_exporters_and_importer_are_independent_of_each_other_and_of_the_pages(
    grafo, importador, importado
):
    assert not grafo.chain_exists(importer=importador, imported=importado, as_packages=True)


def _imports_en_funciones(ruta: Path, modulo: str, modulos: set[str]) -> set[str]:
    """The modules of the package that ``ruta`` imports inside a function."""
    paquete = modulo.split(".") if ruta.name == "__init__.py" else modulo.split(".")[:-1]
    encontrados = set()
    for funcion in ast.walk(ast.parse(ruta.read_text(encoding="utf-8"))):
        if not isinstance(funcion, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for nodo in ast.walk(funcion):
            if isinstance(nodo, ast.ImportFrom):
                base = paquete[: len(paquete) - nodo.level + 1] if nodo.level else []
                nombre = ".".join([*base, *([nodo.module] if nodo.module else [])])
                # "from x import y" imports the module x.y when there is one, else x.
                candidatos = [
                    f"{nombre}.{a.name}" if f"{nombre}.{a.name}" in modulos else nombre
                    for a in nodo.names
                ]
            elif isinstance(nodo, ast.Import):
                candidatos = [a.name for a in nodo.names]
            else:
                continue
            encontrados |= {c for c in candidatos if c.split(".")[0] == PAQUETE}
    return encontrados


def test_no_module_hides_an_import_of_the_package_inside_a_function(grafo):
    raiz = Path(__import__(PAQUETE).__file__).parent
    ocultos = set()
    for ruta in raiz.rglob("*.py"):
        partes = ruta.relative_to(raiz.parent).with_suffix("").parts
        if "migrations" in partes:
            continue
        modulo = ".".join(partes[:-1] if partes[-1] == "__init__" else partes)
        importados = _imports_en_funciones(ruta, modulo, grafo.modules)
        ocultos |= {(modulo, importado) for importado in importados}
    assert ocultos <= set(IMPORTS_EN_FUNCIONES), sorted(ocultos - set(IMPORTS_EN_FUNCIONES))
