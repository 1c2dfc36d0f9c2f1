"""Every write to a report goes through these functions, each in one transaction.

``contenido``: creating a report and saving its content (form, autosave, rows,
diagrams). ``transiciones``: moving a report along ``flujo``'s rules;
``versiones``: a new version of an approved report; ``revision``: review
comments and the next review date. ``exportacion``: import from Markdown.
``archivo``: the archival PDF and its task. ``tokens``: personal access
tokens of the API. ``errores``: the refusals and the messages users read.
"""

from .archivo import (
    MENSAJE_ARCHIVO_EXISTE,
    MENSAJE_ARCHIVO_NO_APROBADO,
    archivar_pdf,
    archivo_encolar,
    archivo_generar,
)
from .contenido import (
    DiagramaNuevo,
    diagrama_agregar,
    informe_crear,
    informe_guardar,
    informe_nuevo_guardar,
)
from .errores import *  # noqa: F403  (every message and refusal)
from .exportacion import (
    MENSAJE_IMPORTAR_INVALIDO,
    MENSAJE_IMPORTAR_LARGO,
    MENSAJE_IMPORTAR_SIN_PLANTILLA,
    informe_importar,
)
from .revision import (
    NUMEROS_SECCION,
    comentario_agregar,
    comentario_resolver,
    proxima_revision_cambiar,
)
from .tokens import (
    MENSAJE_TOKEN_INVALIDO,
    MENSAJE_TOKEN_REVOCADO_OK,
    TokenRechazado,
    token_autenticar,
    token_crear,
    token_revocar,
)
from .transiciones import (
    en_doce_meses,
    informe_aprobar,
    informe_enviar,
    informe_retirar,
    informe_solicitar_cambios,
)
from .versiones import informe_nueva_version
