"""auditoria.huellas: the base token a form page carries, compact and read defensively."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from informes import limites, plantilla
from informes.auditoria import Base, contenido, token_de
from informes.auditoria.huellas import normalizado
from tests.factories import InformeFactory


def grande(filas_por_lista: int, diagramas: int) -> dict:
    return {
        "campos": dict.fromkeys(plantilla.CAMPOS_SIMPLES, "x" * 20_000),
        "no_aplica": {e.campo: "Motivo" for e in plantilla.ETIQUETAS},
        "filas": {
            "bibliotecas": [{"nombre": f"p{i}", "version": "1.0"} for i in range(filas_por_lista)],
            "rutas": [{"ruta": f"/r/{i}", "proposito": "p"} for i in range(filas_por_lista)],
            "variables_entorno": [
                {"nombre": f"V{i}", "proposito": "p", "valor_ejemplo": "v"}
                for i in range(filas_por_lista)
            ],
            "diagramas": [{"pk": i, "titulo": "t", "leyenda": ""} for i in range(diagramas)],
        },
    }


def test_the_token_of_600_rows_is_about_ten_kilobytes_whatever_the_texts():
    token = token_de(grande(200, 20))
    assert len(token) < 11_000
    assert Base.leer(token) == Base.de(grande(200, 20))


def test_the_largest_report_the_form_reads_fits_the_budget():
    token = token_de(grande(limites.FILAS_LEIDAS, limites.DIAGRAMAS_LEIDOS))
    assert len(token) == limites.LARGO_BASE


@pytest.mark.parametrize(
    "token",
    ["", "1", "2." + "A" * 10, "1.a.b.c.d.e.f", "x" * (limites.LARGO_BASE + 1),
     token_de(grande(1, 1)).replace("A", "*", 1) + "=", token_de(grande(1, 1))[:-3]],
)  # fmt: skip
def test_anything_that_is_not_a_token_reads_as_no_base(token):
    assert Base.leer(token) is None


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_arbitrary_text_never_breaks_the_reader(texto):
    base = Base.leer(texto)
    assert base is None or Base.leer(base.token()) == base


@pytest.mark.django_db
def test_a_reports_base_is_read_from_what_the_form_shows():
    informe = InformeFactory()
    leido = contenido(informe)
    assert Base.de(leido) == Base.de(normalizado(leido))
    otra = Base.de({**leido, "campos": {**leido["campos"], "nombre_modelo": "Otro"}})
    assert otra.campos["nombre_modelo"] != Base.de(leido).campos["nombre_modelo"]
    assert otra.filas == Base.de(leido).filas
