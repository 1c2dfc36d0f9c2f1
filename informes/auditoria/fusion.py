"""Three-way merge of two saves of one draft, label by label and row by row (pure).

``fusionar(base, mio, guardado)`` merges what this page saves (``mio``) into what
the report holds now (``guardado``), knowing from ``base`` (``huellas.Base``)
what the page started from. A label or row only one side changed takes that
side's value; one both changed alike takes it too; one both changed differently
is a true conflict, decided by a person (``resolver``). Without a base every
difference is a conflict.

Rows are matched to the base by content first, then by their kind's key
(``huellas.clave_fusion``), so a row deleted on one side and edited on the
other is a conflict, and reordering is not a change: the order of the side that
reordered wins (this page's when both did), and rows the other side added go
after the row they followed there. A page's diagrams may be a partial list: a
stored diagram it does not mention is one it left alone; it removes one only by
naming it in ``diagramas_borrados``.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import filas as tipos_de_fila
from .. import plantilla
from .fusion_filas import Conflicto, FilasFusionadas, firma
from .huellas import ETIQUETAS, NOTAS, Base, huella, normalizado, valores_fila


@dataclass
class Fusion:
    """The merged content, its conflicts, and what each side brought to it."""

    mio: dict
    guardado: dict
    resultado: dict  # each conflict holds the stored value until it is decided
    conflictos: list[Conflicto] = field(default_factory=list)
    ranuras: dict[str, list] = field(default_factory=dict)  # per kind: rows and conflicts

    @property
    def propios(self) -> list[str]:
        """Labels this save changes in the report (conflicts aside)."""
        return _diferentes(self.resultado, self.guardado, self.conflictos)

    @property
    def ajenos(self) -> list[str]:
        """Labels where the stored report differs from this page's values (conflicts aside)."""
        return _diferentes(self.resultado, self.mio, self.conflictos)


def contenido_mio(
    guardado: Mapping,
    *,
    campos: Mapping | None = None,
    no_aplica: Mapping | None = None,
    notas: Mapping | None = None,
    filas: Mapping | None = None,
    diagramas: list[dict] | None = None,
) -> dict:
    """A save's arguments (``services.informe_guardar``'s) as a content to merge.

    Parts a save leaves out are the stored ones, so they merge as unchanged;
    ``diagramas`` lists diagrams by ``pk`` with ``borrar`` for removal; ``notas``
    maps a section's number to its unclassified text.
    """
    diagramas = [d for d in diagramas or () if d.get("pk") is not None]
    return {
        "campos": {**guardado["campos"], **(campos or {})},
        "no_aplica": dict(guardado["no_aplica"] if no_aplica is None else no_aplica),
        "notas": dict(guardado.get("notas") or {} if notas is None else notas),
        "filas": {
            **{t: guardado["filas"][t] for t in tipos_de_fila.LISTAS},
            **{t: list(v) for t, v in (filas or {}).items()},
            "diagramas": [d for d in diagramas if not d.get("borrar")],
        },
        "diagramas_borrados": [d["pk"] for d in diagramas if d.get("borrar")],
    }


def fusionar(base: Base | None, mio: Mapping, guardado: Mapping) -> Fusion:
    """Merge ``mio`` into ``guardado`` from ``base``; nothing here reads or writes the database."""
    borrados = set(mio.get("diagramas_borrados") or ())
    m, g = normalizado(mio), normalizado(guardado)
    fusion = Fusion(
        mio=m, guardado=g, resultado={"campos": {}, "no_aplica": {}, "notas": {}, "filas": {}}
    )
    for campo in plantilla.CAMPOS_SIMPLES:
        previa = base.campos[campo] if base else None
        valor = _uno(fusion, "texto", campo, previa, m["campos"][campo], g["campos"][campo])
        fusion.resultado["campos"][campo] = valor
    for campo in ETIQUETAS:
        previa = base.no_aplica[campo] if base else None
        mia, suya = m["no_aplica"].get(campo, ""), g["no_aplica"].get(campo, "")
        if valor := _uno(fusion, "no_aplica", campo, previa, mia, suya):
            fusion.resultado["no_aplica"][campo] = valor
    for numero in NOTAS:
        previa = base.notas[numero] if base else None
        mia, suya = m["notas"][numero], g["notas"][numero]
        fusion.resultado["notas"][numero] = _uno(fusion, "nota", numero, previa, mia, suya)
    for campo, tipo in tipos_de_fila.TIPOS.items():
        filas_base = base.filas[campo] if base else None
        ranuras = FilasFusionadas(fusion.conflictos, tipo, filas_base, borrados).fusionar(
            m["filas"][campo], g["filas"][campo]
        )
        fusion.ranuras[campo] = ranuras
        fusion.resultado["filas"][campo] = [
            r.guardado if isinstance(r, Conflicto) else r
            for r in ranuras
            if not (isinstance(r, Conflicto) and r.guardado is None)
        ]
    return fusion


