"""Which of the template's labels a report has filled: the one rule, and the count per section.

``llena`` is the rule, applied to a stored report here, to the edit form's
values by the form (and, through the same description, by the page's script)
and to an import's reading by the importer.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import filas, plantilla
from .models import Informe


def llena(valor: str | Iterable[Mapping], motivo: str = "") -> bool:
    """A label is filled when it has a «No aplica» reason, text, or a row with any value.

    ``valor`` is a label's text, or its rows as mappings of their values.
    """
    if str(motivo or "").strip():
        return True
    if valor is None or isinstance(valor, str):
        return bool(str(valor or "").strip())
    return any(any(str(v or "").strip() for v in fila.values()) for fila in valor)


def valor_de(informe: Informe, etiqueta: plantilla.Etiqueta) -> str | list[dict]:
    """A stored label's value: its text, or its rows (prefetched ones when there are)."""
    if etiqueta.es_filas:
        tipo = filas.TIPOS[etiqueta.campo]
        return [tipo.valores(f) for f in getattr(informe, etiqueta.campo).all()]
    return getattr(informe, etiqueta.campo)


def etiqueta_llena(informe: Informe, etiqueta: plantilla.Etiqueta) -> bool:
    motivo = (informe.no_aplica or {}).get(etiqueta.campo, "")
    return llena(valor_de(informe, etiqueta), motivo)


@dataclass(frozen=True)
class EstadoSeccion:
    seccion: plantilla.Seccion
    llenas: int
    total: int
    pendientes: tuple[plantilla.Etiqueta, ...]

    @property
    def completa(self) -> bool:
        return self.llenas == self.total


def por_seccion(informe: Informe) -> list[EstadoSeccion]:
    resultado = []
    for seccion in plantilla.SECCIONES:
        pendientes = tuple(e for e in seccion.etiquetas if not etiqueta_llena(informe, e))
        total = len(seccion.etiquetas)
        resultado.append(EstadoSeccion(seccion, total - len(pendientes), total, pendientes))
    return resultado
