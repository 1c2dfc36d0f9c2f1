"""The audit trail's reads: snapshots and diffs, the compare page's layout, the history.

``instantaneas`` builds and diffs snapshots (pure), ``comparacion`` lays two of
them side by side, ``historial`` reads the recorded entries. Entries are written
by ``services.eventos`` only.
"""

from .comparacion import ElementoComparado, FilaComparada, SeccionComparada, comparar
from .historial import con_etiquetas, etiqueta_de, eventos_de_serie, historial_revision
from .instantaneas import diferencias, filas_de, instantanea, instantanea_de, vacia

__all__ = [
    "ElementoComparado",
    "FilaComparada",
    "SeccionComparada",
    "comparar",
    "con_etiquetas",
    "diferencias",
    "etiqueta_de",
    "filas_de",
    "eventos_de_serie",
    "historial_revision",
    "instantanea",
    "instantanea_de",
    "vacia",
]
