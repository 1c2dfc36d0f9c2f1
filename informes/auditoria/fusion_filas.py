"""The rows' half of a merge: each side's rows matched to the base, merged, put in order.

Used by ``fusion``; see there for the rules. Rows are matched to the base by
content first, then by their kind's key (``huellas.clave_fusion``), each in
order, so duplicates pair one to one.
"""

from collections import defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .. import plantilla
from .huellas import clave_fusion, huella, huellas_fila


@dataclass(frozen=True)
class Conflicto:
    """One label (or one row) both saves changed differently."""

    TITULO_NOTA = _("Texto sin clasificar de la sección %s")

    firma: str  # names the conflict and both its values: a decision applies to these only
    tipo: str  # "texto", "no_aplica", "nota" or "fila"
    campo: str  # the template's label; for a "nota", the section's number
    mio: Any  # text, reason, or a row's values (None: this page removed the row)
    guardado: Any  # the same, as the report holds it now

    @property
    def titulo(self) -> str:
        """What the page calls it: the template's label, or the section's unclassified text."""
        if self.tipo == "nota":
            return str(self.TITULO_NOTA % self.campo)
        return plantilla.etiqueta(self.campo).texto


def firma(tipo: str, campo: str, clave, mio, guardado) -> str:
    """Names a conflict by where it is and both its values."""
    return huella([tipo, campo, clave, mio, guardado])


class FilasFusionadas:
    """The merge of one kind's rows: matched to the base, merged, and put in order."""

    def __init__(self, conflictos: list, tipo, base: tuple | None, borrados: set):
        self.conflictos, self.tipo, self.campo = conflictos, tipo, tipo.campo
        self.sin_base = base is None
        self.base = base or ()
        # A page's partial list of diagrams: only those it names as removed are.
        self.borrados = {huella([pk]) for pk in borrados} if tipo.imagen else set()

    def fusionar(self, mias: list[dict], guardadas: list[dict]) -> list:
        if self.tipo.imagen:
            # A diagram neither the base nor the report holds is gone for good.
            conocidas = {k for k, _v in self.base} | {self._huellas(f)[0] for f in guardadas}
            mias = [f for f in mias if self._huellas(f)[0] in conocidas]
        self.mias, self.guardadas = mias, guardadas
        hm = [self._huellas(f) for f in mias]
        hg = [self._huellas(f) for f in guardadas]
        base_m, nuevas_m = _asignar(self.base, hm)
        base_g, nuevas_g = _asignar(self.base, hg)
        presentes: dict[tuple, Any] = {}
        for i, (clave, valores) in enumerate(self.base):
            mia = self._lado(base_m.get(i), hm, mias, valores, clave=clave, parcial=True)
            suya = self._lado(base_g.get(i), hg, guardadas, valores, clave=clave)
            valor = self._combinar(mia, suya)
            if valor is not None:
                presentes[("b", i)] = valor
        ident_m = {j: ("b", i) for i, j in base_m.items()}
        ident_g = {j: ("b", i) for i, j in base_g.items()}
        self._nuevas(nuevas_m, nuevas_g, hm, hg, ident_m, ident_g, presentes)
        orden_m = [ident_m[j] for j in range(len(mias))]
        orden_g = [ident_g[j] for j in range(len(guardadas))]
        esqueleto, otro = orden_m, orden_g
        if _reordenado(orden_g) and not _reordenado(orden_m):
            esqueleto, otro = orden_g, orden_m
        return [presentes[i] for i in _ordenar(esqueleto, otro, presentes)]

    def _huellas(self, fila: Mapping) -> tuple[str, str]:
        return huellas_fila(self.tipo, fila)

    def _lado(self, j, huellas, filas, valores_base, *, clave, parcial=False):
        """("igual", row) when the side kept the base row, ("cambio", row or None) otherwise."""
        if j is None:
            if parcial and self.tipo.imagen and clave not in self.borrados:
                return ("igual", None)
            return ("cambio", None)
        return ("igual" if huellas[j][1] == valores_base else "cambio", filas[j])

    def _combinar(self, mia, suya):
        (estado_m, fila_m), (estado_g, fila_g) = mia, suya
        if estado_m == "igual":
            return fila_g
        if estado_g == "igual" or fila_m == fila_g:
            return fila_m
        return self._conflicto(fila_m, fila_g)

    def _conflicto(self, mia, suya) -> Conflicto:
        fila = suya if suya is not None else mia
        clave = list(clave_fusion(self.tipo, fila))
        conflicto = Conflicto(firma("fila", self.campo, clave, mia, suya), "fila", self.campo,
                              mia, suya)  # fmt: skip
        self.conflictos.append(conflicto)
        return conflicto

    def _nuevas(self, nuevas_m, nuevas_g, hm, hg, ident_m, ident_g, presentes) -> None:
        """Rows only one side has beside the base: added, or (without a base) unknown."""
        pares, solas_m, solas_g = _emparejar_nuevas(nuevas_m, nuevas_g, hm, hg)
        for j_m, j_g in pares:
            ident_m[j_m] = ident_g[j_g] = ("m", j_m)
            mia, suya = self.mias[j_m], self.guardadas[j_g]
            presentes[("m", j_m)] = mia if mia == suya else self._conflicto(mia, suya)
        for j in solas_m:
            ident_m[j] = ("m", j)
            fila = self.mias[j]
            presentes[("m", j)] = self._conflicto(fila, None) if self.sin_base else fila
        for j in solas_g:
            ident_g[j] = ("g", j)
            fila = self.guardadas[j]
            mencionada = not self.tipo.imagen or hg[j][0] in self.borrados
            sin_saber = self.sin_base and mencionada
            presentes[("g", j)] = self._conflicto(None, fila) if sin_saber else fila


