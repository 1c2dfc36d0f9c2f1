"""The API's ``advertencias``: the report's possible credentials, as its page lists them.

The findings are ``secretos.en_informe.hallazgos_informe``'s, the same the form,
the report's page and «Enviar a revisión» use; here each is named by the field
as the API names it: a label's key (``instrucciones_configuracion``), a row's
column (``variables_entorno.2.valor_ejemplo``), a reason
(``no_aplica.diagramas``) or a section's unclassified text (``notas.3``). No
credential is in them: the excerpt is masked.
"""

from ...models import Informe
from ...secretos import en_informe


def campo_api(hallazgo: dict) -> str:
    """Where the finding is, as the API names fields."""
    campo, columna, fila = hallazgo["campo"], hallazgo["columna"], hallazgo["fila"]
    if columna == en_informe.NO_APLICA:
        return f"no_aplica.{campo}"
    if fila is not None:
        return f"{campo}.{fila}.{columna}"
    return campo


def advertencia(hallazgo: dict) -> dict:
    """One finding: its field, label, description, masked excerpt, key and mark."""
    return {
        "campo": campo_api(hallazgo),
        "etiqueta": en_informe.donde(hallazgo),
        "descripcion": hallazgo["descripcion"],
        "extracto": hallazgo["extracto"],
        "huella": hallazgo["huella"],
        "inofensivo": hallazgo["inofensivo"],
    }


def advertencias(informe: Informe) -> list[dict]:
    """Every finding of the report, marked ones included, in the template's order."""
    return [advertencia(h) for h in en_informe.hallazgos_informe(informe)]
