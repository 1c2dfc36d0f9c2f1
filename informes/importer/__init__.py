"""Markdown reports (and zips with their diagrams) back into drafts: reading and placing."""

from ..dialecto import MARCA_SIN_CLASIFICAR
from .lector import leer
from .lectura import Estado, EstadoEtiqueta, Imagen, Lectura, Motivo, Suelto

__all__ = [
    "MARCA_SIN_CLASIFICAR",
    "Estado",
    "EstadoEtiqueta",
    "Imagen",
    "Lectura",
    "Motivo",
    "Suelto",
    "leer",
]
