"""Markdown to safe HTML in time linear in the text: markdown-it-py parses, nh3 sanitizes.

The preview, the detail page and the PDF all call ``renderizar``; nothing else
turns user Markdown into HTML.

Why this shape (figures in bench/README.md):

- markdown-it-py follows CommonMark with its linear-time protections (a bounded
  nesting depth, caches for brackets and backticks); Python-Markdown, used
  before, took 88 s on a field of 20,000 ``[`` and overflowed the stack on
  ``1. 1. 1. ...``.
- Raw HTML never reaches the sanitizer as written (``html_crudo``): only a few
  bare inline tags, closed where they were opened. What markdown-it then writes
  is well nested, and nh3 still applies the allowlist, the URL schemes and the
  images' filter to all of it.
- Two expansions the parser allows are bounded per field: empty cells padding
  short table rows, and link addresses repeated from one reference definition.
"""

import html
import re
from collections.abc import Iterable

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_block.table import escapedSplit, getLine
from markdown_it.rules_block.table import table as tabla_gfm
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from . import html_crudo, limites

# The budgets of limites/ under the names this module's readers know. The
# longest field a form or an import accepts; only the preview endpoint can send
# more, and it is shown cut here.
LARGO_MAXIMO = limites.LARGO_MARKDOWN
PROFUNDIDAD_MAXIMA = limites.MARKDOWN_PROFUNDIDAD
PROFUNDIDAD_EN_LINEA = limites.MARKDOWN_PROFUNDIDAD_EN_LINEA
RELLENO_MAXIMO = limites.MARKDOWN_RELLENO
DIRECCIONES_MAXIMO = limites.MARKDOWN_DIRECCIONES

# No svg, math or raw-text elements (style, noscript, textarea, title, iframe):
# the known sanitizer bypasses need one of them.
ETIQUETAS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "strong", "em", "b", "i", "code", "pre", "blockquote", "del", "sub", "sup",
    "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "a", "img",
}  # fmt: skip
ATRIBUTOS = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "code": {"class"},
}
ESQUEMAS = {"http", "https", "mailto"}
CLASE_LENGUAJE = re.compile(r"language-[A-Za-z0-9_+#.-]{1,40}")


def renderizar(texto: str, imagenes_permitidas: Iterable[str] = ()) -> SafeString:
    """Render ``texto`` as sanitized HTML.

    Images survive only when their ``src`` is one of ``imagenes_permitidas``
    (the URLs of the report's own diagrams); every other image loses its source.
    """
    if not texto:
        return mark_safe("")
    permitidas = frozenset(imagenes_permitidas)

    def filtrar(elemento: str, atributo: str, valor: str) -> str | None:
        if elemento == "img" and atributo == "src":
            return valor if valor in permitidas else None
        if elemento == "code" and atributo == "class":
            return valor if CLASE_LENGUAJE.fullmatch(valor) else None
        return valor

    limpio = nh3.clean(
        a_html(texto[:LARGO_MAXIMO]),
        tags=ETIQUETAS,
        attributes=ATRIBUTOS,
        url_schemes=ESQUEMAS,
        link_rel="noopener noreferrer nofollow",
        attribute_filter=filtrar,
        strip_comments=True,
    )
    return mark_safe(limpio)  # noqa: S308 - sanitized by nh3 just above


def a_html(texto: str) -> str:
    """The Markdown as HTML, not yet sanitized: well nested, raw HTML already tamed.

    Text nested deeper than the parser goes is shown as written rather than lost.
    """
    entorno: dict = {"relleno": RELLENO_MAXIMO, "direcciones": DIRECCIONES_MAXIMO}
    tokens = PARSER.parse(texto, entorno)
    if any(t.type in CONTENEDORES and t.level >= PROFUNDIDAD_MAXIMA - 1 for t in tokens):
        return f"<pre>{html.escape(texto, quote=False)}</pre>"
    return PARSER.renderer.render(tokens, PARSER.options, entorno)


CONTENEDORES = {"blockquote_open", "list_item_open"}


