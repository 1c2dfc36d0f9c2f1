"""Which of the template's labels a report has filled, section by section."""

from dataclasses import dataclass

from . import plantilla
from .models import Informe


def etiqueta_llena(informe: Informe, etiqueta: plantilla.Etiqueta) -> bool:
    """A label counts as filled when it has content or is marked "No aplica"."""
    if etiqueta.campo in (informe.no_aplica or {}):
        return True
    if etiqueta.es_filas:
        # .all() uses prefetched rows when the caller prefetched them.
        return len(getattr(informe, etiqueta.campo).all()) > 0
    return bool(str(getattr(informe, etiqueta.campo) or "").strip())


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


def esta_completo(informe: Informe) -> bool:
    return all(s.completa for s in por_seccion(informe))