def _asignar(base: tuple, huellas: list[tuple[str, str]]) -> tuple[dict[int, int], list[int]]:
    """Each base row a side kept or changed (base index → side index), and the side's others.

    Identical rows pair first, then rows of the same key, each in order.
    """
    exactas, por_clave = defaultdict(deque), defaultdict(deque)
    for i, (clave, valores) in enumerate(base):
        exactas[(clave, valores)].append(i)
        por_clave[clave].append(i)
    asignadas: dict[int, int] = {}
    pendientes = []
    for j, h in enumerate(huellas):
        if exactas[h]:
            asignadas[exactas[h].popleft()] = j
        else:
            pendientes.append(j)
    nuevas = []
    for j in pendientes:
        libres = por_clave[huellas[j][0]]
        while libres and libres[0] in asignadas:
            libres.popleft()
        if libres:
            asignadas[libres.popleft()] = j
        else:
            nuevas.append(j)
    return asignadas, nuevas


def _emparejar_nuevas(nuevas_m, nuevas_g, hm, hg):
    """Rows both sides added: identical ones pair, then those of the same key, in order."""
    pares, solas_g = [], []
    exactas, por_clave = defaultdict(deque), defaultdict(deque)
    for j in nuevas_m:
        exactas[hm[j]].append(j)
    usadas = set()
    pendientes = []
    for j in nuevas_g:
        if exactas[hg[j]]:
            j_m = exactas[hg[j]].popleft()
            usadas.add(j_m)
            pares.append((j_m, j))
        else:
            pendientes.append(j)
    for j in nuevas_m:
        if j not in usadas:
            por_clave[hm[j][0]].append(j)
    for j in pendientes:
        if por_clave[hg[j][0]]:
            j_m = por_clave[hg[j][0]].popleft()
            usadas.add(j_m)
            pares.append((j_m, j))
        else:
            solas_g.append(j)
    solas_m = [j for j in nuevas_m if j not in usadas]
    return pares, solas_m, solas_g


def _reordenado(orden: list[tuple]) -> bool:
    """Whether a side moved base rows: their indices are no longer increasing."""
    indices = [i for tipo, i in orden if tipo == "b"]
    return any(a > b for a, b in zip(indices, indices[1:], strict=False))


def _ordenar(esqueleto: list, otro: list, presentes: Mapping) -> list:
    """The rows present, in the skeleton's order; the other side's rows after the one
    that preceded them there (at the start when none did)."""
    orden = [i for i in esqueleto if i in presentes]
    colocadas = set(orden)
    anterior = None
    for ident in otro:
        if ident in colocadas:
            anterior = ident
            continue
        if ident not in presentes:
            continue
        donde = orden.index(anterior) + 1 if anterior is not None else 0
        orden.insert(donde, ident)
        colocadas.add(ident)
        anterior = ident
    return orden
