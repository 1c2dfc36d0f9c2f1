"""Raw HTML written in Markdown, tamed in linear time before anything parses it as HTML.

nh3's HTML parser is quadratic on unclosed formatting tags whose attributes differ
(each new paragraph reopens every one of them: 20 KB of ``<b title=N>`` gave 19 MB
of HTML in 0.55 s). So a raw tag is kept only if it is one of a few inline tags,
without attributes, closed within its paragraph or HTML block; any other tag is
dropped (its text stays), as are comments and the content of script-like elements.
"""

import html
import re
from collections.abc import Iterator

from markdown_it.common.html_blocks import block_names
from markdown_it.token import Token

# Raw tags kept, without attributes: inline formatting Markdown has no syntax for
# (sub, sup, br in a table cell) or that users type out of habit.
CRUDAS = {"b", "i", "strong", "em", "del", "s", "sub", "sup", "code", "br"}
VACIAS = {"br"}
# Block-level elements (CommonMark's list): dropped, they still part the words around them.
BLOQUES = frozenset(block_names)
# Elements whose content is not markup: dropped whole, content included.
OPACAS = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
          "noscript", "plaintext", "template"}  # fmt: skip

# A tag whose quoted values hold no ``<``: every match attempt stops at the next
# ``<``, so scanning a fragment is linear whatever it holds.
ETIQUETA = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9-]*)(?:"[^"<]*"|'[^'<]*'|[^'"<>])*>""")
# Comments, CDATA, processing instructions and declarations vanish up to their end.
OCULTOS = (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", ">"), ("<!", ">"))


def piezas(fragmento: str) -> Iterator[tuple[str, str]]:
    """Raw HTML as ("texto", text), ("abre", name) and ("cierra", name) pieces.

    Comments and the like vanish; a ``<`` that starts no tag is text. Every
    ``find`` moves past what it read, so the scan is linear.
    """
    pos, largo = 0, len(fragmento)
    while pos < largo:
        inicio = fragmento.find("<", pos)
        if inicio < 0:
            inicio = largo
        if inicio > pos:
            yield "texto", fragmento[pos:inicio]
        if inicio == largo:
            return
        etiqueta = ETIQUETA.match(fragmento, inicio)
        if etiqueta:
            yield ("cierra" if etiqueta[1] else "abre"), etiqueta[2].lower()
            pos = etiqueta.end()
            continue
        for apertura, cierre in OCULTOS:
            if fragmento.startswith(apertura, inicio):
                fin = fragmento.find(cierre, inicio + len(apertura))
                pos = largo if fin < 0 else fin + len(cierre)
                break
        else:
            yield "texto", "<"
            pos = inicio + 1


class Domador:
    """Raw HTML pieces to the allowed bare tags, each closed in the element that opened it.

    ``pila`` holds the raw tags open, and ``None`` for each Markdown element open
    around or between them: a raw close tag counts only when it closes the innermost
    raw tag, and ``cerrar`` closes the raw tags still open in the innermost element.
    """

    def __init__(self):
        self.pila: list[str | None] = []
        self.opaca = ""

    def pieza(self, tipo: str, valor: str) -> str:
        if self.opaca:
            if (tipo, valor) == ("cierra", self.opaca):
                self.opaca = ""
        elif tipo == "texto":
            return html.escape(html.unescape(valor), quote=False)
        elif tipo == "abre" and valor in OPACAS:
            self.opaca = valor
        elif tipo == "abre" and valor in CRUDAS:
            if valor not in VACIAS:
                self.pila.append(valor)
            return f"<{canonica(valor)}>"
        elif tipo == "cierra" and self.pila and self.pila[-1] == valor:
            return f"</{canonica(self.pila.pop())}>"
        elif valor in BLOQUES:
            return "\n"
        return ""

    def cerrar(self) -> str:
        cierres = []
        while self.pila and self.pila[-1] is not None:
            cierres.append(f"</{canonica(self.pila.pop())}>")
        return "".join(cierres)


def fragmento_domado(fragmento: str) -> str:
    """An HTML block reduced to its text and the allowed bare tags, closed within it."""
    domador = Domador()
    return "".join(domador.pieza(*p) for p in piezas(fragmento)) + domador.cerrar()


def hijos_domados(hijos: list[Token]) -> list[Token]:
    """A paragraph's inline tokens with raw tags bare and nested within Markdown's own
    (which are always well nested); what a script-like element holds is dropped."""
    salida: list[Token] = []
    domador = Domador()
    for token in hijos:
        if token.type == "html_inline":
            # One tag per token; what the scanner reads as text is a malformed tag.
            token.content = "".join(
                domador.pieza(tipo, valor)
                for tipo, valor in piezas(token.content)
                if tipo != "texto"
            )
            salida.append(token)
        elif token.nesting == 1:
            domador.pila.append(None)
            salida.append(token)
        elif token.nesting == -1:
            salida.extend(crudo(domador.cerrar()))
            if domador.pila:
                domador.pila.pop()
            salida.append(token)
        elif not domador.opaca:
            salida.append(token)
    salida.extend(crudo(domador.cerrar()))
    return salida


def canonica(nombre: str) -> str:
    return "del" if nombre == "s" else nombre


def crudo(contenido: str) -> list[Token]:
    """Raw HTML to add among inline tokens, if there is any."""
    return [Token("html_inline", "", 0, content=contenido)] if contenido else []
