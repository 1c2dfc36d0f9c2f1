"""Hostile Markdown: every shape known to make a Markdown or HTML parser superlinear,
at the largest size a field takes, must render within a CPU budget, in time linear
in its size, into HTML linear in its size, and inert.

``FORMAS`` is the table of shapes (``bench/adversarial.py`` measures the same table);
Hypothesis adds shapes of its own: short motifs of Markdown's special characters
repeated up to a full field, which is how every superlinear case found so far looks.
"""

from collections.abc import Callable

import nh3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from informes import limites, presentacion
from informes.markdown_seguro import ETIQUETAS, LARGO_MAXIMO, renderizar
from informes.models import Informe
from informes.models.informe import LARGO_MARKDOWN
from tests.cpu import cpu, crece_linealmente, crecimiento, lineal, repetido
from tests.xss import problemas_del_fragmento

# CPU seconds for one field of 20,000 characters, whatever it holds. The slowest
# shapes take about 0.2 s on the 2 shared cores this was measured on; other work
# on those cores inflates CPU time (0.5 s was seen at a load of 7), hence the margin.
PRESUPUESTO_CAMPO = 1.5
# CPU seconds for every Markdown field of a report at once, each 20,000 characters
# (about 4 s measured): far below the PDF deadline and the worker timeout.
PRESUPUESTO_INFORME = 15
assert PRESUPUESTO_INFORME < limites.TIEMPO_PDF
# Characters of sanitized HTML per character of Markdown, at most (``&lt;`` is 4 for 1;
# ``[](x)`` becomes a link with its ``rel``, 11 for 1).
EXPANSION_MAXIMA = 12


def anidado(apertura: str, centro: str, cierre: str) -> Callable[[int], str]:
    """``apertura`` repeated, ``centro``, then as many ``cierre``: n characters at most."""

    def forma(n: int) -> str:
        veces = (n - len(centro)) // (len(apertura) + len(cierre))
        return apertura * veces + centro + cierre * veces

    return forma


def por_lineas(linea: Callable[[int], str]) -> Callable[[int], str]:
    """Lines ``linea(0)``, ``linea(1)``, ... up to n characters."""

    def forma(n: int) -> str:
        partes, largo, i = [], 0, 0
        while largo < n:
            partes.append(linea(i))
            largo += len(partes[-1])
            i += 1
        return "".join(partes)[:n]

    return forma


def tablas(columnas: int, filas: str) -> Callable[[int], str]:
    """Tables of ``columnas`` columns whose rows are ``filas``, one after another."""
    cabecera = "|a" * columnas + "\n" + "|-" * columnas + "\n"
    return repetido(cabecera + filas * columnas + "\n")


