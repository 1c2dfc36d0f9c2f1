"""Rows as Markdown list items: each kind reads back what it writes, and what people write."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from informes import filas, items

# Values a row's columns accept, with what breaks naive writers: backticks,
# parentheses, colons, the example's own words, backslashes, spaces inside.
TEXTO_FILA = (
    st.lists(
        st.sampled_from(list("ab /.:`()\\\t-—=_,;[]\xa0") + ["ejemplo", "e.g.", "(ejemplo: `x`)"]),
        max_size=12,
    )
    .map("".join)
    .map(str.strip)
)


@settings(max_examples=600, deadline=None)
@given(
    ruta=TEXTO_FILA.filter(bool),
    proposito=TEXTO_FILA,
    nombre=st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,10}", fullmatch=True),
    valor=TEXTO_FILA,
)
def test_each_kind_reads_back_exactly_what_it_wrote(ruta, proposito, nombre, valor):
    fila_ruta = {"ruta": ruta, "proposito": proposito}
    assert filas.RUTAS.leer(filas.RUTAS.escribir(fila_ruta)) == fila_ruta
    variable = {"nombre": nombre, "proposito": proposito, "valor_ejemplo": valor}
    assert filas.VARIABLES.leer(filas.VARIABLES.escribir(variable)) == variable


@settings(max_examples=300, deadline=None)
@given(
    nombre=st.from_regex(
        r"[A-Za-z0-9]([A-Za-z0-9._-]{0,8}[A-Za-z0-9])?(\[[a-z,]{1,6}\])?", fullmatch=True
    ),
    version=st.sampled_from(
        ["", "1.0", "2.5rc1", ">=1.0,<2", "==1.4", "~= 1.4", "1.0.*", "1.0a", "1.0 , <2", "!=1.5"]
    ),
)
def test_a_library_reads_back_exactly_as_written(nombre, version):
    fila = {"nombre": nombre, "version": version}
    if filas.BIBLIOTECAS.validar(dict(fila)) is None:
        return  # not a row the form accepts
    assert filas.BIBLIOTECAS.leer(filas.BIBLIOTECAS.escribir(fila)) == fila


@pytest.mark.parametrize(
    ("texto", "fila"),
    [
        ("numpy", {"nombre": "numpy", "version": ""}),
        ("numpy 1.26", {"nombre": "numpy", "version": "1.26"}),
        ("numpy==1.26", {"nombre": "numpy", "version": "1.26"}),
        ("numpy>=1.26", {"nombre": "numpy", "version": ">=1.26"}),
        ("numpy (1.26)", {"nombre": "numpy", "version": "1.26"}),
        ("numpy (>=1.26,<2)", {"nombre": "numpy", "version": ">=1.26,<2"}),
        ("scikit-learn: 1.0", {"nombre": "scikit-learn", "version": "1.0"}),
        ("numpy v1.26", {"nombre": "numpy", "version": "1.26"}),
        ("`xgboost==2.0`", {"nombre": "xgboost", "version": "2.0"}),
        ("uvicorn[standard]>=0.30", {"nombre": "uvicorn[standard]", "version": ">=0.30"}),
        ("¡no es un paquete!", None),
        ("Usamos las de siempre", None),
    ],
)
def test_libraries_are_read_as_people_write_them(texto, fila):
    assert items.leer_biblioteca(texto) == fila


@pytest.mark.parametrize(
    ("texto", "fila"),
    [
        ("`/srv/m.pkl`: Modelo", {"ruta": "/srv/m.pkl", "proposito": "Modelo"}),
        ("/srv/m.pkl", {"ruta": "/srv/m.pkl", "proposito": ""}),
        ("/srv/m.pkl: Modelo", {"ruta": "/srv/m.pkl", "proposito": "Modelo"}),
        ("`C:\\m\\x.pkl` (modelo)", {"ruta": "C:\\m\\x.pkl", "proposito": "modelo"}),
        ("`` a`b ``: con acento", {"ruta": "a`b", "proposito": "con acento"}),
    ],
)
def test_paths_are_read_as_people_write_them(texto, fila):
    assert items.leer_ruta(texto) == fila


@pytest.mark.parametrize(
    ("texto", "fila"),
    [
        ("`MODEL_PATH`: Ruta (ejemplo: `/m.pkl`)", ("MODEL_PATH", "Ruta", "/m.pkl")),
        ("MODEL_PATH - Ruta (e.g. /m.pkl)", ("MODEL_PATH", "Ruta", "/m.pkl")),
        ("MODEL_PATH=/m.pkl", ("MODEL_PATH", "", "/m.pkl")),
        ("`LOG_LEVEL`", ("LOG_LEVEL", "", "")),
        ("1X: no", None),
    ],
)
def test_variables_are_read_as_people_write_them(texto, fila):
    leida = items.leer_variable(texto)
    esperada = fila and dict(zip(("nombre", "proposito", "valor_ejemplo"), fila, strict=True))
    assert leida == esperada


def test_a_purpose_that_looks_like_an_example_stays_a_purpose():
    variable = {"nombre": "A", "proposito": "Ruta (ejemplo: `x`)", "valor_ejemplo": ""}
    escrita = filas.VARIABLES.escribir(variable)
    assert escrita == "`A`: Ruta \\(ejemplo: `x`)"
    assert filas.VARIABLES.leer(escrita) == variable


def test_a_path_with_backticks_and_parentheses_is_written_once_and_read_back():
    fila = {"ruta": "`(x)`", "proposito": "(y)"}
    escrita = filas.RUTAS.escribir(fila)
    assert escrita == "`` `(x)` ``: (y)"
    assert filas.RUTAS.leer(escrita) == fila
