"""informes-cli's readers (informes_cli/): what each fixture repository fills and from
where, secrets kept out of example values, the server's rules mirrored, labels a person
filled left alone, and no Django anywhere in the client."""

import subprocess
import sys
from pathlib import Path

import pytest

from informes.models import informe as modelo
from informes_cli import reglas
from informes_cli.lectores import Dato, bibliotecas, entorno
from informes_cli.propuesta import cambios, leer_repositorio, reemplazar_en
from informes_cli.repositorio import Repositorio

REPOSITORIOS = Path(__file__).resolve().parents[1] / "data" / "repositorios"


def leer(nombre: str) -> dict[str, Dato]:
    return {d.campo: d for d in leer_repositorio(Repositorio.abrir(REPOSITORIOS / nombre))}


def test_the_client_never_imports_django():
    codigo = (
        "import sys, informes_cli.principal, informes_cli.propuesta;"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('django', 'rest_framework')]"
    )
    subprocess.run([sys.executable, "-c", codigo], check=True)


def test_the_clients_rules_are_the_servers_patterns():
    assert reglas.VERSION_RE.pattern == modelo.VERSION_RE
    assert reglas.ESPECIFICADOR_RE.pattern == modelo.ESPECIFICADOR_RE
    assert reglas.CONTROLES_RE.pattern == modelo.CONTROLES_RE
    assert reglas.SALTOS_RE.pattern == modelo.SALTOS_RE
    assert reglas.NOMBRE_PAQUETE_RE.pattern == modelo.validar_nombre_paquete.regex.pattern
    assert reglas.NOMBRE_VARIABLE_RE.pattern == modelo.validar_nombre_variable.regex.pattern
    assert reglas.LARGO_LINEA == modelo.LARGO_LINEA


def test_a_plain_requirements_repository():
    datos = leer("requisitos")
    assert (datos["version_python"].valor, datos["version_python"].fuente) == (
        "3.11.9",
        ".python-version",
    )
    assert datos["bibliotecas"].valor == [
        {"nombre": "numpy", "version": "1.26.4"},  # through -r requirements-base.txt
        {"nombre": "scikit-learn", "version": "1.5.2"},
        {"nombre": "pandas", "version": ">=2.2,<3"},
        {"nombre": "uvicorn[standard]", "version": "0.30.1"},
        {"nombre": "fastapi", "version": "~=0.115.0"},
        {"nombre": "joblib", "version": ""},
    ]  # requirements-dev.txt's pytest is not deployed
    omitidos = " ".join(datos["bibliotecas"].omitidos)
    assert "--index-url" in omitidos and "git+https" in omitidos and "-e ." in omitidos
    assert datos["archivo_principal"].valor == "serve.py"  # at the root, before modelo/


def test_example_values_never_carry_a_secret():
    variables = {v["nombre"]: v for v in leer("requisitos")["variables_entorno"].valor}
    assert variables["MODEL_PATH"] == {
        "nombre": "MODEL_PATH",
        "proposito": "Ruta del modelo entrenado",
        "valor_ejemplo": "/srv/modelos/ciiu.joblib",
    }
    assert variables["LOG_LEVEL"]["valor_ejemplo"] == "INFO"
    assert variables["CACHE_TTL"]["valor_ejemplo"] == "3600"
    for secreto in ("DATABASE_URL", "API_KEY", "SESSION_SECRET", "SENTRY_DSN"):
        assert variables[secreto]["valor_ejemplo"] == "", secreto
    compuesto = {v["nombre"]: v["valor_ejemplo"] for v in leer("conda")["variables_entorno"].valor}
    assert compuesto == {
        "MODEL_URI": "models:/riesgo/3",
        "POSTGRES_PASSWORD": "",
        "AWS_ACCESS_KEY_ID": "",
        "UMBRAL": "0.7",
        "COLA_URL": "redis://cola:6379/0",
        "API_TOKEN": "",
        "MODO": "",
    }


