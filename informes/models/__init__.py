"""Models, one module per concern; everything is importable from ``informes.models``."""

from ..flujo import ESTADOS_INMUTABLES, Estado  # declared with the workflow
from .archivo import ArchivoInmutable, ArchivoPDF
from .cache_pdf import PDFEnCache
from .fila import Biblioteca, Diagrama, Fila, RutaArchivo, VariableEntorno
from .informe import (
    MENSAJE_INMUTABLE,
    Informe,
    InformeInmutable,
    InformeQuerySet,
    validar_especificador,
    validar_nombre_paquete,
    validar_nombre_variable,
    validar_version,
)
from .revision import (
    MENSAJE_AUDITORIA_INMUTABLE,
    AccionAuditoria,
    AuditoriaInmutable,
    ComentarioRevision,
    EventoAuditoria,
)
from .ronda import RondaRevision
from .token import PREFIJO_TOKEN, TokenAcceso, huella_token

__all__ = [
    "ESTADOS_INMUTABLES",
    "MENSAJE_AUDITORIA_INMUTABLE",
    "MENSAJE_INMUTABLE",
    "AccionAuditoria",
    "AuditoriaInmutable",
    "ComentarioRevision",
    "EventoAuditoria",
    "InformeInmutable",
    "ArchivoInmutable",
    "ArchivoPDF",
    "Biblioteca",
    "Diagrama",
    "Estado",
    "Fila",
    "Informe",
    "PREFIJO_TOKEN",
    "TokenAcceso",
    "huella_token",
    "InformeQuerySet",
    "RondaRevision",
    "PDFEnCache",
    "RutaArchivo",
    "VariableEntorno",
    "validar_especificador",
    "validar_nombre_paquete",
    "validar_nombre_variable",
    "validar_version",
]
