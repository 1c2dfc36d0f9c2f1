"""Markdown reports back into drafts: ``lector`` reads, ``formulario`` checks the upload."""

from .lector import MARCA_SIN_CLASIFICAR, Lectura, leer, normalizar

__all__ = ["MARCA_SIN_CLASIFICAR", "Lectura", "leer", "normalizar"]
