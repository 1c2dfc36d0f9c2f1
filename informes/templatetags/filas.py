"""Filters that lay out a report's rows by their kind's declared columns (``informes.filas``)."""

from collections.abc import Mapping

from django import template

from .. import filas

register = template.Library()


@register.filter
def tipo_fila(campo: str) -> filas.TipoFila | None:
    """The kind of row a listed label holds, or None for a label of text."""
    return filas.TIPOS.get(campo)


@register.filter
def valor(fila, columna: str):
    """A row's value in ``columna``, from a model instance or a mapping."""
    if isinstance(fila, Mapping):
        return fila.get(columna, "")
    return getattr(fila, columna, "")
