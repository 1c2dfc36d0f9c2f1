"""How a save stores things: values as the export writes them, no file left by a failure.

Every save path (the form, autosave, an import) stores values in this form, so
what is stored and what the Markdown export says never differ: newlines are
Unix ones, fields and reasons have no surrounding whitespace, a Markdown code
fence left open is closed (``dialecto.canonico``).
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from .. import dialecto, plantilla
from ..models.informe import LARGO_MARKDOWN, validar_sin_control


def canonicos(campos: dict[str, str]) -> dict[str, str]:
    return {campo: dialecto.canonico(campo, valor) for campo, valor in campos.items()}


def motivos(no_aplica: dict[str, str]) -> dict[str, str]:
    """«No aplica» reasons as stored: without surrounding whitespace; a blank one is no mark."""
    limpios = {
        campo: dialecto.canonico_linea(" ".join(motivo.replace("\r", "\n").split("\n")))
        for campo, motivo in no_aplica.items()
    }
    return {campo: motivo for campo, motivo in limpios.items() if motivo}


NUMEROS_SECCION = {str(s.numero) for s in plantilla.SECCIONES}
MENSAJE_NOTA_LARGA = _("El texto sin clasificar de una sección supera 20.000 caracteres; acórtelo.")


def notas_guardadas(notas: dict[str, str]) -> dict[str, str]:
    """A section's unclassified text, by section number, as stored; empty ones dropped."""
    if set(notas) - NUMEROS_SECCION:
        raise ValueError(f"Secciones desconocidas: {sorted(set(notas) - NUMEROS_SECCION)}")
    limpias = {n: dialecto.canonico_markdown(t) for n, t in sorted(notas.items())}
    limpias = {n: t for n, t in limpias.items() if t}
    for texto in limpias.values():
        if len(texto) > LARGO_MARKDOWN:
            raise ValidationError({"notas": [MENSAJE_NOTA_LARGA]})
        try:
            validar_sin_control(texto)
        except ValidationError as error:
            raise ValidationError({"notas": error.messages}) from error
    return limpias


def fila_guardada(datos: dict) -> dict:
    """A row's values as stored: each text without surrounding whitespace."""
    return {c: dialecto.canonico_linea(v) if isinstance(v, str) else v for c, v in datos.items()}


@contextmanager
def sin_archivos_huerfanos():
    """The names of the files a save stores; if the save fails, they are deleted.

    The rows roll back with the transaction; the files must go too.
    """
    guardados: list[str] = []
    try:
        yield guardados
    except Exception:
        for nombre in guardados:
            default_storage.delete(nombre)
        raise
