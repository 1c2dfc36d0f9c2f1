"""Small filters for the review pages."""

from django import template

register = template.Library()


@register.filter
def de_seccion(comentarios, numero):
    """The comments of one section; ``numero`` 0 or None gives the general ones."""
    numero = numero or None
    return [c for c in comentarios or () if c.seccion == numero]


@register.filter
def error_comentario(errores, numero):
    """The message of the comment form of section ``numero`` (0 for general), if any."""
    return (errores or {}).get(f"comentario-{numero or 0}", "")


@register.filter
def fila(valor):
    """A recorded row (a dict) as one readable line; image fingerprints left out."""
    if isinstance(valor, dict):
        return " · ".join(str(v) for k, v in valor.items() if k != "huella" and v not in ("", None))
    return str(valor)
