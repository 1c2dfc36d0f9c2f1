"""A save merged with the report as stored: what to write, or the conflicts a person decides.

``informe_guardar`` asks ``escritura`` once per try, inside its transaction,
with the report just read. A save that carries no base (``auditoria.huellas``)
and the counter the stored report has is written as it comes, parts it leaves
out untouched. Any other save is merged three ways with the stored report
(``auditoria.fusion``): what only this save changed goes on top of what is
stored, what only the other saves changed stays, and a label or row both
changed differently must be decided (``decisiones``) before anything is written.
A save with a base is merged even when the counters agree: a page whose base is
older than its counter (an upload answered meanwhile) then keeps the other
save's changes instead of writing its stale values over them.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from .. import auditoria, flujo, limites, plantilla
from .. import filas as tipos_de_fila
from ..models import Informe
from . import guardado as almacenamiento
from .errores import ConflictoEdicion, ConflictoFusion, InformeNoEditable
from .texto import exigir_texto_del_informe


@dataclass(frozen=True)
class Guardado:
    """A save's outcome for the page: the report, its new base, and whether to reload."""

    informe: Informe
    base: str  # the base token of what is stored now (``auditoria.huellas``)
    recargar: bool  # the merge kept another save's changes the page does not show


@dataclass(frozen=True)
class Escritura:
    """What one try writes: the values, and the counter its conditional write expects."""

    contador: int
    campos: dict
    no_aplica: dict | None
    notas: dict | None
    filas: dict | None
    diagramas: list | None
    fusion: auditoria.Fusion | None = None  # None: written as the save came

    @property
    def combinada(self) -> bool:
        """Whether it keeps changes this save did not make (the audit trail says so)."""
        return self.fusion is not None and bool(self.fusion.ajenos or self.fusion.conflictos)


def escritura(
    *,
    actual: Informe,
    guardado: dict,
    contador_esperado: int,
    base: str | None,
    decisiones: Mapping | None,
    campos: dict,
    no_aplica: dict | None,
    notas: dict | None,
    filas: dict | None,
    diagramas: list | None,
) -> Escritura:
    """The write of a save onto ``actual`` (whose content is ``guardado``).

    Raises ``ConflictoFusion`` when some conflict has no decision yet.
    """
    leida = auditoria.Base.leer(base)
    if leida is None and actual.contador_cambios == contador_esperado:
        return Escritura(contador_esperado, campos, no_aplica, notas, filas, diagramas)
    mio = auditoria.contenido_mio(
        guardado, campos=campos, no_aplica=no_aplica, notas=notas, filas=filas,
        diagramas=diagramas,
    )  # fmt: skip
    fusion = auditoria.fusionar(leida, mio, guardado)
    resultado, pendientes = auditoria.resolver(fusion, decisiones or {})
    if pendientes:
        raise ConflictoFusion(actual, fusion, pendientes)
    conservados = [{**d, "borrar": False} for d in resultado["filas"]["diagramas"]]
    pks = {d["pk"] for d in conservados}
    quitados = [
        {"pk": d["pk"], "borrar": True}
        for d in guardado["filas"]["diagramas"]
        if d["pk"] not in pks
    ]
    return Escritura(
        contador=actual.contador_cambios,
        campos=resultado["campos"],
        no_aplica=resultado["no_aplica"],
        notas=resultado["notas"],
        filas={t: resultado["filas"][t] for t in tipos_de_fila.LISTAS},
        diagramas=conservados + quitados,
        fusion=fusion,
    )


def escribir(
    *, informe: Informe, contador_esperado: int, base, decisiones, contenido: dict
) -> tuple[Escritura, dict]:
    """Write a save's labels and marks with the optimistic lock; its rows are the caller's.

    Returns what was written and the stored content it was merged with (the
    audit trail's "before"). Must run inside the saving transaction.
    """
    for _intento in range(limites.INTENTOS_FUSION):
        # The stored state, read fresh (the instance may already carry the form's values).
        actual = Informe.objects.get(pk=informe.pk)
        if actual.estado not in flujo.ESTADOS_EDITABLES:
            raise InformeNoEditable
        guardado = auditoria.contenido(actual)
        escrito = escritura(
            actual=actual,
            guardado=guardado,
            contador_esperado=contador_esperado,
            base=base,
            decisiones=decisiones,
            **contenido,
        )
        _validar_campos(informe, escrito.campos, escrito.no_aplica or {})
        exigir_texto_del_informe(
            informe,
            actual.no_aplica if escrito.no_aplica is None else escrito.no_aplica,
            actual.notas if escrito.notas is None else escrito.notas,
        )
        cambios = dict(escrito.campos)
        if escrito.no_aplica is not None:
            cambios["no_aplica"] = {c: m for c, m in escrito.no_aplica.items() if m.strip()}
        if escrito.notas is not None:
            cambios["notas"] = almacenamiento.notas_guardadas(escrito.notas)
        # Optimistic lock and estado guard in one conditional UPDATE; a save that
        # lands between the read and this write makes the next try merge again.
        actualizadas = Informe.objects.filter(
            pk=informe.pk,
            contador_cambios=escrito.contador,
            estado__in=flujo.ESTADOS_EDITABLES,
        ).update(contador_cambios=F("contador_cambios") + 1, actualizado=timezone.now(), **cambios)
        if actualizadas:
            return escrito, guardado
    raise ConflictoEdicion(Informe.objects.get(pk=informe.pk))


def _validar_campos(informe: Informe, campos: dict[str, str], no_aplica: dict[str, str]) -> None:
    desconocidos = (set(campos) - set(plantilla.CAMPOS_SIMPLES)) | (
        set(no_aplica) - set(plantilla.POR_CAMPO)
    )
    if desconocidos:
        raise ValueError(f"Campos desconocidos: {sorted(desconocidos)}")
    for campo, valor in campos.items():
        setattr(informe, campo, valor)
    excluidos = [f.name for f in Informe._meta.fields if f.name not in campos]
    informe.clean_fields(exclude=excluidos)
