"""The Markdown dialect the export writes and the importer reads: markers, escaping, lines.

Both sides depend on this module and neither on the other. Every reader here is
linear in the length of its line: lines are taken apart with string methods and
with patterns whose quantifiers never compete for the same characters, since an
import may hold a single line of up to 1 MB (tests/ataques/test_importacion.py).
"""

import re
import unicodedata
from dataclasses import dataclass

from . import plantilla

# --- Markers the export writes and the importer reads back.

PENDIENTE = "_(Pendiente)_"
PREFIJO_NO_APLICA = "No aplica:"
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


def normalizar_texto(texto: str) -> str:
    """Unix newlines, no trailing spaces, no leading or trailing blank lines."""
    lineas = [linea.rstrip() for linea in (texto or "").replace("\r\n", "\n").split("\n")]
    return "\n".join(lineas).strip("\n")


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


# --- Lines read as structure.


def encabezado(linea: str) -> str | None:
    """The text of an ATX heading ("## 3. Requisitos ##"), or None."""
    sin_sangria = linea.lstrip(" ")
    if len(linea) - len(sin_sangria) > 3:
        return None
    marcas = len(sin_sangria) - len(sin_sangria.lstrip("#"))
    resto = sin_sangria[marcas:]
    if not 1 <= marcas <= 6 or resto[:1] not in (" ", "\t"):
        return None
    return resto.strip(" \t").rstrip("#").rstrip(" \t")


@dataclass(frozen=True)
class LineaEtiqueta:
    """A line opening with bold text, as a label writes it: ``- **Texto:** resto``."""

    sangria: str
    texto: str
    resto: str
    vineta: bool  # opened by a list bullet
    dos_puntos: bool  # a colon closes the bold text, inside or just after it


def etiqueta(linea: str) -> LineaEtiqueta | None:
    """``- **Label:** value`` or ``**Label**: value`` taken apart; None for other lines.

    The colon is eaten once, from inside the bold text or just after it, never
    from the value.
    """
    cuerpo = linea.lstrip(" \t")
    sangria = linea[: len(linea) - len(cuerpo)]
    vineta = cuerpo[:1] in ("-", "*", "+") and cuerpo[1:2] in (" ", "\t")
    if vineta:
        cuerpo = cuerpo[1:].lstrip(" \t")
    if not cuerpo.startswith("**"):
        return None
    fin = cuerpo.find("*", 2)
    texto = cuerpo[2:fin]
    if fin < 0 or not texto or "\n" in texto or cuerpo[fin : fin + 2] != "**":
        return None
    resto = cuerpo[fin + 2 :]
    dentro = len(texto) > 1 and texto.endswith(":")
    if dentro:
        texto = texto[:-1]
    else:
        resto = resto.lstrip(" \t")
    fuera = not dentro and resto.startswith(":")
    if fuera:
        resto = resto[1:]
    return LineaEtiqueta(sangria, texto, resto.lstrip(" \t"), vineta, dentro or fuera)


def item(linea: str) -> str | None:
    """The text of a bullet list item ("- texto"), or None."""
    cuerpo = linea.lstrip(" \t")
    if cuerpo[:1] in ("-", "*", "+") and cuerpo[1:2] in (" ", "\t"):
        return cuerpo[1:].lstrip(" \t")
    return None


def imagen(linea: str) -> tuple[str, str] | None:
    """(alt, src) of a line holding only an image, ``![alt](src "title")``; else None."""
    limpia = linea.strip()
    if not (limpia.startswith("![") and limpia.endswith(")")):
        return None
    cierre = limpia.find("]", 2)
    if cierre < 0 or limpia[cierre + 1 : cierre + 2] != "(":
        return None
    destino = limpia[cierre + 2 : -1]
    if ")" in destino:
        return None
    return limpia[2:cierre], destino.split(maxsplit=1)[0] if destino[:1].strip() else ""


PIE_FIGURA = re.compile(r"^_Figura \d+\.")


