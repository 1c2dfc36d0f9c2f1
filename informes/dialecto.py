"""The Markdown dialect the export writes and the importer reads: markers, escaping, values.

Both sides depend on this module and neither on the other. Every reader here is
linear in the length of its line: lines are taken apart with string methods and
with patterns whose quantifiers never compete for the same characters, since an
import may hold a single line of up to 1 MB (tests/ataques/test_importacion.py).
"""

import re
import unicodedata

from . import plantilla

# The structural line readers, given to both sides from here.
from .estructura import LineaEtiqueta as LineaEtiqueta
from .estructura import encabezado as encabezado
from .estructura import etiqueta as etiqueta
from .estructura import imagen as imagen
from .estructura import item as item

# --- Markers the export writes and the importer reads back.

PENDIENTE = "_(Pendiente)_"
PREFIJO_NO_APLICA = "No aplica:"
# Text an import could not match to a label: a section's note opens with it, and
# text appended to a label's Markdown follows it.
MARCA_SIN_CLASIFICAR = "_Texto sin clasificar:_"
INICIO_METADATOS = "<!-- informe-metadatos"
FIN_METADATOS = "-->"


def separar_metadatos(lineas: list[str]) -> tuple[list[str], dict[str, str]]:
    """Remove the export's trailing metadata comment and read it."""
    final = len(lineas)
    while final and not lineas[final - 1].strip():
        final -= 1
    if not final or lineas[final - 1].strip() != FIN_METADATOS:
        return lineas, {}
    for inicio in range(final - 2, -1, -1):
        if lineas[inicio].strip() == INICIO_METADATOS:
            datos = {}
            for linea in lineas[inicio + 1 : final - 1]:
                clave, _, valor = linea.partition(":")
                datos[clave.strip()] = valor.strip()
            return lineas[:inicio], datos
    return lineas, {}


# --- Fenced code: never escaped, never read as structure.

CERCO = re.compile(r"^[ ]{0,3}(?P<marca>`{3,}|~{3,})")


def recorrer_cercos(lineas: list[str]) -> tuple[list[tuple[str, bool]], str]:
    """(line, inside_fenced_code) for each line, and the fence left open at the end."""
    cerco = ""
    resultado = []
    for linea in lineas:
        m = CERCO.match(linea)
        if cerco:
            resultado.append((linea, True))
            cierra = m and m["marca"][0] == cerco[0] and len(m["marca"]) >= len(cerco)
            if cierra and not linea.strip().strip(cerco[0]):
                cerco = ""
        elif m:
            cerco = m["marca"]
            resultado.append((linea, True))
        else:
            resultado.append((linea, False))
    return resultado, cerco


def en_cerco(lineas: list[str]) -> list[tuple[str, bool]]:
    """(line, inside_fenced_code), so escaping never touches code blocks."""
    return recorrer_cercos(lineas)[0]


# --- Normalisation.


