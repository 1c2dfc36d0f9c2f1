"""Hostile Markdown: a corpus of known XSS vectors, rendered by ``markdown_seguro``,
saved through the real form, shown on the detail page and in the preview,
imported from a Markdown file and printed in the PDF. None may come out live.

The browser half (``tests/browser/test_xss.py``) opens the same pages in Chromium.
Every vector that could run sets ``window.__xss`` and calls ``alert``.
"""

import html
import io
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from informes import markdown_seguro, plantilla
from informes.exporters import markdown as exportar_markdown
from informes.exporters import pdf
from informes.importer.formulario import CONTROLES
from informes.models import Informe
from informes.models.informe import CONTROLES_RE
from tests.factories import InformeFactory
from tests.views.test_edicion import datos_formulario

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


def test_the_corpus_holds_at_least_25_vectors():
    assert len(set(VECTORES)) == len(VECTORES) >= 25


def test_the_checker_catches_what_it_must():
    """The checks are not blind: unsanitized vectors fail them."""
    assert problemas_del_fragmento(f'<a href="java&#9;script:{P}">x</a>')
    assert problemas_del_fragmento(f"<img src=x onerror={P}>")
    assert problemas_de_la_pagina(f"<p>x</p><script>{P}</script>")
    assert problemas_de_la_pagina('<a href="&#x6A;avascript:alert(1)">x</a>')
    assert not problemas_de_la_pagina('<script src="/static/informes/js/formulario.js"></script>')


@pytest.mark.parametrize("vector", VECTORES)
def test_renderizar_leaves_nothing_live(vector):
    assert problemas_del_fragmento(str(markdown_seguro.renderizar(vector))) == []


def test_renderizar_keeps_only_the_reports_own_images():
    propia = "/informes/1/diagramas/2/"
    html_ = str(markdown_seguro.renderizar(f"![a]({propia}) ![b](/otra.png)", [propia]))
    assert f'src="{propia}"' in html_ and "/otra.png" not in html_
    assert problemas_del_fragmento(html_, [propia]) == []


# --- Through the app.

CAMPOS_MARKDOWN = [e.campo for e in plantilla.ETIQUETAS if e.tipo == plantilla.Tipo.MARKDOWN]


# Vectors hiding control characters never get in: the form refuses them (tested below).
GUARDABLES = [v for v in VECTORES if not re.search(CONTROLES_RE, v)]


def repartidos() -> dict[str, str]:
    """Every vector the form accepts in some Markdown field, several to a field."""
    campos = {c: [] for c in CAMPOS_MARKDOWN}
    for i, vector in enumerate(GUARDABLES):
        campos[CAMPOS_MARKDOWN[i % len(CAMPOS_MARKDOWN)]].append(vector)
    return {c: "\n\n".join(v) for c, v in campos.items()}


@pytest.fixture
def hostil(client, media_temporal):
    """A draft whose Markdown fields hold the whole corpus, saved through the form,
    with hostile text in one-line and row fields too."""
    informe = InformeFactory()
    client.force_login(informe.autor)
    datos = datos_formulario(
        informe,
        **repartidos(),
        nombre_modelo=f"<script>{P}</script>",
        plataforma_despliegue=f'"><img src=x onerror={P}>',
        **{"rutas-0-proposito": f"<svg onload={P}>"},
    )
    respuesta = client.post(reverse("informes:editar", args=[informe.pk]), datos)
    assert respuesta.status_code == 302
    informe.refresh_from_db()
    assert informe.nombre_modelo == f"<script>{P}</script>"  # stored as typed
    return informe


@pytest.mark.django_db
def test_vectors_hiding_control_characters_are_refused_by_the_form(client):
    ocultos = [v for v in VECTORES if v not in GUARDABLES]
    assert ocultos, "the corpus should keep at least one such vector"
    informe = InformeFactory()
    client.force_login(informe.autor)
    for vector in ocultos:
        datos = datos_formulario(informe, descripcion_modelo=vector)
        respuesta = client.post(reverse("informes:editar", args=[informe.pk]), datos)
        assert respuesta.status_code == 400
    assert Informe.objects.get(pk=informe.pk).contador_cambios == informe.contador_cambios


@pytest.mark.django_db
def test_the_detail_page_shows_every_vector_inert(client, hostil):
    pagina = client.get(reverse("informes:detalle", args=[hostil.pk])).content.decode()
    assert problemas_de_la_pagina(pagina) == []
    assert "&lt;script&gt;" in pagina  # the one-line field is shown as text


@pytest.mark.django_db
def test_the_edit_page_and_its_whole_report_preview_show_every_vector_inert(client, hostil):
    url = reverse("informes:editar", args=[hostil.pk])
    assert problemas_de_la_pagina(client.get(url).content.decode()) == []
    datos = datos_formulario(hostil, accion="vista_previa")
    vista = client.post(url, datos)
    assert vista.status_code == 200
    assert problemas_de_la_pagina(vista.content.decode()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("vector", VECTORES)
def test_the_markdown_preview_endpoint_returns_every_vector_inert(client, hostil, vector):
    url = reverse("informes:vista_previa_markdown_informe", args=[hostil.pk])
    respuesta = client.post(url, {"texto": vector})
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"].startswith("application/json")
    assert problemas_del_fragmento(respuesta.json()["html"]) == []


def sin_controles(texto: str) -> str:
    return "".join(c for c in texto if c not in CONTROLES)


@pytest.mark.django_db
def test_an_imported_markdown_file_with_every_vector_is_shown_inert(client, hostil):
    # The importer refuses control characters (as binary); the form keeps them.
    texto = sin_controles(exportar_markdown.exportar(hostil))
    archivo = SimpleUploadedFile("hostil.md", texto.encode(), content_type="text/markdown")
    respuesta = client.post(reverse("informes:importar"), {"archivo": archivo})
    assert respuesta.status_code == 302
    nuevo = Informe.objects.exclude(pk=hostil.pk).get()
    for campo in CAMPOS_MARKDOWN:
        assert getattr(nuevo, campo) == sin_controles(getattr(hostil, campo))
    resumen = client.get(respuesta.url).content.decode()
    assert problemas_de_la_pagina(resumen) == []
    pagina = client.get(reverse("informes:detalle", args=[nuevo.pk])).content.decode()
    assert problemas_de_la_pagina(pagina) == []


def enlaces_del_pdf(datos: bytes) -> list[str]:
    enlaces = []
    for pagina in PdfReader(io.BytesIO(datos)).pages:
        for anotacion in pagina.get("/Annots") or []:
            accion = anotacion.get_object().get("/A")
            if accion is not None:
                accion = accion.get_object()
                enlaces.append(str(accion.get("/URI", accion.get("/S"))))
    return enlaces


@pytest.mark.django_db
def test_no_vector_becomes_a_live_link_or_script_in_the_pdf(hostil):
    datos = pdf.exportar(hostil)
    enlaces = enlaces_del_pdf(datos)
    malos = [e for e in enlaces if esquema(e) not in (None, *ESQUEMAS_PERMITIDOS)]
    assert malos == []
    assert b"/JavaScript" not in datos and b"/JS " not in datos and b"/Launch" not in datos


@pytest.mark.django_db
def test_the_pdf_link_check_sees_links(media_temporal):
    """A report with an ordinary link has it as an annotation (the check is not blind)."""
    informe = InformeFactory(descripcion_modelo="[sitio](https://ejemplo.org/a)")
    assert "https://ejemplo.org/a" in enlaces_del_pdf(pdf.exportar(informe))
