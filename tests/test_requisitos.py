import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from informes import requisitos
from informes.models import validar_especificador, validar_nombre_paquete

REQUISITOS = """\
# Producción
scikit-learn==1.5.2
pandas>=2.2,<3   # tablas
fastapi ~= 0.115
uvicorn[standard]==0.30.6
joblib
numpy==2.1.3 \\
    --hash=sha256:0123456789abcdef
requests==2.32.3; python_version >= "3.9"
-r base.txt
--index-url https://pypi.example.org/simple
-e git+https://git.example.org/ml/ciiu.git#egg=ciiu
mi-paquete @ https://example.org/mi_paquete-1.0.whl
./paquetes/local
!!! no es un requisito
"""


def test_pinned_ranged_bare_and_extras_become_rows():
    resultado = requisitos.leer(REQUISITOS)
    assert resultado.filas == [
        {"nombre": "scikit-learn", "version": "1.5.2"},
        {"nombre": "pandas", "version": ">=2.2,<3"},
        {"nombre": "fastapi", "version": "~=0.115"},
        {"nombre": "uvicorn[standard]", "version": "0.30.6"},
        {"nombre": "joblib", "version": ""},
        {"nombre": "numpy", "version": "2.1.3"},
        {"nombre": "requests", "version": "2.32.3"},
    ]


def test_options_urls_and_editable_lines_are_skipped_with_a_reason():
    omitidas = requisitos.leer(REQUISITOS).omitidas
    motivos = {o.linea.split()[0]: o.motivo for o in omitidas}
    assert motivos["-r"] == str(requisitos.MOTIVO_OPCION)
    assert motivos["--index-url"] == str(requisitos.MOTIVO_OPCION)
    assert motivos["-e"] == str(requisitos.MOTIVO_OPCION)
    assert motivos["mi-paquete"] == str(requisitos.MOTIVO_URL)
    assert motivos["./paquetes/local"] == str(requisitos.MOTIVO_URL)
    assert motivos["!!!"] == str(requisitos.MOTIVO_ILEGIBLE)


def test_pip_freeze_output_is_read_line_by_line():
    resultado = requisitos.leer("Django==5.2.19\r\nnh3==0.2.21\r\n")
    assert resultado.filas == [
        {"nombre": "Django", "version": "5.2.19"},
        {"nombre": "nh3", "version": "0.2.21"},
    ]
    assert resultado.omitidas == []


def test_every_parsed_row_passes_the_row_validators():
    for fila in requisitos.leer(REQUISITOS).filas:
        validar_nombre_paquete(fila["nombre"])
        if fila["version"]:
            validar_especificador(fila["version"])


def test_empty_text_gives_no_rows():
    resultado = requisitos.leer("")
    assert resultado.filas == [] and resultado.omitidas == []


def test_reading_stops_after_the_line_limit():
    texto = "\n".join(f"paquete{i}==1.0" for i in range(requisitos.LINEAS_MAXIMAS + 10))
    resultado = requisitos.leer(texto)
    assert len(resultado.filas) == requisitos.LINEAS_MAXIMAS
    assert resultado.omitidas[-1].motivo == str(requisitos.MOTIVO_DEMASIADAS)


# The pattern the reader replaced, as it was, for lines where it is fast.
_NOMBRE_ANTES = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_REQUISITO_ANTES = re.compile(
    rf"^(?P<nombre>{_NOMBRE_ANTES})\s*(?P<extras>\[[A-Za-z0-9._,\s-]*\])?\s*(?P<version>[=!<>~].*)?$"
)


@settings(max_examples=600)
@given(st.text(alphabet="ab1.-_ []=<>~!,\t", max_size=20))
def test_a_requirement_is_taken_apart_as_the_pattern_did(linea):
    m = _REQUISITO_ANTES.match(linea)
    esperado = None if m is None else (m["nombre"], m["extras"] or "", m["version"] or "")
    assert requisitos._partes(linea) == esperado


@settings(max_examples=400)
@given(st.text(alphabet="a #\t", max_size=16))
def test_comments_are_cut_as_the_pattern_did(linea):
    esperado = re.split(r"\s+#", linea, maxsplit=1)[0].strip()
    if linea.lstrip().startswith("#"):
        esperado = ""
    assert requisitos._sin_comentario(linea) == esperado


def test_a_pasted_line_of_spaces_is_read_in_linear_time():
    inicio = time.process_time()
    requisitos.leer("a" + " " * 50_000 + "x\n" + "b" + " -" * 25_000)
    assert time.process_time() - inicio < 0.5
