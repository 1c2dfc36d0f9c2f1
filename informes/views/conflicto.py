"""The conflict page: a save that lost the race shows the user's values beside the stored ones."""

from .. import auditoria, plantilla, selectors
from .. import forms as formularios
from ..models import Informe
from .formulario import aviso_archivos, mostrar


def _como_texto(instantanea: dict, etiqueta: plantilla.Etiqueta) -> str:
    """A label's value in a snapshot, as the conflict table shows it: rows one per line."""
    if not etiqueta.es_filas:
        return instantanea["campos"][etiqueta.campo]
    lineas = []
    for fila in auditoria.filas_de(instantanea, etiqueta.campo):
        lineas.append(" ".join(str(v) for k, v in fila.items() if k != "huella" and v))
    return "\n".join(lineas)


def diferencias(suyo: dict, guardado: dict) -> list[dict]:
    """The labels where two snapshots differ, each value as text with its «No aplica» reason."""
    cambiados = {c["campo"] for c in auditoria.diferencias(guardado, suyo)}
    return [
        {
            "etiqueta": etiqueta,
            "suyo": _como_texto(suyo, etiqueta),
            "guardado": _como_texto(guardado, etiqueta),
            "motivo_suyo": suyo["no_aplica"].get(etiqueta.campo, ""),
            "motivo_guardado": guardado["no_aplica"].get(etiqueta.campo, ""),
        }
        for etiqueta in plantilla.ETIQUETAS
        if etiqueta.campo in cambiados
    ]


def responder(request, formulario, actual: Informe):
    """409: the user's values stay in the form, and a table shows where they differ."""
    actual = selectors.informe_para_detalle(actual.pk)
    tabla = diferencias(formulario.instantanea(), auditoria.instantanea(actual))
    # Re-bind the user's values with the current counter, so re-submitting
    # deliberately replaces what is stored.
    datos = formulario.control.data.copy()
    datos["contador_cambios"] = str(actual.contador_cambios)
    nuevo = formularios.FormularioInforme(informe=actual, data=datos)
    return mostrar(
        request, nuevo, actual, status=409, conflicto=tabla, aviso=aviso_archivos(request)
    )
