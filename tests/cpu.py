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


def crece_linealmente(
    trabajo: Callable[[str], object], forma: Callable[[int], str], n: int, intentos: int = 3
) -> tuple[bool, str]:
    """Whether ``trabajo`` grows linearly from ``forma(n // 2)`` to ``forma(n)``, with
    the figures measured.

    A shared machine's noise slows one run now and then, and a slowed full-size
    run looks superlinear; so growth seen linear in one of ``intentos``
    measurements counts as linear. A quadratic growth (4×) stays above
    ``RAZON_MAXIMA`` in every measurement unless its half-size runs are slowed
    by a third each time.
    """
    cifras = []
    for _ in range(intentos):
        mitad, entero = crecimiento(trabajo, forma, n)
        cifras.append(f"{mitad:.4f} s → {entero:.4f} s")
        if lineal(mitad, entero):
            return True, "; ".join(cifras)
    return False, "; ".join(cifras)
