"""Who may do what to a report, in which estado. The one place that decides.

Views call ``exigir`` (403 on refusal) and templates show the buttons that
``acciones_permitidas`` returns; nothing else checks roles or estados.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from . import registro
from .models import ESTADOS_INMUTABLES, Estado, Informe

GRUPO_ANALISTAS = "Analistas"
GRUPO_REVISORES = "Revisores"


class Accion:
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
    # Review comments and the next review date.
    COMENTAR = "comentar"
    RESOLVER_COMENTARIO = "resolver_comentario"
    CAMBIAR_PROXIMA_REVISION = "cambiar_proxima_revision"

    TODAS = (
        VER,
        EDITAR,
        EXPORTAR,
        HISTORIAL,
        COMPARAR,
        ENVIAR,
        RETIRAR,
        APROBAR,
        SOLICITAR_CAMBIOS,
        NUEVA_VERSION,
        COMENTAR,
        RESOLVER_COMENTARIO,
        CAMBIAR_PROXIMA_REVISION,
    )


ESTADOS_EDITABLES = frozenset({Estado.BORRADOR, Estado.CAMBIOS_SOLICITADOS})
ESTADOS_ABIERTOS = frozenset(Estado) - ESTADOS_INMUTABLES


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
        Informe.objects.filter(serie=informe.serie, estado__in=ESTADOS_ABIERTOS)
        .exclude(pk=informe.pk)
        .exists()
    )


def acciones_permitidas(informe: Informe, user) -> frozenset[str]:
    """Every action ``user`` may take on ``informe`` in its current estado.

    Authors and co-authors write and send; the author alone withdraws; a
    reviewer who is neither author nor co-author judges (approve, request
    changes, comment, next review date); administrators who are not reviewers
    only read. Approved and archived versions never offer a write.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    autor = es_autor(informe, user)
    if not (autor or ve_todos(user)):
        return frozenset()
    juez = es_revisor(user) and not autor
    estado = informe.estado
    acciones = {Accion.VER, Accion.EXPORTAR, Accion.HISTORIAL, Accion.COMPARAR}
    if autor and estado in ESTADOS_EDITABLES:
        acciones |= {Accion.EDITAR, Accion.ENVIAR}
    if estado == Estado.EN_REVISION:
        if informe.autor_id == user.pk:
            acciones.add(Accion.RETIRAR)
        if juez:
            acciones |= {Accion.APROBAR, Accion.SOLICITAR_CAMBIOS, Accion.COMENTAR}
    if estado in ESTADOS_ABIERTOS and (autor or juez):
        acciones.add(Accion.RESOLVER_COMENTARIO)
    if estado == Estado.APROBADO:
        if juez:
            acciones.add(Accion.CAMBIAR_PROXIMA_REVISION)
        if (autor or es_revisor(user)) and not tiene_version_abierta(informe):
            acciones.add(Accion.NUEVA_VERSION)
    return frozenset(acciones)


def puede(informe: Informe, user, accion: str) -> bool:
    return accion in acciones_permitidas(informe, user)


def registrar_rechazo(informe: Informe, user, accion: str) -> None:
    """Log a refused action with who, what and on which report (a warning)."""
    registro.evento(
        "accion_rechazada",
        nivel=logging.WARNING,
        usuario=user,
        informe=informe,
        accion=accion,
        estado=informe.estado,
    )


def exigir(informe: Informe, user, accion: str) -> None:
    """Raise PermissionDenied (403) unless ``user`` may take ``accion``; log the refusal."""
    if not puede(informe, user, accion):
        registrar_rechazo(informe, user, accion)
        raise PermissionDenied