@pytest.mark.parametrize(
    ("nombre", "valor", "muestra"),
    [
        ("DATABASE_URL", "postgres://usuario:clave@host/db", False),
        ("URL", "https://usuario:x@ejemplo.org", False),
        ("URL", "https://ejemplo.org/ruta", True),
        ("GITHUB_TOKEN", "ghp_x", False),
        ("CLIENT_SECRET", "abc", False),
        ("DB_PASSWORD", "1234", False),
        ("PRIVATE_KEY_PATH", "/run/secrets/clave", False),
        ("VALOR", "Zx9Qm2Lp7Rt4Vb8Nc3Kd6Hf1Jg5Ws0Ye", False),  # random-looking
        ("VALOR", "aaaaaaaaaaaaaaaaaaaaaaaaa1", True),  # long but not random
        ("MODEL_PATH", "/srv/modelos/modelo_v2_2026.joblib", True),
        ("WORKERS", "4", True),
        ("OTRA", "${OTRA_VARIABLE}", False),
    ],
)
def test_which_example_values_are_shown(nombre, valor, muestra):
    assert (entorno.ejemplo(nombre, valor) == valor) is muestra


def test_a_poetry_repository():
    datos = leer("poetry")
    assert datos["nombre_modelo"].valor == "pronostico-demanda"
    assert datos["descripcion_modelo"].valor.startswith("Pronóstico semanal")
    assert (datos["version_python"].valor, datos["version_python"].fuente) == (
        "3.10",
        "pyproject.toml (requires-python)",
    )
    assert datos["bibliotecas"].valor == [
        {"nombre": "numpy", "version": ">=1.26,<2.0.0"},
        {"nombre": "pandas", "version": ">=2.2,<2.3.0"},
        {"nombre": "lightgbm", "version": "4.5.0"},
        {"nombre": "requests", "version": ""},
        {"nombre": "torch", "version": ">=2.1,<3"},
    ]  # the git dependency is reported, the dev group left out
    assert "mi-libreria" in " ".join(datos["bibliotecas"].omitidos)
    assert datos["archivo_principal"].valor == "predict.py"


@pytest.mark.parametrize(
    ("poetry", "pep440"),
    [
        ("^1.2.3", ">=1.2.3,<2.0.0"),
        ("^0.2.3", ">=0.2.3,<0.3.0"),
        ("^0.0.3", ">=0.0.3,<0.0.4"),
        ("~1.2.3", ">=1.2.3,<1.3.0"),
        ("~1", ">=1,<2.0.0"),
        ("*", ""),
        ("2.0", "2.0"),
        (">= 1.0, < 2.0", ">=1.0,<2.0"),
    ],
)
def test_poetry_constraints_become_pep_440_ranges(poetry, pep440):
    assert bibliotecas.version_poetry(poetry) == pep440


def test_a_conda_repository():
    datos = leer("conda")
    assert (datos["version_python"].valor, datos["version_python"].fuente) == (
        "3.9",
        "environment.yml",
    )
    assert datos["bibliotecas"].valor == [
        {"nombre": "numpy", "version": "1.26.4"},
        {"nombre": "scikit-learn", "version": ">=1.3"},
        {"nombre": "lightgbm", "version": "4.1.0"},
        {"nombre": "mlflow", "version": "2.9.2"},
        {"nombre": "evidently", "version": ">=0.4"},
    ]
    assert datos["variables_entorno"].fuente == "docker-compose.yml"


def test_an_mlflow_model_folder():
    datos = leer("mlflow")
    mlmodel = "artefactos/modelo/MLmodel"
    assert (datos["nombre_modelo"].valor, datos["nombre_modelo"].fuente) == (
        "clasificador_ciiu",
        mlmodel,
    )
    descripcion = datos["descripcion_modelo"].valor
    assert "sabor `sklearn` 1.5.2" in descripcion and "`mlflow.sklearn`" in descripcion
    assert "- Entradas: `descripcion` (string), `anio` (long)" in descripcion
    assert "- Salidas: `codigo` (string)" in descripcion
    assert (datos["version_python"].valor, datos["version_python"].fuente) == ("3.11.4", mlmodel)
    assert datos["bibliotecas"].valor == [
        {"nombre": "mlflow", "version": "2.17.0"},
        {"nombre": "cloudpickle", "version": "3.0.0"},
        {"nombre": "scikit-learn", "version": "1.5.2"},
        {"nombre": "numpy", "version": "1.26.4"},
    ]
    assert datos["bibliotecas"].fuente == (
        "artefactos/modelo/conda.yaml, artefactos/modelo/requirements.txt"
    )
    assert datos["rutas"].valor == [
        {
            "ruta": "artefactos/modelo/model.pkl",
            "proposito": "Modelo serializado (MLflow, sabor sklearn)",
        }
    ]


