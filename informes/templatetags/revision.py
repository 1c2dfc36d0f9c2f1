"""Small filters and tags for the review pages: comments by section, transition buttons."""

from django import template

from ..flujo import TRANSICIONES, Accion

register = template.Library()

# How each transition's button looks; the estado's main step is a filled button.
ESTILOS_BOTON = {
    Accion.RETIRAR: "btn-outline-secondary",
    Accion.APROBAR: "btn-success",
    Accion.SOLICITAR_CAMBIOS: "btn-warning",
    Accion.DESCARTAR: "btn-outline-danger",
}


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
def caja_respuesta(comentario):
    """The name of a thread's reply box, as the views name its refusal (``respuesta-<pk>``)."""
    return f"respuesta-{comentario.pk}"


@register.filter
def error_de(errores, clave):
    """The message of the form named ``clave`` (a transition), if any."""
    return (errores or {}).get(clave, "")


@register.filter
def fila(valor):
    """A recorded row (a dict) as one readable line; image fingerprints left out."""
    if isinstance(valor, dict):
        return " · ".join(str(v) for k, v in valor.items() if k != "huella" and v not in ("", None))
    return str(valor)


@register.simple_tag
def transiciones_permitidas(acciones, con_comentario=False):
    """The workflow's transitions among ``acciones``: with or without a comment box."""
    return [
        t for t in TRANSICIONES if t.accion in acciones and bool(t.comentario) == con_comentario
    ]


@register.simple_tag
def clase_boton(transicion, acciones):
    """The Bootstrap classes of a transition's button; at most one filled beside «Editar»."""
    if transicion.accion in ESTILOS_BOTON:
        return ESTILOS_BOTON[transicion.accion]
    return "btn-outline-primary" if Accion.EDITAR in acciones else "btn-primary"


@register.filter
def guiones(nombre):
    """An action's name as an HTML id: ``solicitar_cambios`` → ``solicitar-cambios``."""
    return str(nombre).replace("_", "-")
