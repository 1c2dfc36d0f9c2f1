"""Models, one module per concern; everything is importable from ``informes.models``."""

from .archivo import ArchivoInmutable, ArchivoPDF
from .informe import (
    Biblioteca,
    Diagrama,
    Estado,
    Fila,
    Informe,
    InformeQuerySet,
    RutaArchivo,
    VariableEntorno,
    validar_especificador,
    validar_nombre_paquete,
    validar_nombre_variable,
    validar_version,
)

__all__ = [
    "ArchivoInmutable",
    "ArchivoPDF",
    "Biblioteca",
    "Diagrama",
    "Estado",
    "Fila",
    "Informe",
    "InformeQuerySet",
    "RutaArchivo",
    "VariableEntorno",
    "validar_especificador",
    "validar_nombre_paquete",
    "validar_nombre_variable",
    "validar_version",
]
