"""CPU time of a piece of work and whether it grows linearly: how attack budgets are measured."""

import gc
import time
from collections.abc import Callable

# Time at 20,000 characters over time at 10,000: 2 when linear, 4 when quadratic.
# The slack absorbs the noise of a few milliseconds in the fastest shapes.
RAZON_MAXIMA = 3.0


HOLGURA = 0.01


def repetido(motivo: str) -> Callable[[int], str]:
    return lambda n: (motivo * (n // len(motivo) + 1))[:n]


def cpu(trabajo: Callable[[], object], repeticiones: int = 1, recolector: bool = True) -> float:
    """The least CPU time of ``trabajo`` over a few runs.

    Without the garbage collector, the time is the work's own: a full collection
    walks every object the test process holds (Django, the other tests), so how
    often one falls within the work depends on the process, not on the input.
    Budgets keep it on, as production does.
    """
    mejor = float("inf")
    for _ in range(repeticiones):
        if not recolector:
            gc.disable()
        try:
            inicio = time.process_time()
            trabajo()
            mejor = min(mejor, time.process_time() - inicio)
        finally:
            gc.enable()
    return mejor


def crecimiento(
    trabajo: Callable[[str], object], forma: Callable[[int], str], n: int
) -> tuple[float, float]:
    """CPU seconds of ``trabajo`` on ``forma(n // 2)`` and on ``forma(n)``, each the
    least of two runs without the garbage collector."""
    mitad, entero = forma(n // 2), forma(n)
    return (
        cpu(lambda: trabajo(mitad), repeticiones=2, recolector=False),
        cpu(lambda: trabajo(entero), repeticiones=2, recolector=False),
    )


def lineal(mitad: float, entero: float) -> bool:
    return entero <= RAZON_MAXIMA * mitad + HOLGURA
