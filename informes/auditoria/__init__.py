"""The audit trail's reads: snapshots and diffs, merges, the compare page, the history.

``instantaneas`` builds and diffs snapshots (pure), ``comparacion`` lays two of
them side by side (word by word with ``palabras``) and ``rondas`` names what
can be compared; ``historial`` and ``sesiones`` read the recorded entries.
``huellas`` and ``fusion`` merge two saves of one draft from the base a page
started from. Entries are written by ``services.eventos`` only.
"""

from .comparacion import ElementoComparado, FilaComparada, SeccionComparada, comparar
from .fusion import Conflicto, Fusion, contenido_mio, fusionar, resolver
from .historial import (
    con_etiquetas,
    etiqueta_de,
    eventos_de_serie,
    historial_revision,
    ultimo_guardado,
)
from .huellas import Base, token_de
from .instantaneas import (
    contenido,
    diferencias,
    filas_de,
    instantanea,
    instantanea_de,
    instantanea_de_contenido,
    vacia,
)
from .rondas import Punto, puntos_de, ronda_devuelta
from .sesiones import Entrada, agrupar, netos

__all__ = [
    "Base",
    "Conflicto",
    "ElementoComparado",
    "Entrada",
    "FilaComparada",
    "Fusion",
    "Punto",
    "SeccionComparada",
    "agrupar",
    "comparar",
    "con_etiquetas",
    "contenido",
    "contenido_mio",
    "diferencias",
    "etiqueta_de",
    "eventos_de_serie",
    "filas_de",
    "fusionar",
    "historial_revision",
    "instantanea",
    "instantanea_de",
    "instantanea_de_contenido",
    "netos",
    "puntos_de",
    "resolver",
    "ronda_devuelta",
    "token_de",
    "ultimo_guardado",
    "vacia",
]
