"""The presence banner's tag: how often the edit page tells the server it is open."""

from django import template

from .. import limites

register = template.Library()


@register.simple_tag
def latido_presencia_ms() -> int:
    """Milliseconds between two heartbeats of an open edit page (``limites.PRESENCIA_LATIDO``)."""
    return limites.PRESENCIA_LATIDO * 1000
