"""The PDF's HTML beyond what the sanitizer leaves: list start numbers, tables typed in labels.

Both work on the HTML ``markdown_seguro`` wrote (well nested, ``<`` and ``>``
escaped in text and attribute values), after the PDF template has put it in place:

- ``<ol start="3">`` is only a presentational hint to WeasyPrint, and those stay
  off (a CSS injection came through them), so a list that continues after a code
  block would restart at «1.». One stylesheet rule per start number found sets
  the list's counter instead; the number is read as an integer, so nothing of the
  text reaches the rule.
- The tables a user types get column widths from what their columns hold (the
  layout is fixed, see pdf.css), and a table too wide for the page is cut into
  bands of columns, each repeating the first column, instead of squeezing every
  header to one letter a line.
"""

import html
import re

# Tables of Markdown are the only ones without attributes (the template's carry a class).
TABLA = re.compile(r"<table>(.*?)</table>", re.S)
GRUPO = re.compile(r"<(thead|tbody)>(.*?)</\1>", re.S)
FILA = re.compile(r"<tr>(.*?)</tr>", re.S)
CELDA = re.compile(r"<(t[hd])\b[^>]*>.*?</\1>", re.S)
MARCADO = re.compile(r"<[^>]*>")
INICIO_LISTA = re.compile(r'<ol start="(-?\d{1,9})">')

# The page's text width holds about 90 characters of a table's 9 pt text. A
# column needs its longest word (up to LARGO_PALABRA, longer words break
# anywhere) plus its padding (PADDING characters); the columns of one band
# together need at most ANCHO_BANDA, and a band has at most COLUMNAS_POR_BANDA.
ANCHO_BANDA = 84
COLUMNAS_POR_BANDA = 8
LARGO_PALABRA = 15
# Past this many characters a column's text wraps anyway: it asks for no more width.
LARGO_COLUMNA = 40
PADDING = 2


def preparar(documento: str) -> str:
    """The PDF's HTML with list starts honoured and typed tables laid out for the page."""
    documento = TABLA.sub(lambda m: _tabla(m.group(1)), documento)
    return _inicios_de_lista(documento)


def _inicios_de_lista(documento: str) -> str:
    inicios = sorted({int(n) for n in INICIO_LISTA.findall(documento)})
    if not inicios:
        return documento
    # The list's items count from the reset value plus one.
    reglas = "".join(f'ol[start="{n}"]{{counter-reset:list-item {n - 1}}}' for n in inicios)
    return documento.replace("</head>", f"<style>{reglas}</style></head>", 1)


def _texto(celda: str) -> str:
    return html.unescape(MARCADO.sub("", celda)).strip()


class _Columna:
    """What one column of a typed table asks of the page, in characters."""

    def __init__(self, celdas: list[str]):
        textos = [_texto(c) for c in celdas]
        palabra = max((len(p) for t in textos for p in t.split()), default=1)
        self.minimo = min(palabra, LARGO_PALABRA) + PADDING
        largo = max((len(t) for t in textos), default=1)
        self.peso = max(self.minimo, min(largo, LARGO_COLUMNA) + PADDING)


def _tabla(contenido: str) -> str:
    grupos = [
        (g.group(1), [_celdas(fila) for fila in FILA.findall(g.group(2))])
        for g in GRUPO.finditer(contenido)
    ]
    filas = [fila for _grupo, filas_grupo in grupos for fila in filas_grupo]
    ancho = max((len(f) for f in filas), default=0)
    if ancho == 0:
        return f"<table>{contenido}</table>"
    columnas = [_Columna([f[i] for f in filas if i < len(f)]) for i in range(ancho)]
    return "".join(_banda(grupos, columnas, banda) for banda in _bandas(columnas))


def _celdas(fila: str) -> list[str]:
    return [m.group(0) for m in CELDA.finditer(fila)]


def _bandas(columnas: list[_Columna]) -> list[list[int]]:
    """Column indexes of each band: all of them when they fit, else the first
    column followed by as many of the rest as fit, band after band."""
    if len(columnas) <= COLUMNAS_POR_BANDA and sum(c.minimo for c in columnas) <= ANCHO_BANDA:
        return [list(range(len(columnas)))]
    bandas, actual = [], [0]
    usado = columnas[0].minimo
    for indice in range(1, len(columnas)):
        minimo = columnas[indice].minimo
        if len(actual) > 1 and (len(actual) == COLUMNAS_POR_BANDA or usado + minimo > ANCHO_BANDA):
            bandas.append(actual)
            actual, usado = [0], columnas[0].minimo
        actual.append(indice)
        usado += minimo
    bandas.append(actual)
    return bandas


def _banda(grupos, columnas: list[_Columna], banda: list[int]) -> str:
    total = sum(columnas[i].peso for i in banda)
    anchos = "".join(f'<col style="width:{100 * columnas[i].peso / total:.2f}%">' for i in banda)
    partes = [f"<table><colgroup>{anchos}</colgroup>"]
    for grupo, filas in grupos:
        partes.append(f"<{grupo}>")
        for fila in filas:
            celdas = (fila[i] if i < len(fila) else "<td></td>" for i in banda)
            partes.append("<tr>" + "".join(celdas) + "</tr>")
        partes.append(f"</{grupo}>")
    partes.append("</table>")
    return "".join(partes)
