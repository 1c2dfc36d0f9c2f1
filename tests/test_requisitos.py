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
