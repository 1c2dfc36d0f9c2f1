"""Two snapshots laid out side by side, section by section, for the compare page."""

from dataclasses import dataclass, field

from .. import filas as tipos_de_fila
from .. import plantilla
from .instantaneas import emparejar, filas_de
from .palabras import Presupuesto, Trozo, diferencias


@dataclass
class FilaComparada:
    estado: str  # "igual", "agregada", "eliminada", "cambiada"
    a: dict | None
    b: dict | None


@dataclass
class ElementoComparado:
    etiqueta: plantilla.Etiqueta
    a: str = ""
    b: str = ""
    no_aplica_a: str = ""
    no_aplica_b: str = ""
    filas: list[FilaComparada] = field(default_factory=list)
    columnas: tuple[str, ...] = ()
    # A changed text, word by word: A's pieces kept or removed, B's kept or added.
    trozos_a: list[Trozo] = field(default_factory=list)
    trozos_b: list[Trozo] = field(default_factory=list)

    @property
    def cambiado(self) -> bool:
        return (
            self.a != self.b
            or self.no_aplica_a != self.no_aplica_b
            or any(f.estado != "igual" for f in self.filas)
        )


@dataclass
class SeccionComparada:
    seccion: plantilla.Seccion
    elementos: list[ElementoComparado]

    @property
    def cambiada(self) -> bool:
        return any(e.cambiado for e in self.elementos)


def _filas_comparadas(antes: list[dict], despues: list[dict], clave) -> list[FilaComparada]:
    agregadas, eliminadas, cambiadas, iguales = emparejar(antes, despues, clave)
    filas = [FilaComparada("igual", a, b) for a, b in iguales]
    filas += [FilaComparada("cambiada", a, b) for a, b in cambiadas]
    filas += [FilaComparada("eliminada", a, None) for a in eliminadas]
    filas += [FilaComparada("agregada", None, b) for b in agregadas]
    return filas


def comparar(a: dict, b: dict) -> list[SeccionComparada]:
    """Two snapshots laid out section by section, label by label.

    Changed texts are compared word by word within one budget for the page.
    """
    presupuesto = Presupuesto()
    resultado = []
    for seccion in plantilla.SECCIONES:
        elementos = []
        for etiqueta in seccion.etiquetas:
            campo = etiqueta.campo
            elemento = ElementoComparado(
                etiqueta,
                no_aplica_a=a["no_aplica"].get(campo, ""),
                no_aplica_b=b["no_aplica"].get(campo, ""),
            )
            if etiqueta.es_filas:
                tipo = tipos_de_fila.TIPOS[campo]
                elemento.columnas = tipo.nombres
                elemento.filas = _filas_comparadas(
                    filas_de(a, campo), filas_de(b, campo), tipo.clave_de
                )
            else:
                elemento.a = a["campos"].get(campo, "")
                elemento.b = b["campos"].get(campo, "")
                if elemento.a != elemento.b:
                    elemento.trozos_a, elemento.trozos_b = diferencias(
                        elemento.a, elemento.b, presupuesto
                    )
            elementos.append(elemento)
        resultado.append(SeccionComparada(seccion, elementos))
    return resultado
