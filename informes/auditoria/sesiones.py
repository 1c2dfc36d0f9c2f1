"""The history's entries: an editing session's autosaves become one entry of net changes.

Entries stay newest first, one per audit entry, except that the autosaves
(``EventoAuditoria.automatico``) one person made to one version in a row, each
within ``limites.MINUTOS_SESION`` of the next, become one entry («12 cambios de
Ana entre 10:02 y 10:41») of at most ``limites.AUTOGUARDADOS_POR_ENTRADA``.
Its changes are the session's net changes: a text from before its first
autosave to after its last, rows added and removed along the way cancelled out.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import ngettext

from .. import filas as tipos_de_fila
from .. import limites, plantilla
from ..models import AccionAuditoria, EventoAuditoria
from .instantaneas import emparejar

ORDEN = {e.campo: n for n, e in enumerate(plantilla.ETIQUETAS)}


@dataclass
class Entrada:
    """One line of the history: an audit entry, or a session of autosaves (newest first)."""

    eventos: list[EventoAuditoria]
    cambios_mostrados: list[dict] = field(default_factory=list)

    @property
    def evento(self) -> EventoAuditoria:
        return self.eventos[0]

    @property
    def sesion(self) -> bool:
        return len(self.eventos) > 1

    @property
    def resumen(self) -> str:
        """«12 cambios de Ana entre 10:02 y 10:41»."""
        usuario = self.evento.usuario
        nombre = (usuario.get_full_name() or usuario.get_username()) if usuario else ""
        n = len(self.eventos)
        plantilla_ = ngettext(
            "%(n)s cambio de %(nombre)s entre %(desde)s y %(hasta)s",
            "%(n)s cambios de %(nombre)s entre %(desde)s y %(hasta)s",
            n,
        )
        return plantilla_ % {
            "n": n,
            "nombre": nombre,
            "desde": timezone.localtime(self.eventos[-1].momento).strftime("%H:%M"),
            "hasta": timezone.localtime(self.evento.momento).strftime("%H:%M"),
        }


def _de_sesion(evento: EventoAuditoria) -> bool:
    return evento.automatico and evento.accion == AccionAuditoria.GUARDAR


def agrupar(eventos: list[EventoAuditoria]) -> list[Entrada]:
    """The entries of a series' audit entries, given newest first."""
    pausa = datetime.timedelta(minutes=limites.MINUTOS_SESION)
    entradas: list[Entrada] = []
    for evento in eventos:
        ultima = entradas[-1] if entradas else None
        if (
            ultima is not None
            and _de_sesion(evento)
            and _de_sesion(ultima.eventos[-1])
            and (evento.usuario_id, evento.version)
            == (ultima.eventos[-1].usuario_id, ultima.eventos[-1].version)
            and ultima.eventos[-1].momento - evento.momento <= pausa
            and len(ultima.eventos) < limites.AUTOGUARDADOS_POR_ENTRADA
        ):
            ultima.eventos.append(evento)
        else:
            entradas.append(Entrada([evento]))
    return entradas


def netos(listas: list[list[dict]]) -> list[dict]:
    """The net changes of several saves' recorded changes, given oldest first."""
    textos: dict[tuple, dict] = {}
    filas: dict[tuple, dict] = {}
    for cambios in listas:
        for cambio in cambios:
            clave = (cambio["campo"], cambio["tipo"])
            if cambio["tipo"] in ("texto", "no_aplica"):
                textos.setdefault(clave, dict(cambio))["despues"] = cambio["despues"]
                continue
            neto = filas.setdefault(clave, {"agregadas": [], "eliminadas": []})
            pares = cambio.get("cambiadas", [])
            for fila in [*cambio.get("eliminadas", []), *(p["antes"] for p in pares)]:
                _mover(fila, neto["agregadas"], neto["eliminadas"])
            for fila in [*cambio.get("agregadas", []), *(p["despues"] for p in pares)]:
                _mover(fila, neto["eliminadas"], neto["agregadas"])
    resultado = [c for c in textos.values() if c["antes"] != c["despues"]]
    for (campo, tipo), neto in filas.items():
        cambiadas = []
        agregadas, eliminadas = neto["agregadas"], neto["eliminadas"]
        if campo in tipos_de_fila.TIPOS:
            agregadas, eliminadas, pares, _iguales = emparejar(
                eliminadas, agregadas, tipos_de_fila.TIPOS[campo].clave_de
            )
            cambiadas = [{"antes": a, "despues": d} for a, d in pares]
        if agregadas or eliminadas or cambiadas:
            resultado.append({"campo": campo, "tipo": tipo, "agregadas": agregadas,
                              "eliminadas": eliminadas, "cambiadas": cambiadas})  # fmt: skip
    return sorted(resultado, key=lambda c: (ORDEN.get(c["campo"], len(ORDEN)), c["tipo"]))


def _mover(fila, de: list, a: list) -> None:
    """A row that cancels one on the other side removes it; else it is recorded."""
    if fila in de:
        de.remove(fila)
    else:
        a.append(fila)
