"""The API's ``advertencias``: what a secret detector finds in each text of a report.

``advertencias(informe, hallazgos)`` runs ``hallazgos(texto, nombre=...)`` (the
signature of ``informes.secretos.hallazgos``) over every label's text and every
row's values, and says where each finding is. A variable's example value is
checked under the variable's own name, so that ``*_KEY`` or ``*_TOKEN`` count.

Not wired in yet: once ``informes.secretos`` is merged, ``representacion.informe``
adds ``"advertencias": advertencias(informe_, secretos.hallazgos)`` (the schema
already declares the field).
"""

from collections.abc import Callable, Iterator

from ... import filas, plantilla
from ...models import Informe


def textos(informe: Informe) -> Iterator[tuple[str, str, str]]:
    """(where, name, text) of every non-empty text of the report, rows included.

    ``where`` is the label's field, with the row and column for a row
    (``variables_entorno.0.valor_ejemplo``), as the API names fields in ``campos``.
    """
    for etiqueta in plantilla.ETIQUETAS:
        motivo = (informe.no_aplica or {}).get(etiqueta.campo, "")
        if motivo:
            yield f"no_aplica.{etiqueta.campo}", etiqueta.campo, motivo
        if not etiqueta.es_filas:
            texto = getattr(informe, etiqueta.campo)
            if texto:
                yield etiqueta.campo, etiqueta.campo, texto
            continue
        tipo = filas.TIPOS[etiqueta.campo]
        for indice, fila in enumerate(getattr(informe, etiqueta.campo).all()):
            valores = tipo.valores(fila)
            nombre = valores.get("nombre") or etiqueta.campo
            for columna, texto in valores.items():
                # A row's name (a package's, a variable's) is what the value is checked
                # under, not a value itself.
                if texto and columna != "nombre":
                    yield f"{etiqueta.campo}.{indice}.{columna}", nombre, texto


def advertencias(informe: Informe, hallazgos: Callable[..., list]) -> list[dict]:
    """Each finding of ``hallazgos`` in the report: its field and its description."""
    resultado = []
    for donde, nombre, texto in textos(informe):
        for hallazgo in hallazgos(texto, nombre=nombre):
            descripcion = getattr(hallazgo, "descripcion", hallazgo)
            resultado.append({"campo": donde, "descripcion": str(descripcion)})
    return resultado
