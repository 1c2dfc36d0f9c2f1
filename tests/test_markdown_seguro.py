"""The Markdown users write, rendered as they expect and sanitized: paragraphs, emphasis,
lists, code, tables, links, the report's own images, line breaks, and the few raw HTML
tags kept; everything else inert, nothing silently lost."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from informes import html_crudo
from informes.markdown_seguro import (
    DIRECCIONES_MAXIMO,
    LARGO_MAXIMO,
    PROFUNDIDAD_MAXIMA,
    RELLENO_MAXIMO,
    renderizar,
)
from tests.xss import elementos, problemas_del_fragmento

PROPIA = "/informes/1/diagramas/2/"


def html(texto: str, imagenes=()) -> str:
    return str(renderizar(texto, imagenes))


def plano(texto: str, imagenes=()) -> str:
    """The HTML without line breaks between tags, for comparing whole fragments."""
    return re.sub(r">\n+<", "><", html(texto, imagenes)).strip()


# --- What users write.


def test_empty_text_renders_nothing():
    assert html("") == ""


def test_paragraphs_are_separated_by_blank_lines():
    assert plano("Primero.\n\nSegundo.") == "<p>Primero.</p><p>Segundo.</p>"


def test_a_single_newline_stays_in_the_paragraph_and_two_spaces_or_a_backslash_break_it():
    assert plano("uno\ndos") == "<p>uno\ndos</p>"
    assert plano("uno  \ndos\\\ntres") == "<p>uno<br>\ndos<br>\ntres</p>"


def test_emphasis_strong_and_strikethrough():
    assert plano("*a* _b_ **c** __d__ ~~e~~") == (
        "<p><em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong> <del>e</del></p>"
    )


def test_headings():
    assert plano("# Uno\n\n### Tres") == "<h1>Uno</h1><h3>Tres</h3>"


def test_bullet_lists_nest_by_two_or_four_spaces():
    esperado = "<ul><li>a\n<ul><li>b</li></ul></li></ul>"
    assert plano("- a\n  - b") == esperado
    assert plano("- a\n    - b") == esperado


def test_an_ordered_list_keeps_its_start_number():
    assert plano("3. tres\n4. cuatro") == '<ol start="3"><li>tres</li><li>cuatro</li></ol>'


def test_an_ordered_list_interrupted_by_a_code_block_goes_on_with_its_number():
    texto = "1. Clonar:\n\n```sh\ngit clone x\n```\n\n2. Instalar:\n3. Probar"
    assert plano(texto) == (
        '<ol><li>Clonar:</li></ol><pre><code class="language-sh">git clone x\n</code></pre>'
        '<ol start="2"><li>Instalar:</li><li>Probar</li></ol>'
    )


def test_fenced_code_keeps_its_language_and_its_text_escaped():
    assert plano('```python\nprint("<b>") & 1\n```') == (
        '<pre><code class="language-python">print("&lt;b&gt;") &amp; 1\n</code></pre>'
    )


def test_a_code_language_with_markup_in_it_is_dropped():
    assert plano('```x"onclick="alert(1)\ncodigo\n```') == "<pre><code>codigo\n</code></pre>"


def test_inline_code_is_escaped():
    assert plano("`<script>`") == "<p><code>&lt;script&gt;</code></p>"


def test_indented_code_and_blockquotes():
    assert plano("    sangrado\n\n> cita") == (
        "<pre><code>sangrado\n</code></pre><blockquote><p>cita</p></blockquote>"
    )


def test_tables_with_alignment():
    assert plano("| a | b | c |\n|:--|--:|:-:|\n| 1 | 2 |") == (
        '<table><thead><tr><th align="left">a</th><th align="right">b</th>'
        '<th align="center">c</th></tr></thead><tbody><tr><td align="left">1</td>'
        '<td align="right">2</td><td align="center"></td></tr></tbody></table>'
    )


def test_links_http_https_mailto_and_relative_keep_their_address_and_title():
    rel = 'rel="noopener noreferrer nofollow"'
    assert plano('[a](https://ejemplo.org/x?y=1&z=2 "Título")') == (
        f'<p><a href="https://ejemplo.org/x?y=1&amp;z=2" title="Título" {rel}>a</a></p>'
    )
    assert plano("<http://ejemplo.org> [c](mailto:ana@ejemplo.org) [d](/informes/)") == (
        f'<p><a href="http://ejemplo.org" {rel}>http://ejemplo.org</a> '
        f'<a href="mailto:ana@ejemplo.org" {rel}>c</a> <a href="/informes/" {rel}>d</a></p>'
    )


@pytest.mark.parametrize(
    "enlace",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x", "file:///e"],
)
def test_links_with_any_other_scheme_lose_their_address_but_keep_their_text(enlace):
    assert plano(f"[texto]({enlace})") == '<p><a rel="noopener noreferrer nofollow">texto</a></p>'


def test_reference_links_work():
    assert plano("[a][r]\n\n[r]: https://ejemplo.org") == (
        '<p><a href="https://ejemplo.org" rel="noopener noreferrer nofollow">a</a></p>'
    )


def test_only_the_reports_own_diagrams_keep_their_source():
    assert plano(f"![Figura]({PROPIA}) ![otra](/media/x.png)", [PROPIA]) == (
        f'<p><img src="{PROPIA}" alt="Figura"> <img alt="otra"></p>'
    )
    assert plano(f"![Figura]({PROPIA})") == '<p><img alt="Figura"></p>'


# --- Raw HTML.


def test_a_few_inline_tags_are_kept_bare():
    assert plano('H<sub>2</sub>O, m<sup>2</sup>, <b class="x">b</b> <i>i</i>, a<br/>b') == (
        "<p>H<sub>2</sub>O, m<sup>2</sup>, <b>b</b> <i>i</i>, a<br>b</p>"
    )
    assert plano("| a |\n|---|\n| uno<br>dos |") == (
        "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>uno<br>dos</td></tr></tbody>"
        "</table>"
    )
    assert plano("<s>tachado</s> <strong>x</strong> <em>y</em> <code>z</code>") == (
        "<p><del>tachado</del> <strong>x</strong> <em>y</em> <code>z</code></p>"
    )


def test_other_tags_are_dropped_and_their_text_kept():
    assert plano('<span style="color:red">rojo</span> <a href="https://x.org">x</a>') == (
        "<p>rojo x</p>"
    )
    bloque = html("<div>\n<p>bloque</p><table><tr><td>celda</td></tr></table>\n</div>")
    assert bloque.split() == ["bloque", "celda"]  # a dropped block still parts the words
    assert plano('<img src="x" onerror="alert(1)">') == ""


def test_scripts_styles_and_comments_vanish_with_their_content():
    assert plano("a <script>alert(1)</script> b <style>p{}</style> c <!-- nota --> d") == (
        "<p>a  b  c  d</p>"
    )
    assert plano("<script>\nalert(1)\n</script>\n\n<!-- nota\n\nlarga -->\n\nfin") == "<p>fin</p>"


def test_a_raw_tag_left_open_closes_with_its_paragraph_and_a_stray_close_is_dropped():
    assert plano("a <b>negrita\n\notro</b> párrafo") == "<p>a <b>negrita</b></p><p>otro párrafo</p>"
    assert plano("*a <b>b* c</b>") == "<p><em>a <b>b</b></em> c</p>"
    assert plano("<b>\nbloque\n") == "<b>\nbloque\n</b>"


def test_text_around_raw_html_is_escaped():
    assert plano("1 < 2 > 0 & <3 <b>&lt;i&gt;</b>") == (
        "<p>1 &lt; 2 &gt; 0 &amp; &lt;3 <b>&lt;i&gt;</b></p>"
    )


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.lists(st.sampled_from([*"<>/='\"!- bisubcrptdv", "<b>", "</b>", "<!--", "-->"])).map("".join)
)
def test_tamed_raw_html_holds_only_balanced_allowed_bare_tags(fragmento):
    domado = html_crudo.fragmento_domado(fragmento)
    abiertas = []
    for barra, nombre, resto in re.findall(r"<(/?)([a-z]+)([^>]*)>", domado):
        assert nombre in html_crudo.CRUDAS - {"s"} and resto == ""
        if barra:
            assert abiertas.pop() == nombre
        elif nombre not in html_crudo.VACIAS:
            abiertas.append(nombre)
    assert abiertas == []
    assert "<" not in re.sub(r"</?[a-z]+>", "", domado)


# --- Bounds: nothing silently lost, nothing expanded without limit.


@pytest.mark.parametrize("profundidad", range(1, 31))
def test_text_nested_deeper_than_the_parser_goes_is_shown_not_lost(profundidad):
    for marca in ("> ", "- ", "1. "):
        resultado = html(marca * profundidad + "hola")
        assert "hola" in resultado
        assert problemas_del_fragmento(resultado) == []
    if profundidad >= PROFUNDIDAD_MAXIMA:
        assert html("> " * profundidad + "hola").startswith("<pre>")


def test_a_table_whose_padding_passes_the_budget_ends_and_its_rows_become_text():
    columnas = 100
    filas = RELLENO_MAXIMO // (columnas - 1) + 5
    texto = (
        "|a" * columnas
        + "\n"
        + "|-" * columnas
        + "\n"
        + "".join(f"fila{i}\n" for i in range(filas))
    )
    resultado = html(texto)
    assert resultado.count("<tr>") == RELLENO_MAXIMO // (columnas - 1) + 1  # header included
    assert all(f"fila{i}" in resultado for i in range(filas))


def test_tables_with_every_cell_written_are_not_cut():
    texto = "|a|b|\n|-|-|\n" + "|1|2|\n" * 3000
    assert html(texto).count("<tr>") == 3001


def test_links_past_the_address_budget_become_text():
    url = "https://ejemplo.org/" + "x" * 1000
    usos = DIRECCIONES_MAXIMO // len(url) + 10
    resultado = html(f"[a]: {url}\n\n" + "[a] " * usos)
    assert resultado.count(f'href="{url}"') == DIRECCIONES_MAXIMO // len(url)
    assert len(resultado) < 2 * DIRECCIONES_MAXIMO
    assert [t for t, _ in elementos(resultado)].count("a") == usos


def test_text_past_the_longest_field_is_cut():
    assert html("a" * LARGO_MAXIMO + "FIN") == "<p>" + "a" * LARGO_MAXIMO + "</p>\n"
