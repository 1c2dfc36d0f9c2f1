"""The lines of a Markdown report read as its structure: headings, bold labels, items, images.

Part of the dialect (``dialecto`` gives these readers to both sides). Each is
linear in the length of its line: lines are taken apart with string methods,
since an import may hold a single line of up to 1 MB.
"""

from dataclasses import dataclass


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
