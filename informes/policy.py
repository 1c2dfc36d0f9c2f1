"""Who may do what to a report, in which estado. The one place that decides.

Views call ``exigir`` (403 on refusal) and templates show the buttons that
``acciones_permitidas`` returns; nothing else checks roles or estados.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .models import Estado, Informe

GRUPO_ANALISTAS = "Analistas"
GRUPO_REVISORES = "Revisores"


class Accion:
    VER = "ver"
    EDITAR = "editar"
    EXPORTAR = "exportar"


ESTADOS_EDITABLES = frozenset({Estado.BORRADOR, Estado.CAMBIOS_SOLICITADOS})


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


def acciones_permitidas(informe: Informe, user) -> frozenset[str]:
    """Every action ``user`` may take on ``informe`` in its current estado."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    autor = es_autor(informe, user)
    if not (autor or ve_todos(user)):
        return frozenset()
    acciones = {Accion.VER, Accion.EXPORTAR}
    if autor and informe.estado in ESTADOS_EDITABLES:
        acciones.add(Accion.EDITAR)
    return frozenset(acciones)


def puede(informe: Informe, user, accion: str) -> bool:
    return accion in acciones_permitidas(informe, user)


def exigir(informe: Informe, user, accion: str) -> None:
    """Raise PermissionDenied (403) unless ``user`` may take ``accion``."""
    if not puede(informe, user, accion):
        raise PermissionDenied