def canonico_markdown(texto: str) -> str:
    """A Markdown field as it is stored, and so as the export writes it and the import reads it.

    Unix newlines; no whitespace before the first or after the last character
    (as Django's forms strip); a code fence left open is closed, or it would
    swallow every label after it in the export. Spaces at the end of inner
    lines (Markdown's hard breaks) and non-breaking spaces are kept.
    """
    texto = (texto or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if "```" not in texto and "~~~" not in texto:
        return texto  # no fence to close (the common case, and a cheap test)
    _lineas, abierto = recorrer_cercos(texto.split("\n"))
    return f"{texto}\n{abierto}" if abierto else texto


def canonico_linea(texto: str) -> str:
    """A one-line field, a row's column or a reason as stored: without surrounding whitespace."""
    return (texto or "").strip()


def canonico(campo: str, valor: str) -> str:
    """The stored form of the value of the label ``campo``."""
    if plantilla.POR_CAMPO[campo].tipo == plantilla.Tipo.MARKDOWN:
        return canonico_markdown(valor)
    return canonico_linea(valor)


def una_linea(texto: str) -> str:
    return " ".join((texto or "").split())


# A leading number: decimal or roman digits (the classes never overlap, so linear).
NUMERO = re.compile(r"\s*(?:\d+|[ivxlc]+)")
PUNTUACION_NUMERO = frozenset(".)-:")


def sin_numeracion(texto: str) -> str:
    """``texto`` without a leading "3.", "3)", "iv -" or "3 " (the number needs a space after)."""
    numero = NUMERO.match(texto)
    if numero is None:
        return texto
    resto = texto[numero.end() :]
    tras = resto.lstrip()
    if tras[:1] in PUNTUACION_NUMERO and tras[1:2].isspace():
        return tras[1:].lstrip()
    return tras if len(tras) < len(resto) else texto


def normalizar(texto: str) -> str:
    """Casefolded, without accents, numbering, bold, colons or extra spaces."""
    texto = texto.replace("*", "").replace("_", " ")
    if not texto.isascii():  # plain ASCII has no accents to drop: the common case
        texto = unicodedata.normalize("NFKD", texto)
        texto = "".join(c for c in texto if not unicodedata.combining(c))
    texto = sin_numeracion(texto.casefold())
    return " ".join(texto.strip().rstrip(":").split())


# --- The template's words, matched by their normal form.

SECCIONES = {normalizar(s.titulo): s for s in plantilla.SECCIONES}
ETIQUETAS = {normalizar(e.texto): e for e in plantilla.ETIQUETAS}
GRUPOS = {normalizar(e.grupo) for e in plantilla.ETIQUETAS if e.grupo}
TITULO = normalizar(plantilla.TITULO)
INTRODUCCIONES = {normalizar(s.introduccion) for s in plantilla.SECCIONES if s.introduccion}


def nombra_etiqueta(texto: str) -> bool:
    """Whether bold ``texto`` names a label, a group or a section of the template."""
    normal = normalizar(texto)
    return normal in ETIQUETAS or normal in GRUPOS or normal in SECCIONES


def buscar_etiqueta(normal: str, seccion: plantilla.Seccion | None) -> plantilla.Etiqueta | None:
    """The label named ``normal``: first in the current section, then anywhere."""
    if seccion is not None:
        for etiqueta in seccion.etiquetas:
            if normalizar(etiqueta.texto) == normal:
                return etiqueta
    return ETIQUETAS.get(normal)


EJEMPLO = re.compile(r"^_Ejemplo:?_:?\s*")


def motivo_no_aplica(texto: str) -> str | None:
    """The reason of a one-line "No aplica: motivo" (any case, maybe emphasised), or None."""
    if "\n" in texto:
        return None
    enfasis = texto[:1] if texto[:1] in ("_", "*") else ""
    cuerpo = texto[len(enfasis) :]
    if cuerpo[:9].casefold() != "no aplica":
        return None
    resto = cuerpo[9:].lstrip()
    if resto.startswith(":"):
        resto = resto[1:].lstrip()
    # "_No aplica: motivo_": the emphasis closes only where it opened.
    return resto[:-1] if enfasis and resto.endswith(enfasis) else resto


# --- Escaping: content that would read as the template's structure.

# Lines that Markdown would read as a heading or a bold label, possibly
# already escaped by earlier exports (the run of backslashes).
LINEA_ESTRUCTURAL = re.compile(r"^(?P<sangria>[ \t]*)(?P<barras>\\*)(?P<resto>#|[-*+][ \t]+\*\*)")
LINEA_ESCAPADA = re.compile(r"^(?P<sangria>[ \t]*)\\(?P<barras>\\*)(?P<resto>#|[-*+][ \t]+\*\*)")
# A line of "=" or "-" under a line of text underlines it as a heading
# (setext): escaped after a line that is not blank, as no heading is allowed.
SUBRAYADO = re.compile(r"^(?P<sangria>[ ]{0,3})(?P<barras>\\*)(?P<resto>=+|-+)[ \t]*$")
# A line opening with bold text that names a label ("**Python:** ...") would be
# read as that label by the importer, bulleted or not: it is escaped too.
NEGRITA_INICIAL = re.compile(
    r"^(?P<sangria>[ \t]*)(?P<barras>\\*)(?P<resto>\*\*(?P<texto>[^*\n]+)\*\*)"
)


def _negrita_de_etiqueta(linea: str) -> bool:
    """Whether ``linea`` opens with bold text naming a label, group or section."""
    m = NEGRITA_INICIAL.match(linea)
    return bool(m) and nombra_etiqueta(m["texto"])


def _subrayado(linea: str, anterior: str) -> re.Match | None:
    return SUBRAYADO.match(linea) if anterior.strip() else None


def escapar(texto: str) -> str:
    """Add one backslash before anything that would read as a heading or label.

    Code blocks are left alone (the stored value closes every fence).
    """
    salida = []
    anterior = ""
    for linea, codigo in en_cerco(texto.split("\n")):
        original = linea
        if not codigo:
            if LINEA_ESTRUCTURAL.match(linea):
                linea = LINEA_ESTRUCTURAL.sub(r"\g<sangria>\\\g<barras>\g<resto>", linea, count=1)
            elif _negrita_de_etiqueta(linea):
                linea = NEGRITA_INICIAL.sub(r"\g<sangria>\\\g<barras>\g<resto>", linea, count=1)
            elif m := _subrayado(linea, anterior):
                linea = m["sangria"] + "\\" + linea[len(m["sangria"]) :]
        salida.append(linea)
        anterior = original
    return "\n".join(salida)


def desescapar_linea(linea: str, anterior: str = "") -> str:
    """Undo ``escapar`` on one line outside code: exactly one backslash less.

    ``anterior`` is the line before it, as written: an underline is escaped
    only after a line that is not blank.
    """
    if LINEA_ESCAPADA.match(linea):
        return LINEA_ESCAPADA.sub(r"\g<sangria>\g<barras>\g<resto>", linea, count=1)
    m = NEGRITA_INICIAL.match(linea)
    if m and m["barras"] and nombra_etiqueta(m["texto"]):
        return m["sangria"] + linea[len(m["sangria"]) + 1 :]
    m = _subrayado(linea, anterior)
    if m and m["barras"]:
        return m["sangria"] + linea[len(m["sangria"]) + 1 :]
    return linea


# --- A label's whole value read as one of the export's own markers.


def leeria_como_marca(texto: str) -> bool:
    """Whether the importer would read a label holding ``texto`` as something else:
    a «No aplica» reason (on its first line), the pending mark, a hint or
    bracketed value, the example.

    Backslashes in front count for nothing, so that one more can always be added.
    """
    sin_barras = texto.lstrip("\\")
    return (
        motivo_no_aplica(sin_barras.split("\n", 1)[0]) is not None
        or sin_barras.startswith((PENDIENTE, "["))
        or EJEMPLO.match(sin_barras) is not None
    )


def escapar_marcador(texto: str) -> str:
    """One more leading backslash when ``texto`` would read as a marker; the import removes it."""
    return "\\" + texto if leeria_como_marca(texto) else texto


def es_literal(texto: str) -> bool:
    """Whether ``texto``, a label's content, is a value ``escapar_marcador`` escaped."""
    return texto.startswith("\\") and leeria_como_marca(texto[1:])
