"""The review workflow as data: each action, the estados it starts from, where it leads, who may.

``REGLAS`` is the one description of the workflow. ``policy`` reads it to decide
what a user may do, the services read it to move a report from one estado to
the next, the detail page draws its transition buttons from it and
``manage.py documentar`` draws README's diagram from it. Like ``plantilla``, it
is plain data that imports nothing of the app, so the models can read it too.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Estado(models.TextChoices):
    BORRADOR = "borrador", _("Borrador")
    EN_REVISION = "en_revision", _("En revisión")
    CAMBIOS_SOLICITADOS = "cambios_solicitados", _("Cambios solicitados")
    APROBADO = "aprobado", _("Aprobado")
    ARCHIVADO = "archivado", _("Archivado")
    DESCARTADO = "descartado", _("Descartado")


TODOS = frozenset(Estado)
# A discarded draft is kept only because its audit entries protect it: nobody
# sees it any more (its trail stays in the series' history).
VISIBLES = TODOS - {Estado.DESCARTADO}
# Approved and archived versions are controlled documents: nothing may change
# them; nor may anything change a discarded draft.
ESTADOS_INMUTABLES = frozenset({Estado.APROBADO, Estado.ARCHIVADO, Estado.DESCARTADO})
ESTADOS_ABIERTOS = TODOS - ESTADOS_INMUTABLES
ESTADOS_EDITABLES = frozenset({Estado.BORRADOR, Estado.CAMBIOS_SOLICITADOS})


class Accion:
    """The actions on a report; the transitions' names are also their audit entries'."""

    VER = "ver"
    EDITAR = "editar"
    EXPORTAR = "exportar"
    HISTORIAL = "historial"
    COMPARAR = "comparar"
    # Transitions of the review workflow.
    ENVIAR = "enviar"
    RETIRAR = "retirar"
    APROBAR = "aprobar"
    SOLICITAR_CAMBIOS = "solicitar_cambios"
    NUEVA_VERSION = "nueva_version"
    ARCHIVAR = "archivar"
    DESCARTAR = "descartar"
    # Review comments and the next review date.
    COMENTAR = "comentar"
    RESOLVER_COMENTARIO = "resolver_comentario"
    REABRIR_COMENTARIO = "reabrir_comentario"
    RESPONDER_COMENTARIO = "responder_comentario"
    CAMBIAR_PROXIMA_REVISION = "cambiar_proxima_revision"

    TODAS: tuple[str, ...] = ()  # every action a person may take, filled from REGLAS below


class Quien:
    """Who may take an action; ``policy`` tells which of these a user is for a report."""

    LECTORES = "lectores"  # whoever may see the report
    AUTORES = "autores"  # its author and co-authors
    AUTOR = "autor"  # its author alone
    JUEZ = "juez"  # a reviewer who is neither its author nor a co-author
    AUTORES_O_JUEZ = "autores_o_juez"
    AUTORES_O_REVISORES = "autores_o_revisores"  # authors, and reviewers even if authors
    NADIE = "nadie"  # no person: another transition does it


@dataclass(frozen=True)
class Regla:
    """One action: from which estados, by whom, and (for a transition) to which estado."""

    accion: str
    desde: frozenset[str]
    quien: str
    hacia: str = ""  # the estado it leads to; empty when the estado stays
    nombre: str = ""  # its visible name: the button's, or the event's for "nadie"
    comentario: str = ""  # the label of the comment its form carries, if any
    comentario_obligatorio: bool = False
    # The estado reached is that of a new version; this one keeps its own.
    crea_version: bool = False
    # Allowed only while no other version of the series is open.
    sin_otra_version_abierta: bool = False
    # Allowed only on a version that was never sent to review.
    nunca_enviado: bool = False
    # Asked for on a page of its own before it is taken (it cannot be undone).
    confirmar: bool = False

    @property
    def es_transicion(self) -> bool:
        return bool(self.hacia)


REGLAS: tuple[Regla, ...] = (
    Regla(Accion.VER, VISIBLES, Quien.LECTORES),
    Regla(Accion.EXPORTAR, VISIBLES, Quien.LECTORES),
    Regla(Accion.HISTORIAL, VISIBLES, Quien.LECTORES),
    Regla(Accion.COMPARAR, VISIBLES, Quien.LECTORES),
    Regla(Accion.EDITAR, ESTADOS_EDITABLES, Quien.AUTORES),
    Regla(
        Accion.ENVIAR,
        ESTADOS_EDITABLES,
        Quien.AUTORES,
        hacia=Estado.EN_REVISION,
        nombre=_("Enviar a revisión"),
    ),
    Regla(
        Accion.RETIRAR,
        frozenset({Estado.EN_REVISION}),
        Quien.AUTOR,
        hacia=Estado.BORRADOR,
        nombre=_("Retirar"),
    ),
    Regla(
        Accion.APROBAR,
        frozenset({Estado.EN_REVISION}),
        Quien.JUEZ,
        hacia=Estado.APROBADO,
        nombre=_("Aprobar"),
        comentario=_("Comentario de aprobación (opcional)"),
    ),
    Regla(
        Accion.SOLICITAR_CAMBIOS,
        frozenset({Estado.EN_REVISION}),
        Quien.JUEZ,
        hacia=Estado.CAMBIOS_SOLICITADOS,
        nombre=_("Solicitar cambios"),
        comentario=_("Cambios que solicita (obligatorio)"),
        comentario_obligatorio=True,
    ),
    Regla(
        Accion.NUEVA_VERSION,
        frozenset({Estado.APROBADO}),
        Quien.AUTORES_O_REVISORES,
        hacia=Estado.BORRADOR,
        nombre=_("Nueva versión"),
        crea_version=True,
        sin_otra_version_abierta=True,
    ),
    # When version n+1 is approved, the approval archives version n.
    Regla(
        Accion.ARCHIVAR,
        frozenset({Estado.APROBADO}),
        Quien.NADIE,
        hacia=Estado.ARCHIVADO,
        nombre=_("Aprobación de la versión siguiente"),
    ),
    # A draft never sent to review may be dropped by its author; audit entries are
    # append-only and protect their report, so it is kept, hidden from everyone.
    Regla(
        Accion.DESCARTAR,
        frozenset({Estado.BORRADOR}),
        Quien.AUTOR,
        hacia=Estado.DESCARTADO,
        nombre=_("Descartar borrador"),
        nunca_enviado=True,
        confirmar=True,
    ),
    Regla(Accion.COMENTAR, frozenset({Estado.EN_REVISION}), Quien.JUEZ),
    # A comment is a thread: its report's authors and its reviewers reply, resolve
    # and reopen it while the version is open.
    Regla(Accion.RESOLVER_COMENTARIO, ESTADOS_ABIERTOS, Quien.AUTORES_O_JUEZ),
    Regla(Accion.REABRIR_COMENTARIO, ESTADOS_ABIERTOS, Quien.AUTORES_O_JUEZ),
    Regla(Accion.RESPONDER_COMENTARIO, ESTADOS_ABIERTOS, Quien.AUTORES_O_JUEZ),
    Regla(Accion.CAMBIAR_PROXIMA_REVISION, frozenset({Estado.APROBADO}), Quien.JUEZ),
)

POR_ACCION: dict[str, Regla] = {r.accion: r for r in REGLAS}
TRANSICIONES: tuple[Regla, ...] = tuple(r for r in REGLAS if r.es_transicion)
Accion.TODAS = tuple(r.accion for r in REGLAS if r.quien != Quien.NADIE)
