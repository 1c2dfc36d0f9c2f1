"""Who may do what to a report, in which estado. The one place that decides.

The estados each action starts from and who may take it are declared in
``flujo.REGLAS``; this module tells which of those people a user is. Services
and views ask ``puede`` or ``exigir`` (403 on refusal), templates show the
buttons that ``acciones_permitidas`` returns; nothing else checks roles or estados.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from . import flujo, registro
from .flujo import Quien
from .models import AccionAuditoria, EventoAuditoria, Informe

GRUPO_ANALISTAS = "Analistas"
GRUPO_REVISORES = "Revisores"


# The actions' names, declared with the workflow.
Accion = flujo.Accion


def _en_grupo(user, nombre: str) -> bool:
    # Group names are cached on the user object so a list page asks once.
    if not hasattr(user, "_informes_grupos"):
        user._informes_grupos = set(user.groups.values_list("name", flat=True))
    return nombre in user._informes_grupos


def es_admin(user) -> bool:
    return user.is_active and user.is_superuser


def es_revisor(user) -> bool:
    return user.is_active and _en_grupo(user, GRUPO_REVISORES)


def es_analista(user) -> bool:
    return user.is_active and _en_grupo(user, GRUPO_ANALISTAS)


def ve_todos(user) -> bool:
    """Reviewers and admins see every report; analysts only their own."""
    return user.is_authenticated and (es_admin(user) or es_revisor(user))


def puede_crear(user) -> bool:
    return user.is_authenticated and (es_analista(user) or es_admin(user))


def nombre_rol(user) -> str:
    if es_admin(user):
        return str(_("Administrador"))
    if es_revisor(user):
        return str(_("Revisor"))
    if es_analista(user):
        return str(_("Analista"))
    return str(_("Sin rol"))


def es_autor(informe: Informe, user) -> bool:
    """Author or co-author of this version."""
    if not user.is_authenticated:
        return False
    if informe.autor_id == user.pk:
        return True
    # Use a prefetched list when there is one, to spare a query per row.
    cache = getattr(informe, "_prefetched_objects_cache", {})
    if "coautores" in cache:
        return any(c.pk == user.pk for c in cache["coautores"])
    return informe.coautores.filter(pk=user.pk).exists()


def informes_visibles(user, informes: QuerySet[Informe] | None = None) -> QuerySet[Informe]:
    """The reports ``user`` may see: every one for reviewers and admins, else their own
    and those they co-author; none for an anonymous user."""
    informes = Informe.objects.all() if informes is None else informes
    if not user.is_authenticated:
        return informes.none()
    # A discarded draft is seen by nobody (flujo.VISIBLES).
    informes = informes.exclude(estado=flujo.Estado.DESCARTADO)
    if ve_todos(user):
        return informes
    return informes.de_autor_o_coautor(user)


def puede_ver_cola(user) -> bool:
    """The reviewer queue is for reviewers and administrators."""
    return ve_todos(user)


def tiene_version_abierta(informe: Informe) -> bool:
    """Whether the series already has a version not yet approved or archived.

    A caller may set ``informe._version_abierta`` to spare the query.
    """
    if hasattr(informe, "_version_abierta"):
        return informe._version_abierta
    return (
        Informe.objects.filter(serie=informe.serie, estado__in=flujo.ESTADOS_ABIERTOS)
        .exclude(pk=informe.pk)
        .exists()
    )


def fue_enviado(informe: Informe) -> bool:
    """Whether this version was ever sent to review (withdrawing does not undo that).

    A caller may set ``informe._fue_enviado`` to spare the query.
    """
    if hasattr(informe, "_fue_enviado"):
        return informe._fue_enviado
    return EventoAuditoria.objects.filter(informe=informe, accion=AccionAuditoria.ENVIAR).exists()


def quien_es(informe: Informe, user) -> frozenset[str]:
    """Which of ``flujo.Quien`` the user is for this report (nobody: an empty set)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    autor = es_autor(informe, user)
    revisor = es_revisor(user)
    if not (autor or ve_todos(user)):
        return frozenset()
    quienes = {Quien.LECTORES}
    if autor:
        quienes |= {Quien.AUTORES, Quien.AUTORES_O_JUEZ, Quien.AUTORES_O_REVISORES}
        if informe.autor_id == user.pk:
            quienes.add(Quien.AUTOR)
    elif revisor:
        quienes |= {Quien.JUEZ, Quien.AUTORES_O_JUEZ}
    if revisor:
        quienes.add(Quien.AUTORES_O_REVISORES)
    return frozenset(quienes)


def _permite(regla: flujo.Regla, informe: Informe, quienes: frozenset[str]) -> bool:
    if informe.estado not in regla.desde or regla.quien not in quienes:
        return False
    if regla.nunca_enviado and fue_enviado(informe):
        return False
    return not (regla.sin_otra_version_abierta and tiene_version_abierta(informe))


def acciones_permitidas(informe: Informe, user) -> frozenset[str]:
    """Every action ``user`` may take on ``informe`` in its current estado.

    The rules of ``flujo.REGLAS`` whose estados include the report's and whose
    people include the user: authors and co-authors write and send; the author
    alone withdraws; a reviewer who is neither author nor co-author judges
    (approve, request changes, comment, next review date); administrators who
    are not reviewers only read. Approved and archived versions never offer a write.
    """
    quienes = quien_es(informe, user)
    return frozenset(r.accion for r in flujo.REGLAS if _permite(r, informe, quienes))


def puede(informe: Informe, user, accion: str) -> bool:
    """Whether ``user`` may take ``accion``: its rule alone is evaluated."""
    regla = flujo.POR_ACCION.get(accion)
    return regla is not None and _permite(regla, informe, quien_es(informe, user))


def registrar_rechazo(informe: Informe | None, user, accion: str) -> None:
    """Log a refused action with who, what and on which report, if any (a warning)."""
    registro.evento(
        "accion_rechazada",
        nivel=logging.WARNING,
        usuario=user,
        informe=informe,
        accion=accion,
        estado=None if informe is None else informe.estado,
    )


# Refusals that concern no report, named in the log as the actions are.
CREAR = "crear"
VER_COLA = "ver_cola"


def exigir_creacion(user) -> None:
    """Raise PermissionDenied (403) unless ``user`` may create reports; log the refusal."""
    if not puede_crear(user):
        registrar_rechazo(None, user, CREAR)
        raise PermissionDenied


def exigir_cola(user) -> None:
    """Raise PermissionDenied (403) unless ``user`` may see the reviewer queue; log the refusal."""
    if not puede_ver_cola(user):
        registrar_rechazo(None, user, VER_COLA)
        raise PermissionDenied


def exigir(informe: Informe, user, accion: str) -> None:
    """Raise PermissionDenied (403) unless ``user`` may take ``accion``; log the refusal."""
    if not puede(informe, user, accion):
        registrar_rechazo(informe, user, accion)
        raise PermissionDenied


def puede_crear_token(user) -> bool:
    """Any active account may have personal access tokens: the API answers as the account does."""
    return user.is_authenticated and user.is_active


def puede_gestionar_token(token, user) -> bool:
    """A token is listed and revoked by its owner alone."""
    return puede_crear_token(user) and token.usuario_id == user.pk
