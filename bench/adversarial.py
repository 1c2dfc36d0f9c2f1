"""Adversarial benchmark: the worst CPU time of each kind of untrusted input against its size.

Each entry of ``CASOS`` is one kind of input the app works on for a request: a name,
the sizes to try, and a loader giving, once Django is set up, the table of hostile
shapes (a function of the size returning the input) and the work to measure on one
input. For every shape and size it takes the least CPU time (``time.process_time``)
of a few runs, and prints per kind the slowest shapes, the worst shape at each size,
and the growth from the last size but one to the last (2 when linear in the size, 4
when quadratic). Times are taken with the garbage collector on, as in production;
the growth also without it, since a full collection walks every object of the
process (Django's included), so whether one falls within a run depends on the
process more than on the input. Add a kind of input by adding one ``Caso`` whose
loader imports the shapes its attack tests use.

    .venv/bin/python bench/adversarial.py
    .venv/bin/python bench/adversarial.py --repeticiones 5 --peores 12 --caso campo
"""

import argparse
import gc
import itertools
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import comun

Formas = dict[str, Callable[[int], Any]]


@dataclass
class Caso:
    nombre: str
    # Returns (shapes, work): called after Django is set up, so it may import the app.
    cargar: Callable[[], tuple[Formas, Callable[[Any], object]]]
    tamanos: tuple[int, ...] = (2_500, 5_000, 10_000, 20_000)
    unidad: str = "caracteres"
    # Runs per measure when each takes seconds (``--repeticiones`` otherwise).
    repeticiones: int | None = None


def markdown_campo():
    """One Markdown field through ``renderizar``, as the preview endpoint renders it."""
    from informes.markdown_seguro import renderizar
    from tests.ataques.test_markdown import FORMAS

    return FORMAS, renderizar


def markdown_informe():
    """Every Markdown field of a report holding the same shape, through
    ``presentacion.markdown_renderizado`` as the detail page and the PDF call it."""
    from informes import presentacion
    from informes.models import Informe
    from tests.ataques.test_markdown import FORMAS, PEORES

    def informe(forma):
        return lambda n: Informe(**{c: forma(n) for c in presentacion.CAMPOS_MARKDOWN})

    # A new image URL each run misses the cache, as the first view of a changed report does.
    urls = (f"/bench/{i}/" for i in itertools.count())
    return (
        {nombre: informe(FORMAS[nombre]) for nombre in PEORES},
        lambda entrada: presentacion.markdown_renderizado(entrada, [next(urls)]),
    )


def secretos_campo():
    """One field through the secret detection, findings and replacement, as the form reads it."""
    from informes.secretos import hallazgos, reemplazar_secretos
    from tests.ataques.test_secretos import FORMAS

    return FORMAS, lambda texto: (hallazgos(texto), reemplazar_secretos(texto))


CASOS = [
    Caso("Markdown → HTML, un campo", markdown_campo),
    Caso("Credenciales, un campo", secretos_campo),
    Caso(
        "Markdown → HTML, informe entero",
        markdown_informe,
        unidad="caracteres por campo",
        repeticiones=1,
    ),
]


def medir(trabajo: Callable[[Any], object], entrada: Any, repeticiones: int, recolector: bool):
    mejor = float("inf")
    gc.collect()
    for _ in range(repeticiones):
        if not recolector:
            gc.disable()
        try:
            inicio = time.process_time()
            trabajo(entrada)
            mejor = min(mejor, time.process_time() - inicio)
        finally:
            gc.enable()
    return mejor


def crecimiento(tiempos: list[float]) -> str:
    return f"{tiempos[-1] / tiempos[-2]:.2f}" if len(tiempos) > 1 and tiempos[-2] > 0 else "-"


def codigo(nombre: str) -> str:
    """A shape's name as a code span that a Markdown table shows as written."""
    nombre = nombre.replace("|", "\\|")
    return f"`` {nombre} ``" if "`" in nombre else f"`{nombre}`"


def fila(nombre: str, tiempos: list[float], sin_recolector: list[float]) -> str:
    celdas = " | ".join(f"{t:.4f}" for t in tiempos)
    return f"| {nombre} | {celdas} | {crecimiento(tiempos)} | {crecimiento(sin_recolector)} |"


def medir_caso(caso: Caso, repeticiones: int, peores: int) -> None:
    formas, trabajo = caso.cargar()
    repeticiones = caso.repeticiones or repeticiones
    con, sin = {}, {}
    for nombre, forma in formas.items():
        con[nombre], sin[nombre] = [], []
        for tamano in caso.tamanos:
            entrada = forma(tamano)
            con[nombre].append(medir(trabajo, entrada, repeticiones, recolector=True))
            sin[nombre].append(medir(trabajo, entrada, repeticiones, recolector=False))
    print(f"\n### {caso.nombre}\n")
    veces = f"{repeticiones} runs" if repeticiones > 1 else "1 run"
    print(f"CPU seconds, least of {veces}, sizes in {caso.unidad}, {len(formas)} shapes.")
    print("\n| forma | " + " | ".join(f"{t:,}" for t in caso.tamanos) + " | crecimiento | sin GC |")
    print("| --- |" + " ---: |" * (len(caso.tamanos) + 2))
    for nombre in sorted(con, key=lambda n: con[n][-1], reverse=True)[:peores]:
        print(fila(codigo(nombre), con[nombre], sin[nombre]))
    print(fila("**peor**", peor(con), peor(sin)))
    # Below 10 ms, a ratio is mostly the clock's noise.
    medibles = [n for n in sin if sin[n][-1] >= 0.01] or list(sin)
    rapida = max(medibles, key=lambda n: sin[n][-1] / max(sin[n][-2], 1e-6))
    print(
        f"\nFastest-growing shape without GC (of those over 10 ms): {rapida!r}, "
        f"{crecimiento(sin[rapida])} ({sin[rapida][-2]:.4f} s → {sin[rapida][-1]:.4f} s)."
    )


def peor(tiempos: dict[str, list[float]]) -> list[float]:
    """The slowest shape's time at each size."""
    return [max(columna) for columna in zip(*tiempos.values(), strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeticiones", type=int, default=3)
    parser.add_argument("--peores", type=int, default=10, help="shapes listed per kind")
    parser.add_argument("--caso", default="", help="only kinds whose name holds this text")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    comun.preparar_django(args.database_url)
    print(comun.maquina() + f"; load average {os.getloadavg()[0]:.1f} at the start")
    for caso in CASOS:
        if args.caso.lower() in caso.nombre.lower():
            medir_caso(caso, args.repeticiones, args.peores)


if __name__ == "__main__":
    main()
