"""One deadline for a whole export, shorter than the server's worker timeout.

``plazo()`` starts a timer signal before the first step of the work and stops
it after the last; when it fires, ``TiempoAgotado`` is raised wherever the
main thread is (Markdown, the template, WeasyPrint, a fetch). Deadlines nest:
an inner one never extends an outer one, so a view, a service and the renderer
may each open theirs and the earliest wins.

A firing never lands inside a database query: while one runs the deadline is
held, and it is raised as soon as the query returns. An exception raised in the
middle of a driver's exchange with the server would leave the connection
unusable (PostgreSQL answers every later query of the worker with "another
command is already in progress").
"""

import contextlib
import math
import signal
import threading
import time

from django.conf import settings
from django.db import connections
from django.utils.translation import gettext_lazy as _

from .. import limites

MENSAJE_TIEMPO_AGOTADO = _("La generación del PDF tardó demasiado y se canceló.")


class TiempoAgotado(BaseException):
    """The export took longer than its deadline.

    A BaseException, like KeyboardInterrupt, so that WeasyPrint's own
    ``except Exception`` blocks (around fetches, images, CSS) cannot swallow it.
    """


def tiempo_maximo() -> float:
    """Seconds an export may take: ``INFORMES_PDF_TIEMPO_MAXIMO`` when set, never
    more than ``limites.TIEMPO_PDF`` (a larger, zero or negative value means the limit)."""
    valor = getattr(settings, "INFORMES_PDF_TIEMPO_MAXIMO", None)
    try:
        segundos = float(valor)
    except (TypeError, ValueError):
        return limites.TIEMPO_PDF
    if not math.isfinite(segundos) or not 0 < segundos <= limites.TIEMPO_PDF:
        return limites.TIEMPO_PDF
    return segundos


# Absolute (monotonic) deadlines of the open ``plazo`` blocks, innermost last;
# each is the earliest of its own and the enclosing ones. Main thread only.
_vencimientos: list[float] = []
# The timer may fire a little early; a firing this close counts as on time.
_TOLERANCIA = 0.05
# Database queries running in the main thread under a deadline (nested through
# savepoints and the like); a firing meanwhile waits for the last to return.
_consultas = 0


def _vencido() -> bool:
    # A firing left pending by a block that has just ended is not a deadline.
    return bool(_vencimientos) and time.monotonic() >= _vencimientos[-1] - _TOLERANCIA


def _agotado(signum, frame):
    if _consultas == 0 and _vencido():
        raise TiempoAgotado(str(MENSAJE_TIEMPO_AGOTADO))


def _consulta_entera(execute, sql, params, many, context):
    """A database execute wrapper: the deadline waits for the query to return."""
    global _consultas
    _consultas += 1
    try:
        resultado = execute(sql, params, many, context)
    finally:
        _consultas -= 1
    if _consultas == 0 and _vencido():
        raise TiempoAgotado(str(MENSAJE_TIEMPO_AGOTADO))
    return resultado


def _armar(vence: float) -> None:
    # It fires again every TIEMPO_PDF_REPETICION seconds until the work stops,
    # should a library swallow one firing (nh3 reports an exception raised in its
    # Python callback as "ignored" and goes on).
    restante = max(vence - time.monotonic(), 1e-3)
    signal.setitimer(signal.ITIMER_REAL, restante, limites.TIEMPO_PDF_REPETICION)


def _hasta_el_final(limpieza) -> None:
    """Run an idempotent cleanup to its end, even if the deadline fires meanwhile."""
    while True:
        try:
            limpieza()
            return
        except TiempoAgotado:
            continue


@contextlib.contextmanager
def plazo(segundos: float | None = None):
    """Raise ``TiempoAgotado`` in the main thread once ``segundos`` have passed
    (``tiempo_maximo()`` by default), or earlier if an enclosing deadline says so."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    segundos = tiempo_maximo() if segundos is None else segundos
    profundidad = len(_vencimientos)
    exterior = _vencimientos[-1] if _vencimientos else None
    vence = time.monotonic() + segundos
    consultas = contextlib.ExitStack()
    if exterior is None:
        for conexion in connections.all():
            consultas.enter_context(conexion.execute_wrapper(_consulta_entera))
        anterior = signal.signal(signal.SIGALRM, _agotado)
    else:
        vence = min(vence, exterior)

    def limpiar():
        del _vencimientos[profundidad:]
        if exterior is None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL if anterior is None else anterior)
            consultas.close()
        else:
            _armar(exterior)

    try:
        _vencimientos.append(vence)
        _armar(vence)
        yield
    finally:
        _hasta_el_final(limpiar)
