"""The skeleton of an exported Markdown report: its headings and bold labels, in order."""

import re

from informes import dialecto


def esqueleto(texto: str) -> list[str]:
    """Headings and bold labels, in order, with their nesting (the template's skeleton).

    Lines inside fenced code blocks are code, not headings.
    """
    resultado = []
    # Markdown ends lines at \n (and \r, which the export never writes), not at
    # every character Python's splitlines() takes for a line break.
    for linea, codigo in dialecto.en_cerco(texto.split("\n")):
        m = None if codigo else ENCABEZADO_O_ETIQUETA.match(linea)
        if m:
            resultado.append(m.group(1).rstrip())
    return resultado


ENCABEZADO_O_ETIQUETA = re.compile(r"^(#{1,6} .*|[ \t]*- \*\*[^*]+:\*\*)")
