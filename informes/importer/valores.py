"""A label's content, as the file has it, read into a value: markers, hints, brackets, versions.

The export's own shapes are read first and exactly (a value it escaped is
taken literally); what people write by hand comes next: a value typed inside
the hint's brackets, «Versión 3.9.», «Python 3.11», «>=3.10», «3.11 (conda)».
Every function is linear in the length of its text.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from packaging.version import InvalidVersion, Version

from .. import dialecto, plantilla
from ..dialecto import PENDIENTE, normalizar
from ..models import Informe
from .lectura import Estado

# A one-line field holds at most this many characters: longer text is never
# its value, and no validator is given a megabyte.
LARGO_LINEA = Informe._meta.get_field("nombre_modelo").max_length
# Words read while looking for a version in «Python 3.11 (conda)».
PALABRAS_VERSION = 8
PREFIJOS_VERSION = ("python", "version", "versión", "v")


@dataclass
class Interpretacion:
    estado: str
    valor: str = ""
    original: str = ""  # the text as written, when the value was taken from it
    sobrante: str = ""  # what cannot be part of the value (kept as unmatched text)
    motivo: str | None = None  # a «No aplica» reason (a value may be below it)


def entre_corchetes(texto: str) -> str | None:
    """The inside of a text that is one bracketed piece, ``[like this]``; else None."""
    if not (texto.startswith("[") and texto.endswith("]")):
        return None
    profundidad = 0
    for posicion, caracter in enumerate(texto):
        if caracter == "[":
            profundidad += 1
        elif caracter == "]":
            profundidad -= 1
            if profundidad == 0:
                return texto[1:-1].strip() if posicion == len(texto) - 1 else None
    return None


def primera_linea(texto: str) -> str:
    return texto.partition("\n")[0]


def es_pista(texto: str, etiqueta: plantilla.Etiqueta) -> bool:
    dentro = entre_corchetes(texto.strip())
    return dentro is not None and normalizar(dentro) == normalizar(etiqueta.pista)


def _sin_pista_inicial(texto: str, etiqueta: plantilla.Etiqueta) -> str:
    """``texto`` without the template's bracketed hint in front of it ("[Versión] 3.9")."""
    if not texto.startswith("["):
        return texto
    cierre = texto.find("]")
    if cierre > 0 and es_pista(texto[: cierre + 1], etiqueta):
        return texto[cierre + 1 :].strip()
    return texto


def sin_ejemplo(texto: str, etiqueta: plantilla.Etiqueta) -> str:
    """``texto`` without the template's untouched ``_Ejemplo:_`` block at its end."""
    if not etiqueta.ejemplo:
        return texto
    posicion = texto.rfind("_Ejemplo")
    while posicion >= 0:
        inicio_linea = posicion == 0 or texto[posicion - 1] == "\n"
        m = dialecto.EJEMPLO.match(texto, posicion) if inicio_linea else None
        if m and dialecto.una_linea(texto[m.end() :]) == dialecto.una_linea(etiqueta.ejemplo):
            return texto[:posicion].strip()
        posicion = texto.rfind("_Ejemplo", 0, posicion)
    return texto


def valido(campo: str, valor: str) -> bool:
    """Whether the form would accept ``valor`` for the one-line label ``campo``."""
    if len(valor) > LARGO_LINEA:
        return False
    try:
        Informe._meta.get_field(campo).clean(valor, None)
    except ValidationError:
        return False
    return True


def version(texto: str) -> str | None:
    """The Python version in what people write: «Versión 3.9.», «Python 3.11», «>=3.10»."""
    for palabra in texto[: LARGO_LINEA * 2].split()[:PALABRAS_VERSION]:
        limpia = palabra.strip("()[]{},;:").rstrip(".").lstrip("<>=~^!")
        minuscula = limpia.casefold()
        for prefijo in PREFIJOS_VERSION:
            tras = minuscula[len(prefijo) : len(prefijo) + 1]
            if minuscula.startswith(prefijo) and tras.isdigit():
                limpia = limpia[len(prefijo) :]
                break
        if not limpia[:1].isdigit() or len(limpia) > 40:
            continue
        try:
            normal = str(Version(limpia))
        except InvalidVersion:
            continue
        for candidata in (limpia, normal):
            if valido("version_python", candidata):
                return candidata
    return None


def marcas(texto: str, etiqueta: plantilla.Etiqueta) -> Interpretacion | None:
    """What the export's markers and the template's hints say, or None for a value.

    ``texto`` is the label's whole content: pending, «No aplica: motivo», the
    hint left in brackets (and section 8's example) are read here.
    """
    if not texto or texto == PENDIENTE:
        return Interpretacion(Estado.VACIA)
    if dialecto.es_literal(texto):
        return None
    primera, _, resto = texto.partition("\n")
    if es_pista(primera, etiqueta) and not sin_ejemplo(resto.strip(), etiqueta):
        return Interpretacion(Estado.PISTA)
    if dialecto.EJEMPLO.match(texto) and not sin_ejemplo(texto, etiqueta):
        return Interpretacion(Estado.PISTA)
    return None


def interpretar(texto: str, etiqueta: plantilla.Etiqueta) -> Interpretacion:
    """A one-line or Markdown label's content read into its value.

    A value the export escaped is taken as written; otherwise the hint left
    in front, a trailing untouched example and the brackets of a value typed
    inside them go, and a version is taken from what was written around it.
    """
    motivo = None if dialecto.es_literal(texto) else dialecto.motivo_no_aplica(primera_linea(texto))
    if motivo is not None:
        # «No aplica: motivo» on the label's line; a value the label also holds is below.
        debajo = interpretar(texto.partition("\n")[2].strip(), etiqueta)
        valor = debajo.valor if debajo.estado == Estado.VALOR else ""
        return Interpretacion(
            Estado.NO_APLICA, valor, debajo.original, debajo.sobrante, motivo.strip()
        )
    leida = marcas(texto, etiqueta)
    if leida is not None:
        return leida
    if dialecto.es_literal(texto):
        valor, original = texto[1:], ""
    elif texto.startswith("["):
        # Typed inside (or after) the hint's brackets; a value starting with a
        # bracket is escaped by the export, so its own values never come here.
        primera, _, resto = texto.partition("\n")
        primera = _sin_pista_inicial(primera, etiqueta)
        dentro = entre_corchetes(primera)
        primera = primera if dentro is None else dentro
        resto = sin_ejemplo(resto.strip(), etiqueta)
        valor = f"{primera}\n\n{resto}".strip() if resto else primera
        original = texto
    else:
        valor, original = texto, ""
    if etiqueta.tipo == plantilla.Tipo.MARKDOWN:
        return Interpretacion(Estado.VALOR, valor=valor, original=original)
    primera, _, resto = valor.partition("\n")
    primera = primera.strip()
    sobrante = resto.strip()
    if not primera:
        return Interpretacion(Estado.VACIA, sobrante=sobrante)
    if not valido(etiqueta.campo, primera):
        leida = version(primera) if etiqueta.campo == "version_python" else None
        if leida is None:
            return Interpretacion(Estado.VACIA, sobrante=f"{primera}\n\n{sobrante}".strip())
        original, primera = original or primera, leida
    return Interpretacion(Estado.VALOR, valor=primera, original=original, sobrante=sobrante)