def resolver(fusion: Fusion, decisiones: Mapping[str, Any]) -> tuple[dict, list[Conflicto]]:
    """The merged content with each decided conflict's chosen value, and those still open.

    ``decisiones`` maps a conflict's ``firma`` to its value: text, a reason
    ("" unmarks), or a row's values (None removes the row). Open conflicts
    keep the stored value.
    """
    pendientes = [c for c in fusion.conflictos if c.firma not in decisiones]
    resultado = {
        "campos": dict(fusion.resultado["campos"]),
        "no_aplica": dict(fusion.resultado["no_aplica"]),
        "notas": dict(fusion.resultado["notas"]),
        "filas": {},
    }
    for c in fusion.conflictos:
        if c.firma not in decisiones or c.tipo == "fila":
            continue
        valor = decisiones[c.firma] or ""
        if c.tipo == "texto":
            resultado["campos"][c.campo] = valor
        elif c.tipo == "nota":
            resultado["notas"][c.campo] = valor
        elif valor.strip():
            resultado["no_aplica"][c.campo] = valor
        else:
            resultado["no_aplica"].pop(c.campo, None)
    for campo, ranuras in fusion.ranuras.items():
        tipo = tipos_de_fila.TIPOS[campo]
        filas = []
        for ranura in ranuras:
            fila = ranura
            if isinstance(ranura, Conflicto):
                fila = decisiones.get(ranura.firma, ranura.guardado)
                if fila is not None and tipo.imagen:
                    # A decided diagram is still the stored image its conflict named.
                    fila = {**fila, "pk": (ranura.guardado or ranura.mio)["pk"]}
            if fila is not None:
                filas.append(valores_fila(tipo, fila))
        resultado["filas"][campo] = filas
    return resultado, pendientes


# --- Labels.


def _uno(fusion: Fusion, tipo: str, campo: str, previa: str | None, mio: str, guardado: str):
    """One label's merged value; a conflict keeps the stored value meanwhile."""
    if mio == guardado:
        return mio
    if previa is not None:
        if huella(mio) == previa:
            return guardado
        if huella(guardado) == previa:
            return mio
    fusion.conflictos.append(Conflicto(firma(tipo, campo, None, mio, guardado), tipo, campo, mio,
                                       guardado))  # fmt: skip
    return guardado


def _diferentes(a: Mapping, b: Mapping, conflictos: list[Conflicto]) -> list[str]:
    """Labels (and ``notas.<n>`` for a section's note) where ``a`` and ``b`` differ."""
    en_conflicto = {f"notas.{c.campo}" if c.tipo == "nota" else c.campo for c in conflictos}
    distintos = []
    for etiqueta in plantilla.ETIQUETAS:
        campo = etiqueta.campo
        if campo in en_conflicto:
            continue
        if a["no_aplica"].get(campo, "") != b["no_aplica"].get(campo, ""):
            distintos.append(campo)
        elif etiqueta.es_filas:
            if a["filas"][campo] != b["filas"][campo]:
                distintos.append(campo)
        elif a["campos"][campo] != b["campos"][campo]:
            distintos.append(campo)
    for numero in NOTAS:
        nota = f"notas.{numero}"
        if nota not in en_conflicto and a["notas"][numero] != b["notas"][numero]:
            distintos.append(nota)
    return distintos
