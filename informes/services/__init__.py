"""Every write to a report goes through these functions, each in one transaction.

``contenido``: creating a report and saving its content (form, autosave, rows,
diagrams). ``revision``: transitions between estados and review comments.
``errores``: the refusals and the messages users read.
"""

from .contenido import (
    MODELOS_FILAS,
    DiagramaNuevo,
    diagrama_agregar,
    informe_crear,
    informe_guardar,
    informe_nuevo_guardar,
)
from .errores import *  # noqa: F403  (every message and refusal)
from .revision import (
    NUMEROS_SECCION,
    comentario_agregar,
    comentario_resolver,
    en_doce_meses,
    informe_aprobar,
    informe_enviar,
    informe_nueva_version,
    informe_retirar,
    informe_solicitar_cambios,
    proxima_revision_cambiar,
)
