"""Markdown to safe HTML: Python-Markdown renders, nh3 sanitizes with an allowlist.

The preview, the detail page and the PDF all call ``renderizar``; nothing else
turns user Markdown into HTML.
"""

from collections.abc import Iterable

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

EXTENSIONES = ["fenced_code", "tables", "sane_lists"]

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
}
ESQUEMAS = {"http", "https", "mailto"}
LARGO_MAXIMO = 100_000


def renderizar(texto: str, imagenes_permitidas: Iterable[str] = ()) -> SafeString:
    """Render ``texto`` as sanitized HTML.

    Images survive only when their ``src`` is one of ``imagenes_permitidas``
    (the URLs of the report's own diagrams); every other image is dropped.
    """
    if not texto:
        return mark_safe("")
    permitidas = frozenset(imagenes_permitidas)
    html = markdown.markdown(texto[:LARGO_MAXIMO], extensions=EXTENSIONES, output_format="html")

    def filtrar(elemento: str, atributo: str, valor: str) -> str | None:
        if elemento == "img" and atributo == "src":
            return valor if valor in permitidas else None
        return valor

    limpio = nh3.clean(
        html,
        tags=ETIQUETAS,
        attributes=ATRIBUTOS,
        url_schemes=ESQUEMAS,
        link_rel="noopener noreferrer nofollow",
        attribute_filter=filtrar,
        strip_comments=True,
    )
    return mark_safe(limpio)  # noqa: S308 - sanitized by nh3 just above