def domar(state: StateCore) -> None:
    """Core rule: raw HTML tamed, links' addresses paid for, tables' alignment as the
    ``align`` attribute nh3 allows and strikethrough as ``del``."""
    for token in state.tokens:
        if token.type == "html_block":
            token.content = html_crudo.fragmento_domado(token.content)
        elif token.type in ("th_open", "td_open"):
            estilo = str(token.attrs.pop("style", ""))
            if estilo.startswith("text-align:"):
                token.attrs["align"] = estilo.removeprefix("text-align:")
        elif token.type == "inline" and token.children:
            for hijo in token.children:
                if hijo.type in ("s_open", "s_close"):
                    hijo.tag = "del"
                elif hijo.type in ("link_open", "image"):
                    pagar_direcciones(hijo, state.env)
            token.children = html_crudo.hijos_domados(token.children)


def tabla(state: StateBlock, inicio: int, fin: int, silent: bool) -> bool:
    """markdown-it's GFM table, ended at the row whose padding the field cannot pay.

    The parser pads every row shorter than the header with empty cells, up to 65,536
    per table: a wide header over rows of one character costs columns × rows (a
    20,000-character field of such tables rendered in 12 s, as 8.6 MB of HTML). Here
    the rows are read first, as the parser will read them, and the table ends before
    the first row that would take the field past ``RELLENO_MAXIMO`` padded cells;
    the rows after it are read as ordinary text. Each row is read twice at most.
    """
    # Silent, the parser only checks the header and delimiter rows.
    if silent:
        return tabla_gfm(state, inicio, fin, True)
    if not tabla_gfm(state, inicio, fin, True):
        return False
    columnas = len(celdas(getLine(state, inicio)))
    # The parser ends a table where a blockquote would end (its terminators), at a
    # blank line, a less indented line or an indented code block.
    terminadores = state.md.block.ruler.getRules("blockquote")
    anterior, state.parentType = state.parentType, "table"
    linea = inicio + 2
    try:
        while linea < fin and not (
            state.sCount[linea] < state.blkIndent
            or state.isEmpty(linea)
            or state.is_code_block(linea)
            or any(regla(state, linea, fin, True) for regla in terminadores)
        ):
            relleno = max(columnas - len(celdas(getLine(state, linea))), 0)
            if relleno > state.env["relleno"]:
                break
            state.env["relleno"] -= relleno
            linea += 1
    finally:
        state.parentType = anterior
    return tabla_gfm(state, inicio, linea, False)


def celdas(linea: str) -> list[str]:
    """A table row's cells, as the parser splits them."""
    partes = escapedSplit(mdTrim(linea))
    if partes and partes[0] == "":
        partes.pop(0)
    if partes and partes[-1] == "":
        partes.pop()
    return partes


def pagar_direcciones(token: Token, entorno: dict) -> None:
    """Charge a link's or an image's address and title to the field; unpaid, drop them."""
    largo = sum(len(str(token.attrs.get(a, ""))) for a in ("href", "src", "title"))
    if largo > entorno["direcciones"]:
        for atributo in ("href", "src", "title"):
            token.attrs.pop(atributo, None)
    else:
        entorno["direcciones"] -= largo


def construir(profundidad: int) -> MarkdownIt:
    """CommonMark with tables and strikethrough, raw HTML parsed (then tamed)."""
    parser = MarkdownIt(
        "commonmark",
        {"html": True, "maxNesting": profundidad, "xhtmlOut": False, "breaks": False},
    ).enable(["table", "strikethrough"])
    # Every URL is written as given and judged once, by nh3 (schemes) and by the
    # images' filter; refusing it here would print the Markdown around it as text.
    parser.validateLink = lambda url: True
    return parser


def en_linea(state: StateCore) -> None:
    """Core rule in place of markdown-it's own: each block's text, parsed by ``EN_LINEA``."""
    for token in state.tokens:
        if token.type == "inline":
            token.children = []
            EN_LINEA.inline.parse(token.content, EN_LINEA, state.env, token.children)


PARSER = construir(PROFUNDIDAD_MAXIMA)
PARSER.block.ruler.at("table", tabla)
PARSER.core.ruler.at("inline", en_linea)
PARSER.core.ruler.after("inline", "domar", domar)
EN_LINEA = construir(PROFUNDIDAD_EN_LINEA)