def figura(*, titulo: str, leyenda: str, posicion: int, ruta: str) -> str:
    """A diagram as the export writes it: the image, a blank line, its numbered caption."""
    alternativo = una_linea(titulo).replace("]", ")").replace("[", "(")
    pie = f"_Figura {posicion}. {una_linea(titulo)}_"
    if una_linea(leyenda):
        pie += f" {una_linea(leyenda)}"
    return f"![{alternativo}]({ruta})\n\n{pie}"


EJEMPLO = re.compile(r"^_Ejemplo:?_:?\s*")


def motivo_no_aplica(texto: str) -> str | None:
    """The reason of a one-line "No aplica: motivo" (any case, maybe emphasised), or None."""
    if "\n" in texto:
        return None
    cuerpo = texto[1:] if texto[:1] in ("_", "*") else texto
    if cuerpo[:9].casefold() != "no aplica":
        return None
    resto = cuerpo[9:].lstrip()
    if resto.startswith(":"):
        resto = resto[1:].lstrip()
    return resto[:-1] if resto[-1:] in ("_", "*") else resto


# --- Escaping: content that would read as the template's structure.

# Lines that Markdown would read as a heading or a bold label, possibly
# already escaped by earlier exports (the run of backslashes).
LINEA_ESTRUCTURAL = re.compile(r"^(?P<sangria>[ \t]*)(?P<barras>\\*)(?P<resto>#|[-*+][ \t]+\*\*)")
LINEA_ESCAPADA = re.compile(r"^(?P<sangria>[ \t]*)\\(?P<barras>\\*)(?P<resto>#|[-*+][ \t]+\*\*)")
# A value whose first line would read as one of the export's own markers (or
# as a bracketed hint) gets one more leading backslash; the importer removes it.
MARCADOR = re.compile(r"^(\\*)(No aplica:|_\(Pendiente\)_|\[)")
MARCADOR_ESCAPADO = re.compile(r"^\\\\*(No aplica:|_\(Pendiente\)_|\[)")
# A line opening with bold text that names a label ("**Python:** ...") would be
# read as that label by the importer, bulleted or not: it is escaped too.
NEGRITA_INICIAL = re.compile(
    r"^(?P<sangria>[ \t]*)(?P<barras>\\*)(?P<resto>\*\*(?P<texto>[^*\n]+)\*\*)"
)


def _negrita_de_etiqueta(linea: str) -> bool:
    """Whether ``linea`` opens with bold text naming a label, group or section."""
    m = NEGRITA_INICIAL.match(linea)
    return bool(m) and nombra_etiqueta(m["texto"])


def escapar(texto: str) -> str:
    """Add one backslash before anything that would read as a heading or label.

    A code fence the user left open is closed, or it would swallow the rest of
    the document.
    """
    lineas, abierto = recorrer_cercos(texto.split("\n"))
    salida = []
    for linea, codigo in lineas:
        if not codigo:
            if LINEA_ESTRUCTURAL.match(linea):
                linea = LINEA_ESTRUCTURAL.sub(r"\g<sangria>\\\g<barras>\g<resto>", linea, count=1)
            elif _negrita_de_etiqueta(linea):
                linea = NEGRITA_INICIAL.sub(r"\g<sangria>\\\g<barras>\g<resto>", linea, count=1)
        salida.append(linea)
    if abierto:
        salida.append(abierto)
    return "\n".join(salida)


def escapar_marcador(texto: str) -> str:
    return "\\" + texto if MARCADOR.match(texto) else texto


def desescapar_linea(linea: str) -> str:
    """Undo ``escapar`` on one line outside code: exactly one backslash less."""
    if LINEA_ESCAPADA.match(linea):
        return LINEA_ESCAPADA.sub(r"\g<sangria>\g<barras>\g<resto>", linea, count=1)
    m = NEGRITA_INICIAL.match(linea)
    if m and m["barras"] and nombra_etiqueta(m["texto"]):
        return m["sangria"] + linea[len(m["sangria"]) + 1 :]
    return linea
