"""The Markdown dialect's line readers: what each reads, and that each reads as the patterns did.

The readers replaced regular expressions that went cubic on long lines. Each is
checked against the pattern it replaced (kept here as the reference) on short
generated lines, where the old patterns are fast.
"""

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from informes import dialecto

# The patterns the readers replaced, as the importer had them.
ENCABEZADO = re.compile(r"^[ ]{0,3}(#{1,6})[ \t]+(?P<texto>.*?)[ \t]*#*[ \t]*$")
ETIQUETA = re.compile(
    r"^(?P<sangria>[ \t]*)(?:[-*+][ \t]+)?\*\*(?P<texto>[^*\n]+?)(?P<dentro>:)?\*\*"
    r"(?(dentro)|[ \t]*:?)[ \t]*(?P<resto>.*)$"
)
ETIQUETA_DESCONOCIDA = re.compile(r"^[ \t]*[-*+][ \t]+\*\*[^*\n]+?(:\*\*|\*\*[ \t]*:)")
NUMERACION = re.compile(r"^\s*(?:\d+|[ivxlc]+)\s*[.)\-:]?\s+")
IMAGEN = re.compile(r"^\s*!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)[^)]*\)\s*$")
ITEM = re.compile(r"^[ \t]*[-*+][ \t]+(?P<texto>.*)$")
# An emphasis that opens the reason closes it: "_No aplica: x_" (not "No aplica: x_").
NO_APLICA = re.compile(r"^(?P<e>[_*])?No aplica\s*:?\s*(?P<motivo>.*?)(?(e)(?P=e)?)$", re.I | re.S)


def lineas(alfabeto: str, maximo: int = 24):
    return st.text(alphabet=alfabeto, max_size=maximo)


ALFABETO_ENCABEZADO = "# \tax1"
ALFABETO_ETIQUETA = "-*+ \t:ab"
ALFABETO_IMAGEN = "![]() \tab\"'"
ALFABETO_NUMERO = "1 2\t.)-:ivxlcab"
ALFABETO_NO_APLICA = "No aplicaNO APLICA :_*\tx"


@settings(max_examples=400)
@given(lineas(ALFABETO_ENCABEZADO) | st.builds(lambda a: "# " + a, lineas(ALFABETO_ENCABEZADO)))
def test_encabezado_reads_headings_as_the_pattern_did(linea):
    m = ENCABEZADO.match(linea)
    assert dialecto.encabezado(linea) == (m["texto"] if m else None)


@settings(max_examples=600)
@given(
    lineas(ALFABETO_ETIQUETA)
    | st.builds(lambda a, b: f"- **{a}**{b}", lineas("ab: *", 6), lineas(ALFABETO_ETIQUETA, 8))
    | st.builds(lambda a, b: f"**{a}{b}", lineas("ab: ", 6), lineas(ALFABETO_ETIQUETA, 8))
)
def test_etiqueta_takes_bold_labels_apart_as_the_patterns_did(linea):
    m = ETIQUETA.match(linea)
    leida = dialecto.etiqueta(linea)
    if m is None:
        assert leida is None
        return
    assert (leida.sangria, leida.texto, leida.resto) == (m["sangria"], m["texto"], m["resto"])
    assert (leida.vineta and leida.dos_puntos) == bool(ETIQUETA_DESCONOCIDA.match(linea))


@settings(max_examples=400)
@given(lineas(ALFABETO_IMAGEN) | st.builds(lambda a: "![" + a, lineas(ALFABETO_IMAGEN)))
def test_imagen_reads_image_lines_as_the_pattern_did(linea):
    m = IMAGEN.match(linea)
    assert dialecto.imagen(linea) == ((m["alt"], m["src"]) if m else None)


@settings(max_examples=400)
@given(lineas(ALFABETO_ETIQUETA + "x"))
def test_item_reads_bullets_as_the_pattern_did(linea):
    m = ITEM.match(linea)
    assert dialecto.item(linea) == (m["texto"] if m else None)


@settings(max_examples=400)
@given(lineas(ALFABETO_NUMERO))
def test_sin_numeracion_drops_numbers_as_the_pattern_did(texto):
    assert dialecto.sin_numeracion(texto) == NUMERACION.sub("", texto, count=1)


@settings(max_examples=400)
@given(lineas(ALFABETO_NO_APLICA, 30))
def test_motivo_no_aplica_reads_reasons_as_the_pattern_did(texto):
    m = NO_APLICA.match(texto)
    assert dialecto.motivo_no_aplica(texto) == (m["motivo"] if m else None)


@pytest.mark.parametrize(
    ("linea", "texto"),
    [
        ("## 3. Requisitos Técnicos", "3. Requisitos Técnicos"),
        ("   # Título ##  ", "Título"),
        ("#Título", None),
        ("    # Código", None),
        ("####### Siete", None),
    ],
)
def test_encabezado_examples(linea, texto):
    assert dialecto.encabezado(linea) == texto


@pytest.mark.parametrize(
    ("linea", "partes"),
    [
        ("- **Nombre del Modelo:** Clasificador", ("", "Nombre del Modelo", "Clasificador")),
        ("  - **Python**: 3.11", ("  ", "Python", "3.11")),
        ("**Bibliotecas:**", ("", "Bibliotecas", "")),
        ("- **A:**: x", ("", "A", ": x")),
    ],
)
def test_etiqueta_examples(linea, partes):
    leida = dialecto.etiqueta(linea)
    assert (leida.sangria, leida.texto, leida.resto) == partes


