"""Possible credentials beside the fields of the form and in a report's page."""

from django import template
from django.template.loader import render_to_string

from .. import limites
from ..secretos import en_informe
from ..views import secretos

register = template.Library()


@register.simple_tag
def avisos_secretos(informe, campo, valor, columna="", nombre="", fila=None) -> dict:
    """The findings of one input's value, with the report's marks (``informe`` may be None)."""
    fila = fila if isinstance(fila, int) else None
    encontrados = en_informe.hallazgos_valor(
        informe or None, campo, valor, columna=columna or "", nombre=nombre, fila=fila
    )
    return en_informe.recortar(encontrados, limites.HALLAZGOS_POR_CAMPO)


@register.simple_tag
def aviso_secretos(informe, campo, valor, columna="", nombre="", fila=None) -> str:
    """The warning beside one input (``secretos/_aviso.html``), or nothing for a value
    without findings: most values, so most inputs render no template for it."""
    avisos = avisos_secretos(informe, campo, valor, columna, nombre, fila)
    if not avisos["lista"] and not avisos["restantes"]:
        return ""
    return render_to_string("informes/secretos/_aviso.html", {"avisos": avisos, "informe": informe})


@register.filter
def ancla(hallazgo) -> str:
    """The id of the form's input that holds the finding."""
    return secretos.ancla(hallazgo)


@register.filter
def donde(hallazgo) -> str:
    """The finding's label, with its row's number when in a row."""
    return en_informe.donde(hallazgo)


@register.filter
def mas(restantes) -> str:
    """«y n posibles credenciales más»."""
    return secretos.mas(restantes)
