"""Every write to a report goes through these functions, each in one transaction.

``contenido``: creating a report and saving its content (form, autosave, rows,
diagrams), merged by ``combinacion`` with any save that came first;
``diagramas``: a diagram stored or removed the moment the page asks.
``transiciones``: moving a report along ``flujo``'s rules; ``versiones``: a
new version of an approved report; ``revision``: review
comments and the next review date; ``secretos``: marking a possible credential
as a harmless example. ``exportacion``: import from Markdown
or a zip. ``guardado``: values as stored, no file left by a failed save.
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
    Guardado,
    diagrama_agregar,
    informe_crear,
    informe_guardar,
    informe_guardar_fusionando,
    informe_nuevo_guardar,
)
from .diagramas import Escritura, diagrama_quitar, diagramas_subir
from .errores import *  # noqa: F403  (every message and refusal)
from .exportacion import (
    MENSAJE_IMPORTAR_DIAGRAMA,
    MENSAJE_IMPORTAR_INVALIDO,
    MENSAJE_IMPORTAR_LARGO,
    MENSAJE_IMPORTAR_SIN_PLANTILLA,
    informe_importar,
)
from .revision import (
    NUMEROS_SECCION,
    comentario_agregar,
    comentario_reabrir,
    comentario_resolver,
    comentario_responder,
    proxima_revision_cambiar,
)
from .secretos import secreto_marcar_inofensivo
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
    informe_descartar,
    informe_enviar,
    informe_retirar,
    informe_solicitar_cambios,
)
from .versiones import informe_nueva_version
