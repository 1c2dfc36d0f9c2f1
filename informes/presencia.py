"""Who else has a draft open: heartbeats kept a short while in the shared cache.

Each editor's page sends a heartbeat every ``limites.PRESENCIA_LATIDO`` seconds;
it lives ``limites.PRESENCIA_SEGUNDOS`` under its own key, so an editor who
closed the page (or lost the connection) drops out by himself. A short list of
who beat recently, per report, tells which keys to read: a heartbeat costs one
read of that list and one read of at most ``limites.PRESENCIA_MAXIMA`` keys,
whatever the cache (a table, Redis, Memcached), and every replica sees the same.
"""

from django.core.cache import cache

from . import limites

PREFIJO = "informes:presencia:"


def _indice(informe_pk: int) -> str:
    return f"{PREFIJO}{informe_pk}"


def _clave(informe_pk: int, usuario_pk: int) -> str:
    return f"{PREFIJO}{informe_pk}:{usuario_pk}"


def nombre(usuario) -> str:
    return usuario.get_full_name() or usuario.get_username()


def latido(informe_pk: int, usuario) -> list[str]:
    """Record that ``usuario`` has the report open; the names of the others who do."""
    cache.set(_clave(informe_pk, usuario.pk), nombre(usuario), limites.PRESENCIA_SEGUNDOS)
    ids = cache.get(_indice(informe_pk)) or []
    presentes = cache.get_many([_clave(informe_pk, i) for i in ids])
    vivos = [i for i in ids if _clave(informe_pk, i) in presentes and i != usuario.pk]
    if usuario.pk not in ids or len(vivos) + 1 != len(ids):
        # Two heartbeats writing the list at once may drop one name: its next
        # heartbeat, finding itself missing, writes it back.
        nuevos = [*vivos[-(limites.PRESENCIA_MAXIMA - 1) :], usuario.pk]
        cache.set(_indice(informe_pk), nuevos, limites.PRESENCIA_SEGUNDOS)
    return sorted({presentes[_clave(informe_pk, i)] for i in vivos})


def salir(informe_pk: int, usuario) -> None:
    """The editor left the page: gone at once instead of after the heartbeat's life."""
    cache.delete(_clave(informe_pk, usuario.pk))