def test_a_dockerfile_repository():
    datos = leer("docker")
    assert (datos["version_python"].valor, datos["version_python"].fuente) == (
        "3.12",
        "Dockerfile (FROM python:3.12-slim)",
    )  # the image that runs wins over requires-python and Pipfile.lock
    assert (datos["archivo_principal"].valor, datos["archivo_principal"].fuente) == (
        "servicio/wsgi.py",
        "Dockerfile (CMD/ENTRYPOINT)",
    )
    assert datos["bibliotecas"].valor[:2] == [
        {"nombre": "flask", "version": "3.0.3"},  # the lock file's pin, not pyproject's range
        {"nombre": "werkzeug", "version": "3.0.4"},
    ]
    assert datos["bibliotecas"].fuente == "Pipfile.lock, pyproject.toml"
    assert datos["nombre_modelo"].valor == "servicio-anomalias"


@pytest.mark.parametrize(
    ("dockerfile", "archivo", "python"),
    [
        (
            'FROM python:3.10\nCMD ["python", "app/serve.py", "--port", "80"]',
            "app/serve.py",
            "3.10",
        ),
        ("FROM python:3.11.7-bookworm\nCMD python ./deploy_model.py", "deploy_model.py", "3.11.7"),
        ('FROM python:3.9\nCMD ["sh", "-c", "python run.py && true"]', "run.py", "3.9"),
        ("FROM ubuntu:24.04\nCMD uvicorn main:app", "uvicorn main:app", ""),
        ("FROM docker.io/library/python:3.13-alpine\nENTRYPOINT python \\\n  x.py", "x.py", "3.13"),
    ],
)
def test_a_dockerfiles_command_and_python(tmp_path, dockerfile, archivo, python):
    (tmp_path / "Dockerfile").write_text(dockerfile)
    datos = {d.campo: d.valor for d in leer_repositorio(Repositorio.abrir(tmp_path))}
    assert datos["archivo_principal"] == archivo
    assert datos.get("version_python", "") == python


def test_files_that_would_be_refused_are_left_out_and_said(tmp_path):
    filas = [f"paquete{i}==1.0" for i in range(205)] + ["_privado==1", "raro==uno.dos"]
    (tmp_path / "requirements.txt").write_text("\n".join(filas))
    (tmp_path / ".env.example").write_text("1MALA=x\nBUENA=y\n")
    datos = {d.campo: d for d in leer_repositorio(Repositorio.abrir(tmp_path))}
    assert len(datos["bibliotecas"].valor) == reglas.FILAS_MAXIMAS
    assert len(datos["bibliotecas"].omitidos) == 7
    assert [v["nombre"] for v in datos["variables_entorno"].valor] == ["BUENA"]


def test_a_link_out_of_the_repository_is_not_read(tmp_path):
    fuera = tmp_path / "fuera.txt"
    fuera.write_text("secreto==1.0\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "requirements.txt").symlink_to(fuera)
    assert "bibliotecas" not in {d.campo for d in leer_repositorio(Repositorio.abrir(repo))}


def test_a_person_filled_label_is_kept_unless_overwriting():
    datos = [Dato("version_python", "3.12", "Dockerfile"), Dato("archivo_principal", "x.py", "D")]
    actual = {
        "etiquetas": {
            "version_python": {"valor": "3.11", "no_aplica": ""},
            "archivo_principal": {"valor": "", "no_aplica": "Se despliega como notebook."},
        }
    }
    cuerpo, resultados = cambios(datos, actual, sobrescribir=False)
    assert cuerpo == {}
    assert [r.accion for r in resultados] == ["conservada", "conservada"]
    cuerpo, resultados = cambios(datos, actual, sobrescribir=True)
    assert cuerpo == {
        "version_python": "3.12",
        "archivo_principal": "x.py",
        "no_aplica": {"archivo_principal": ""},
    }
    assert [r.accion for r in resultados] == ["sobrescrita", "sobrescrita"]
    cuerpo, resultados = cambios([Dato("version_python", "3.11", "D")], actual, False)
    assert (cuerpo, resultados[0].accion) == ({}, "sin cambios")


def test_every_text_sent_passes_through_the_replacement():
    datos = [
        Dato("nombre_modelo", "modelo con clave hunter2", "x"),
        Dato("variables_entorno", [{"nombre": "A", "valor_ejemplo": "hunter2"}], "y"),
    ]
    limpios = reemplazar_en(datos, lambda texto: texto.replace("hunter2", "<secreto>"))
    assert limpios[0].valor == "modelo con clave <secreto>"
    assert limpios[1].valor == [{"nombre": "A", "valor_ejemplo": "<secreto>"}]
    assert datos[0].valor == "modelo con clave hunter2"  # the original is untouched
