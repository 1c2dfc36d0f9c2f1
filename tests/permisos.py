"""The permission grid written out by hand (role, estado, actions) and a report set up per role."""

from informes.models import ComentarioRevision, Estado, Informe
from tests.factories import admin, analista, informe_completo, revisor

ROLES = (
    "anonimo",
    "autor",
    "coautor",
    "otro_analista",
    "revisor",
    "revisor_autor",
    "admin",
)
ESTADOS = tuple(Estado.values)

LECTURA = {"ver", "exportar", "historial", "comparar"}
# A comment's thread: reply, resolve, reopen.
HILO = {"responder_comentario", "resolver_comentario", "reabrir_comentario"}
AUTORIA_ABIERTA = LECTURA | HILO | {"editar", "enviar"}
# A draft never sent to review (the grid's drafts never were) may be discarded by its author.
BORRADOR_DEL_AUTOR = AUTORIA_ABIERTA | {"descartar"}

# The expected grid, written out by hand (not derived from the policy):
# role -> estado -> the actions allowed. Nobody sees a discarded draft.
ESPERADO = {
    "anonimo": {e: set() for e in ESTADOS},
    "otro_analista": {e: set() for e in ESTADOS},
    "autor": {
        "borrador": BORRADOR_DEL_AUTOR,
        "en_revision": LECTURA | HILO | {"retirar"},
        "cambios_solicitados": AUTORIA_ABIERTA,
        "aprobado": LECTURA | {"nueva_version"},
        "archivado": LECTURA,
        "descartado": set(),
    },
    "coautor": {
        "borrador": AUTORIA_ABIERTA,
        "en_revision": LECTURA | HILO,
        "cambios_solicitados": AUTORIA_ABIERTA,
        "aprobado": LECTURA | {"nueva_version"},
        "archivado": LECTURA,
        "descartado": set(),
    },
    "revisor": {
        "borrador": LECTURA | HILO,
        "en_revision": LECTURA | HILO | {"aprobar", "solicitar_cambios", "comentar"},
        "cambios_solicitados": LECTURA | HILO,
        "aprobado": LECTURA | {"nueva_version", "cambiar_proxima_revision"},
        "archivado": LECTURA,
        "descartado": set(),
    },
    "revisor_autor": {
        "borrador": BORRADOR_DEL_AUTOR,
        "en_revision": LECTURA | HILO | {"retirar"},
        "cambios_solicitados": AUTORIA_ABIERTA,
        "aprobado": LECTURA | {"nueva_version"},
        "archivado": LECTURA,
        "descartado": set(),
    },
    "admin": {e: set(LECTURA) if e != "descartado" else set() for e in ESTADOS},
}


def preparar(rol: str, estado: str):
    """A complete report in ``estado`` with a co-author and an open comment, and the
    user playing ``rol`` on it (None for anonymous)."""
    autor = revisor() if rol == "revisor_autor" else analista()
    informe = informe_completo(autor=autor, estado=estado)
    coautor = analista()
    informe.coautores.add(coautor)
    comentador = revisor()
    ComentarioRevision.objects.create(informe=informe, seccion=1, texto="Revisar", autor=comentador)
    usuarios = {
        "anonimo": None,
        "autor": autor,
        "revisor_autor": autor,
        "coautor": coautor,
        "otro_analista": analista(),
        "revisor": comentador,
        "admin": admin(),
    }
    return Informe.objects.get(pk=informe.pk), usuarios[rol]