@pytest.mark.parametrize("linea", ["- texto", "**sin cierre", "- * *x**", "plain"])
def test_etiqueta_refuses_other_lines(linea):
    assert dialecto.etiqueta(linea) is None or linea == "- texto"


def test_imagen_examples():
    assert dialecto.imagen('![Flujo](diagramas/d-1.png "t")') == ("Flujo", "diagramas/d-1.png")
    assert dialecto.imagen("![a](b) texto") is None


def test_motivo_no_aplica_examples():
    assert dialecto.motivo_no_aplica("No aplica: sin GPU") == "sin GPU"
    assert dialecto.motivo_no_aplica("_No aplica: sin GPU_") == "sin GPU"
    assert dialecto.motivo_no_aplica("No aplica: a\nb") is None
    assert dialecto.motivo_no_aplica("Aplica") is None


def test_normalizar_ignores_case_accents_numbering_bold_and_colons():
    assert dialecto.normalizar("**3. Requisitos Técnicos:**") == "requisitos tecnicos"
    assert dialecto.normalizar("iv - Etapas de Liberación") == "etapas de liberacion"


def test_escaping_adds_and_removes_exactly_one_backslash_outside_code():
    texto = "# Título\n**Python:** 3\n```\n# código\n```"
    escapado = dialecto.escapar(texto)
    assert escapado.splitlines()[:2] == ["\\# Título", "\\**Python:** 3"]
    assert "# código" in escapado.splitlines()
    assert [dialecto.desescapar_linea(x) for x in escapado.splitlines()[:2]] == [
        "# Título",
        "**Python:** 3",
    ]


def test_an_underline_after_text_is_escaped_and_read_back():
    texto = "Título\n===\n\nOtro\n  ---\n\n---\n\n```\nx\n---\n```"
    escapado = dialecto.escapar(texto)
    assert escapado.splitlines() == [
        "Título", "\\===", "", "Otro", "  \\---", "", "---", "", "```", "x", "---", "```"
    ]  # fmt: skip
    lineas = escapado.splitlines()
    anteriores = ["", *lineas[:-1]]
    codigo = [c for _, c in dialecto.en_cerco(lineas)]
    leidas = [
        linea if en_codigo else dialecto.desescapar_linea(linea, anterior)
        for linea, anterior, en_codigo in zip(lineas, anteriores, codigo, strict=True)
    ]
    assert "\n".join(leidas) == texto


@pytest.mark.parametrize(
    "valor",
    ["No aplica: x", "no aplicable", "_No aplica_", "_(Pendiente)_ hoy", "[x]", "\\[x]",
     "_Ejemplo:_ x", "\\\\No aplica"],
)  # fmt: skip
def test_a_value_read_as_a_marker_gets_one_backslash_the_import_removes(valor):
    escapado = dialecto.escapar_marcador(valor)
    assert escapado == "\\" + valor
    assert dialecto.es_literal(escapado) and escapado[1:] == valor


@pytest.mark.parametrize("valor", ["Aplica", "\\x", "Texto [nota]", "\\"])
def test_other_values_are_written_as_they_are(valor):
    assert dialecto.escapar_marcador(valor) == valor
    assert not dialecto.es_literal(valor)


@pytest.mark.parametrize(
    ("guardado", "canonico"),
    [
        ("  a\r\nb  \r\n", "a\nb"),
        ("a  \nb", "a  \nb"),  # a hard break stays
        ("a\xa0b", "a\xa0b"),
        ("```sh\nx", "```sh\nx\n```"),
        ("~~~~\nx\n~~~", "~~~~\nx\n~~~\n~~~~"),
        ("a\rb", "a\nb"),
    ],
)
def test_a_markdown_value_is_stored_as_the_export_writes_it(guardado, canonico):
    assert dialecto.canonico_markdown(guardado) == canonico
    assert dialecto.canonico_markdown(canonico) == canonico


def _importados(modulo) -> set[str]:
    """The modules ``modulo`` imports, anywhere in its source, resolved to absolute names."""
    arbol = ast.parse(Path(modulo.__file__).read_text(encoding="utf-8"))
    paquete = modulo.__name__.rsplit(".", 1)[0].split(".")
    nombres = set()
    for nodo in ast.walk(arbol):
        if isinstance(nodo, ast.ImportFrom):
            base = paquete[: len(paquete) - nodo.level + 1] if nodo.level else []
            raiz = ".".join([*base, *([nodo.module] if nodo.module else [])])
            nombres |= {raiz, *(f"{raiz}.{a.name}" for a in nodo.names)}
        elif isinstance(nodo, ast.Import):
            nombres |= {a.name for a in nodo.names}
    return nombres


def test_the_exporter_and_the_importer_share_the_dialect_and_not_each_other():
    from informes.exporters import markdown
    from informes.importer import lector, valores

    assert markdown.PENDIENTE is dialecto.PENDIENTE is valores.PENDIENTE
    assert markdown.MARCA_SIN_CLASIFICAR is dialecto.MARCA_SIN_CLASIFICAR
    assert lector.MARCA_SIN_CLASIFICAR is dialecto.MARCA_SIN_CLASIFICAR
    assert "informes.dialecto" in _importados(markdown) & _importados(lector)
    for modulo in (lector, valores):
        assert not any(n.startswith("informes.exporters") for n in _importados(modulo))
    assert not any(n.startswith("informes.importer") for n in _importados(markdown))
