"""Round trips that change the posted form without saving: rows, requirements, order.

More blank rows, pasted requirements turned into library rows, a diagram
moved up or down. They also work without JavaScript.
"""

from django.http import QueryDict

from .. import requisitos
from .filas import FILAS_EXTRA, FILAS_MAXIMAS, FORMSETS_FILAS


def con_filas_extra(data: QueryDict) -> QueryDict:
    """The same POST with ``FILAS_EXTRA`` more blank rows in each row formset."""
    datos = data.copy()
    for tipo in FORMSETS_FILAS:
        clave = f"{tipo}-TOTAL_FORMS"
        total = _entero(datos.get(clave))
        datos[clave] = str(min(total + FILAS_EXTRA, FILAS_MAXIMAS))
    return datos


def con_requisitos(data: QueryDict) -> tuple[QueryDict, requisitos.Resultado]:
    """The same POST with the pasted requirements added as library rows."""
    datos = data.copy()
    resultado = requisitos.leer(datos.get("requisitos", ""))
    prefijo = "bibliotecas"
    total = _entero(datos.get(f"{prefijo}-TOTAL_FORMS"))
    vacias = [
        i
        for i in range(total)
        if not datos.get(f"{prefijo}-{i}-nombre", "").strip()
        and not datos.get(f"{prefijo}-{i}-version", "").strip()
    ]
    for fila in resultado.filas:
        if vacias:
            i = vacias.pop(0)
        else:
            i = total
            total += 1
        if total > FILAS_MAXIMAS:
            break
        datos[f"{prefijo}-{i}-nombre"] = fila["nombre"]
        datos[f"{prefijo}-{i}-version"] = fila["version"]
        datos.pop(f"{prefijo}-{i}-DELETE", None)
    datos[f"{prefijo}-TOTAL_FORMS"] = str(min(total, FILAS_MAXIMAS))
    datos["requisitos"] = ""
    return datos, resultado


def con_diagrama_movido(data: QueryDict, indice: int, paso: int) -> QueryDict:
    """The same POST with stored diagram ``indice`` moved up (-1) or down (+1)."""
    datos = data.copy()
    total = _entero(datos.get("diagramas-TOTAL_FORMS"))
    destino = indice + paso
    if not (0 <= indice < total and 0 <= destino < total):
        return datos
    for campo in ("pk", "titulo", "leyenda", "DELETE"):
        a, b = f"diagramas-{indice}-{campo}", f"diagramas-{destino}-{campo}"
        va, vb = datos.getlist(a), datos.getlist(b)
        datos.setlist(a, vb)
        datos.setlist(b, va)
    return datos


def _entero(valor) -> int:
    try:
        return max(0, min(int(valor), FILAS_MAXIMAS))
    except (TypeError, ValueError):
        return 0
