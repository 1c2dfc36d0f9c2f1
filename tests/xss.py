"""The XSS corpus, and the checks that nothing in a fragment or a whole page is live."""

import html
import re
from html.parser import HTMLParser

from informes import markdown_seguro, plantilla
from informes.importer.formulario import CONTROLES
from informes.models.informe import CONTROLES_RE

P = "window.__xss=1;alert(1)"


VECTORES = [
    # javascript: links and their disguises.
    f"[enlace](javascript:{P})",
    f"[enlace](JaVaScRiPt:{P})",
    f"[enlace](&#106;avascript:{P})",
    "[enlace](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
    f"[enlace](java\tscript:{P})",
    f"[enlace](java&#9;script:{P})",
    f"[enlace](java&#10;script:{P})",
    f"[enlace](java&#x0D;script:{P})",
    f"[enlace]( \x01javascript:{P})",
    f'<a href="  &#14;javascript:{P}">enlace</a>',
    f'<a href="javascript:{P}">enlace</a>',
    f"<a href=`javascript:{P}`>comillas invertidas</a>",
    f"[enlace][1]\n\n[1]: javascript:{P}",
    f'[enlace][r]\n\n[r]: <javascript:{P}> "título"',
    f"<javascript:{P}>",
    f"<JAVASCRIPT:{P}>",
    # Other schemes.
    "[enlace](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    f'<a href="data:text/html,<script>{P}</script>">enlace</a>',
    "[enlace](vbscript:msgbox(1))",
    "[archivo](file:///etc/passwd)",
    '<img src="file:///etc/passwd">',
    f"![imagen](data:image/svg+xml,<svg onload={P}>)",
    # Event handlers and raw tags.
    f'<img src=x onerror="{P}">',
    f"<img src=`x` onerror={P}>",
    f'![x](https://ejemplo.invalid/a.png"onerror="{P})',
    f"<script>{P}</script>",
    "<SCRIPT SRC=//ejemplo.invalid/x.js></SCRIPT>",
    f'<svg onload="{P}"><script>{P}</script></svg>',
    f"<svg><animate onbegin={P} attributeName=x dur=1s>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={P}>",
    f'<iframe src="javascript:{P}"></iframe>',
    f'<iframe srcdoc="<script>parent.{P}</script>"></iframe>',
    f'<object data="javascript:{P}"></object>',
    f'<embed src="data:text/html,<script>{P}</script>">',
    f"<style>@import 'javascript:{P}';</style>",
    f'<p style="background:url(javascript:{P})">estilo</p>',
    f'<base href="javascript:{P}//">\n\n[relativo](/a)',
    f'<form action="javascript:{P}"><button>enviar</button></form>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{P}">',
    f"<details open ontoggle={P}>",
    f'<div onmouseover="{P}">pase el ratón</div>',
    # Mutation and parser-confusion shapes.
    f'<noscript><p title="</noscript><img src=x onerror={P}>">',
    f"<![CDATA[<img src=x onerror={P}>]]>",
    f"<!--<img src=x onerror={P}>-->",
    f"<!-- --!><img src=x onerror={P}>-->",
    f"<textarea><script>{P}</script></textarea>",
    f"<title><img src=x onerror={P}></title>",
    f"<xmp><img src=x onerror={P}></xmp>",
    f"<select><template><style><img src=x onerror={P}>",
    f"`<script>{P}</script>`",
    f"```html\n<script>{P}</script>\n```",
    f"| a |\n|---|\n| <img src=x onerror={P}> |",
]


ESQUEMAS_PERMITIDOS = {"http", "https", "mailto"}


ESQUEMA = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def esquema(url: str) -> str | None:
    """The scheme a browser's URL parser would see (WHATWG): entities decoded, leading
    and trailing controls and spaces stripped, tabs and newlines removed anywhere."""
    limpia = html.unescape(url).strip("".join(map(chr, range(0x21))))
    limpia = re.sub(r"[\t\n\r]", "", limpia).lower()
    encontrado = ESQUEMA.match(limpia)
    return encontrado.group(1) if encontrado else None


class Elementos(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.etiquetas: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.etiquetas.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elementos(fragmento: str) -> list[tuple[str, dict]]:
    lector = Elementos()
    lector.feed(fragmento)
    lector.close()
    return lector.etiquetas


def problemas_del_fragmento(fragmento: str, imagenes=()) -> list[str]:
    """What would be live in sanitized content: any tag or attribute outside the
    allowlist, any event handler or style, any link or image with another scheme."""
    problemas = []
    for tag, attrs in elementos(fragmento):
        if tag not in markdown_seguro.ETIQUETAS:
            problemas.append(f"etiqueta <{tag}>")
        permitidos = markdown_seguro.ATRIBUTOS.get(tag, set()) | ({"rel"} if tag == "a" else set())
        for nombre, valor in attrs.items():
            if nombre not in permitidos or nombre.startswith("on") or nombre == "style":
                problemas.append(f"atributo {nombre} en <{tag}>")
            if nombre in ("href", "src") and valor is not None:
                s = esquema(valor)
                if s is not None and s not in ESQUEMAS_PERMITIDOS:
                    problemas.append(f"{nombre}={valor!r}")
            if tag == "img" and nombre == "src" and valor not in imagenes:
                problemas.append(f"imagen ajena {valor!r}")
    return problemas


def problemas_de_la_pagina(pagina: str) -> list[str]:
    """A whole page: scripts only from the app's static files, no handlers, no bad URLs."""
    problemas = []
    for tag, attrs in elementos(pagina):
        if tag == "script" and not (attrs.get("src") or "").startswith("/static/"):
            problemas.append(f"script {attrs}")
        if tag in ("iframe", "object", "embed", "base", "meta") and attrs.get("http-equiv"):
            problemas.append(f"<{tag}> {attrs}")
        if tag in ("iframe", "object", "embed", "base", "svg", "math"):
            problemas.append(f"<{tag}>")
        for nombre, valor in attrs.items():
            if nombre.startswith("on") or (nombre == "style" and valor):
                problemas.append(f"atributo {nombre} en <{tag}>")
            if nombre in ("href", "src", "action", "formaction", "data") and valor:
                s = esquema(valor)
                if s is not None and s not in ESQUEMAS_PERMITIDOS:
                    problemas.append(f"{nombre}={valor!r}")
    # An inline script has content between its tags.
    for contenido in re.findall(r"<script\b[^>]*>(.*?)</script>", pagina, re.S | re.I):
        if contenido.strip():
            problemas.append(f"script en línea {contenido[:60]!r}")
    return problemas


CAMPOS_MARKDOWN = [e.campo for e in plantilla.ETIQUETAS if e.tipo == plantilla.Tipo.MARKDOWN]


# Vectors hiding control characters never get in: the form refuses them (tests/ataques/test_xss.py).
GUARDABLES = [v for v in VECTORES if not re.search(CONTROLES_RE, v)]


def repartidos() -> dict[str, str]:
    """Every vector the form accepts in some Markdown field, several to a field."""
    campos = {c: [] for c in CAMPOS_MARKDOWN}
    for i, vector in enumerate(GUARDABLES):
        campos[CAMPOS_MARKDOWN[i % len(CAMPOS_MARKDOWN)]].append(vector)
    return {c: "\n\n".join(v) for c, v in campos.items()}


def sin_controles(texto: str) -> str:
    return "".join(c for c in texto if c not in CONTROLES)