def referencias(definicion: Callable[[int], str], uso: str) -> Callable[[int], str]:
    """One definition as long as half the field, then uses of it."""
    return lambda n: (definicion(n // 2) + "\n\n" + uso * n)[:n]


FORMAS: dict[str, Callable[[int], str]] = {
    # Brackets, links and images: Python-Markdown was quadratic on each.
    "[": repetido("["),
    "![": repetido("!["),
    "[a](": repetido("[a]("),
    "[](": repetido("[]("),
    "![](": repetido("![]("),
    "[a][": repetido("[a]["),
    "[a]": repetido("[a]"),
    "](": repetido("]("),
    "[*": repetido("[*"),
    "*[": repetido("*["),
    "[`": repetido("[`"),
    "`[": repetido("`["),
    "[<": repetido("[<"),
    "[a](<": repetido("[a](<"),
    "[a](b '": repetido("[a](b '"),
    "[![ anidados": anidado("[![", "a", "](b)"),
    "*[a*](b)": repetido("*[a*](b)"),
    # Emphasis and strikethrough: delimiter runs.
    "*": repetido("*"),
    "*a": repetido("*a"),
    "a*": repetido("a*"),
    "**a": repetido("**a"),
    "_a": repetido("_a"),
    "a_": repetido("a_"),
    "*_": repetido("*_"),
    "***a": repetido("***a"),
    "**_": repetido("**_"),
    "_*a": repetido("_*a"),
    "* anidados": anidado("*", "a", "*"),
    "** anidados": anidado("**", "a", "**"),
    "~~a": repetido("~~a"),
    "~": repetido("~"),
    # Code spans: runs of backticks of every length.
    "`": repetido("`"),
    "`a": repetido("`a"),
    "``` de largo creciente": por_lineas(lambda i: "`" * (i % 300 + 1) + "a"),
    # Raw HTML and autolinks.
    "<": repetido("<"),
    "<a": repetido("<a"),
    "<a ": repetido("<a "),
    "<a href='": repetido("<a href='"),
    '<a x="<a': repetido('<a x="<a'),
    "</": repetido("</"),
    "<!--": repetido("<!--"),
    "<![CDATA[": repetido("<![CDATA["),
    "<?": repetido("<?"),
    "<!X": repetido("<!X"),
    "<http://": repetido("<http://"),
    "<b title=N> y párrafos": lambda n: (
        "".join(f"<b title={i}>" for i in range(n // 30)) + "\n\nx" * n
    )[:n],
    "<b> sin cerrar": repetido("<b>x\n\n"),
    "<span> anidados y </x>": anidado("<span>", "", "</x>"),
    "<div> anidados": repetido("<div>"),
    "<script> sin cerrar": repetido("<script>x"),
    "<table><tr> y <b title=N>": lambda n: (
        "<table><tr>" + "".join(f"<b title={i}>x" for i in range(n // 14))
    )[:n],
    "bloque HTML con <b title=N>": lambda n: (
        "<div>\n" + "".join(f"<b title={i}>\n<p>x</p>\n" for i in range(n // 20))
    )[:n],
    "<div>\\n": repetido("<div>\n"),
    # Blocks: lists, quotes, headings, fences.
    "- ": repetido("- "),
    "1. ": repetido("1. "),
    "> ": repetido("> "),
    ">": repetido(">"),
    "> - ": repetido("> - "),
    "-\\t": repetido("-\t"),
    "listas anidadas por líneas": por_lineas(lambda i: "  " * i + "- a\n"),
    "ordenadas anidadas por líneas": por_lineas(lambda i: "   " * i + "1. a\n"),
    "citas anidadas por líneas": por_lineas(lambda i: ">" * i + " a\n"),
    "#": repetido("#"),
    "setext": repetido("a\n=\n"),
    "```\\n": repetido("```\n"),
    "~~~\\n": repetido("~~~\n"),
    # Tables: padding short rows, many columns, many rows.
    "tabla ancha de filas cortas": tablas(256, "x\n"),
    "tablas de 16 columnas y filas cortas": tablas(16, "x\n"),
    "tabla de celdas vacías": tablas(64, "|" * 65 + "\n"),
    "tabla de muchas filas": lambda n: ("|a|b|\n|-|-|\n" + "|c|d|\n" * n)[:n],
    "tabla de muchas columnas": lambda n: "|a" * (n // 6) + "\n" + "|-" * (n // 6) + "\n",
    # References: many definitions, or one long definition used everywhere.
    "definiciones": repetido("[a]: b\n"),
    "referencia de URL larga": referencias(lambda n: "[a]: http://x/" + "b" * n, "[a]"),
    "referencia de título largo": referencias(lambda n: "[a]: /x '" + "t" * n + "'", "![a]"),
    # Entities, escapes, whitespace, line breaks.
    "&": repetido("&"),
    "&#": repetido("&#"),
    "\\[": repetido("\\["),
    "\\n": repetido("\n"),
    "espacios": repetido(" "),
    "\\t": repetido("\t"),
    "saltos duros": repetido("a  \n"),
    "líneas": repetido("a\n"),
    # Internationalised domain names are re-encoded in links.
    "enlace IDN": lambda n: ("[a](http://" + "".join(chr(0x4E00 + i) for i in range(n)))[:n],
    "autoenlace IDN": lambda n: ("<http://" + "éb" * n)[:n],
}

# The slowest shapes, as measured (bench/README.md): a report of them is the worst report.
PEORES = [
    "![](", "*[", "[*", "tabla de celdas vacías", "![", "tablas de 16 columnas y filas cortas",
    "tabla de muchas filas", "[<",
]  # fmt: skip


def test_a_field_holds_at_most_what_the_renderer_takes():
    assert LARGO_MARKDOWN == LARGO_MAXIMO == 20_000
    assert all(len(forma(LARGO_MAXIMO)) <= LARGO_MAXIMO for forma in FORMAS.values())


@pytest.mark.parametrize("nombre", list(FORMAS))
def test_each_shape_renders_a_full_field_within_budget_linearly_and_inert(nombre):
    forma = FORMAS[nombre]
    es_lineal, cifras = crece_linealmente(renderizar, forma, LARGO_MAXIMO)
    assert es_lineal, cifras
    texto = forma(LARGO_MAXIMO)
    resultado = []
    gastado = cpu(lambda: resultado.append(str(renderizar(texto))))
    assert gastado <= PRESUPUESTO_CAMPO, f"{gastado:.3f} s de CPU"
    assert len(resultado[0]) <= EXPANSION_MAXIMA * len(texto) + 1000
    assert problemas_del_fragmento(resultado[0]) == []


def test_the_linearity_check_catches_a_quadratic_parser():
    """The check is not blind: nh3 alone, given raw HTML as written, is quadratic on
    unclosed tags whose attributes differ (the reason raw HTML is tamed first)."""

    def crudo(n: int) -> str:
        return "".join(f"<b title={i}>" for i in range(n // 24)) + "<p>x</p>" * (n // 16)

    def limpiar(texto: str) -> str:
        return nh3.clean(texto, tags=ETIQUETAS)

    assert not lineal(*crecimiento(limpiar, crudo, 4 * LARGO_MAXIMO))
    assert crece_linealmente(limpiar, repetido("<b>x</b><p>y</p>"), 4 * LARGO_MAXIMO)[0]


# Markdown's special characters and the pieces of every construct above.
PIEZAS = [
    "[", "]", "(", ")", "!", "*", "_", "`", "~", "<", ">", "/", "-", "|", "#", "\\",
    "&", ":", "\"", "'", "=", " ", "\t", "\n", "\n\n", "a", "1.", "- ", "> ", "```",
    "http://", "é", "<b>", "</b>", "<b title=", "<!--", "-->", "[a]: ", "|-", "&#1;",
]  # fmt: skip


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(motivo=st.lists(st.sampled_from(PIEZAS), min_size=1, max_size=6).map("".join))
def test_any_short_motif_repeated_to_a_full_field_renders_within_budget(motivo):
    texto = repetido(motivo)(LARGO_MAXIMO)
    resultado = []
    gastado = cpu(lambda: resultado.append(str(renderizar(texto))))
    assert gastado <= PRESUPUESTO_CAMPO, f"{motivo!r}: {gastado:.3f} s de CPU"
    assert len(resultado[0]) <= EXPANSION_MAXIMA * len(texto) + 1000
    assert problemas_del_fragmento(resultado[0]) == []


@pytest.mark.django_db
def test_a_whole_report_of_the_worst_shapes_renders_within_budget():
    """Every Markdown field of one report (20 of its 29 labels; the others are lines
    and rows) holds 20,000 characters of a slowest shape, rendered as the detail
    page and the PDF do, the cache missed."""
    campos = presentacion.CAMPOS_MARKDOWN
    informe = Informe(
        **{c: FORMAS[PEORES[i % len(PEORES)]](LARGO_MAXIMO) for i, c in enumerate(campos)}
    )
    html = {}
    gastado = cpu(lambda: html.update(presentacion.markdown_renderizado(informe, [])))
    assert set(html) == set(campos) and all(html.values())
    assert gastado <= PRESUPUESTO_INFORME, f"{gastado:.2f} s de CPU"
