"""``informes-cli`` against a live server (pytest-django's live_server): prefill creates a
draft from each fixture repository and completes an existing one without touching what a
person wrote; status and export read it back. Every filled label is checked in the database."""

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest

from informes import services
from informes.models import Estado, Informe
from informes_cli.principal import main
from tests.factories import InformeFactory, analista, revisor

pytestmark = pytest.mark.django_db(transaction=True)

REPOSITORIOS = Path(__file__).resolve().parents[1] / "data" / "repositorios"


@pytest.fixture
def servidor(live_server):
    ana = analista()
    _token, texto = services.token_crear(usuario=ana, nombre="cli", solo_lectura=False)
    return live_server.url, texto, ana


def ejecutar(servidor, *argumentos) -> tuple[int, str]:
    url, token, _ana = servidor
    salida = StringIO()
    codigo = main(["--url", url, "--token", token, *argumentos], salida=salida)
    return codigo, salida.getvalue()


def filas(informe, campo: str) -> list[dict]:
    return list(getattr(informe, campo).values(*_columnas(campo)))


def _columnas(campo: str) -> tuple:
    return {
        "bibliotecas": ("nombre", "version"),
        "rutas": ("ruta", "proposito"),
        "variables_entorno": ("nombre", "proposito", "valor_ejemplo"),
    }[campo]


def test_prefill_of_a_plain_requirements_repository_creates_a_draft(servidor):
    codigo, salida = ejecutar(servidor, "prefill", str(REPOSITORIOS / "requisitos"))
    assert codigo == 0, salida
    informe = Informe.objects.get()
    assert (informe.autor, informe.estado) == (servidor[2], Estado.BORRADOR)
    assert f"Borrador: {servidor[0]}/informes/{informe.pk}/editar/" in salida
    assert informe.version_python == "3.11.9"
    assert informe.archivo_principal == "serve.py"
    assert filas(informe, "bibliotecas")[:3] == [
        {"nombre": "numpy", "version": "1.26.4"},
        {"nombre": "scikit-learn", "version": "1.5.2"},
        {"nombre": "pandas", "version": ">=2.2,<3"},
    ]
    assert len(filas(informe, "bibliotecas")) == 6
    variables = {v["nombre"]: v for v in filas(informe, "variables_entorno")}
    assert variables["MODEL_PATH"]["valor_ejemplo"] == "/srv/modelos/ciiu.joblib"
    assert variables["MODEL_PATH"]["proposito"] == "Ruta del modelo entrenado"
    assert variables["DATABASE_URL"]["valor_ejemplo"] == ""  # a URL with a password
    assert "clave" not in str(variables) and "abc123" not in str(variables)
    # The table names each label by the template's text, with its source.
    lineas = salida.splitlines()
    assert any(x.startswith("Python") and ".python-version" in x and "llenada" in x for x in lineas)
    assert any(x.startswith("Bibliotecas de Terceros") and "requirements.txt" in x for x in lineas)
    assert any(x.startswith("Archivo Principal de Despliegue") and "serve.py" in x for x in lineas)
    assert "(omitido) requirements.txt: -e ." in salida


def test_prefill_of_a_poetry_repository(servidor):
    assert ejecutar(servidor, "prefill", str(REPOSITORIOS / "poetry"))[0] == 0
    informe = Informe.objects.get()
    assert informe.nombre_modelo == "pronostico-demanda"
    assert informe.descripcion_modelo.startswith("Pronóstico semanal de la demanda")
    assert informe.version_python == "3.10"
    assert informe.archivo_principal == "predict.py"
    assert filas(informe, "bibliotecas") == [
        {"nombre": "numpy", "version": ">=1.26,<2.0.0"},
        {"nombre": "pandas", "version": ">=2.2,<2.3.0"},
        {"nombre": "lightgbm", "version": "4.5.0"},
        {"nombre": "requests", "version": ""},
        {"nombre": "torch", "version": ">=2.1,<3"},
    ]


def test_prefill_of_a_conda_repository(servidor):
    assert ejecutar(servidor, "prefill", str(REPOSITORIOS / "conda"))[0] == 0
    informe = Informe.objects.get()
    assert informe.version_python == "3.9"
    assert [b["nombre"] for b in filas(informe, "bibliotecas")] == [
        "numpy",
        "scikit-learn",
        "lightgbm",
        "mlflow",
        "evidently",
    ]
    variables = {v["nombre"]: v["valor_ejemplo"] for v in filas(informe, "variables_entorno")}
    assert variables["UMBRAL"] == "0.7" and variables["POSTGRES_PASSWORD"] == ""
    assert variables["AWS_ACCESS_KEY_ID"] == ""


def test_prefill_of_an_mlflow_model_folder(servidor):
    assert ejecutar(servidor, "prefill", str(REPOSITORIOS / "mlflow"))[0] == 0
    informe = Informe.objects.get()
    assert informe.nombre_modelo == "clasificador_ciiu"
    assert informe.version_python == "3.11.4"
    assert "sabor `sklearn` 1.5.2" in informe.descripcion_modelo
    assert "- Entradas: `descripcion` (string), `anio` (long)" in informe.descripcion_modelo
    assert filas(informe, "rutas") == [
        {
            "ruta": "artefactos/modelo/model.pkl",
            "proposito": "Modelo serializado (MLflow, sabor sklearn)",
        }
    ]
    assert {"nombre": "scikit-learn", "version": "1.5.2"} in filas(informe, "bibliotecas")


def test_prefill_of_a_dockerfile_repository(servidor):
    assert ejecutar(servidor, "prefill", str(REPOSITORIOS / "docker"))[0] == 0
    informe = Informe.objects.get()
    assert informe.version_python == "3.12"
    assert informe.archivo_principal == "servicio/wsgi.py"
    assert informe.nombre_modelo == "servicio-anomalias"
    assert filas(informe, "bibliotecas")[0] == {"nombre": "flask", "version": "3.0.3"}


def test_prefill_of_an_existing_draft_keeps_what_a_person_wrote(servidor):
    url, token, ana = servidor
    informe = InformeFactory(
        autor=ana, filas=False, version_python="3.10", archivo_principal="", nombre_modelo="Mío"
    )
    Informe.objects.filter(pk=informe.pk).update(no_aplica={"archivo_principal": "Un notebook."})
    codigo, salida = ejecutar(
        servidor, "prefill", str(REPOSITORIOS / "docker"), "--informe", str(informe.pk)
    )
    assert codigo == 0, salida
    guardado = Informe.objects.get(pk=informe.pk)
    assert (guardado.version_python, guardado.nombre_modelo) == ("3.10", "Mío")
    assert guardado.archivo_principal == "" and guardado.no_aplica == {
        "archivo_principal": "Un notebook."
    }
    assert filas(guardado, "bibliotecas")[0] == {"nombre": "flask", "version": "3.0.3"}
    assert any(x.startswith("Python") and "conservada" in x for x in salida.splitlines())
    # With --sobrescribir the repository wins, and the «No aplica» mark goes.
    codigo, salida = ejecutar(
        servidor,
        "prefill",
        str(REPOSITORIOS / "docker"),
        "--informe",
        str(informe.pk),
        "--sobrescribir",
    )
    guardado = Informe.objects.get(pk=informe.pk)
    assert (guardado.version_python, guardado.nombre_modelo) == ("3.12", "servicio-anomalias")
    assert guardado.archivo_principal == "servicio/wsgi.py" and guardado.no_aplica == {}
    assert any(x.startswith("Python") and "sobrescrita" in x for x in salida.splitlines())


def test_prefill_of_a_report_the_token_may_not_edit_fails_with_the_servers_message(
    servidor, capsys
):
    ajeno = InformeFactory(autor=revisor())
    codigo, _salida = ejecutar(
        servidor, "prefill", str(REPOSITORIOS / "docker"), "--informe", str(ajeno.pk)
    )
    assert codigo == 1
    assert "HTTP 404" in capsys.readouterr().err


def test_status_and_export_read_the_draft_back(servidor, tmp_path):
    ejecutar(servidor, "prefill", str(REPOSITORIOS / "mlflow"))
    informe = Informe.objects.get()
    codigo, salida = ejecutar(servidor, "status", str(informe.pk))
    assert codigo == 0
    assert "clasificador_ciiu · versión 1 · Borrador" in salida
    assert " 3. Requisitos Técnicos: 2/3 (falta: Hardware Requerido)" in salida
    assert "editar" in salida.splitlines()[-1]
    destino = tmp_path / "informe.md"
    codigo, salida = ejecutar(
        servidor, "export", str(informe.pk), "--formato", "md", "--salida", str(destino)
    )
    assert codigo == 0
    assert "- **Nombre del Modelo:** clasificador_ciiu" in destino.read_text(encoding="utf-8")


def test_a_wrong_token_or_no_configuration_fail_clearly(servidor, capsys):
    url, _token, _ana = servidor
    assert main(["--url", url, "--token", "inf_pat_malo", "status", "1"]) == 1
    assert "token no es válido" in capsys.readouterr().err
    assert main(["--url", "", "--token", "", "status", "1"]) == 2


def test_the_installed_command_prefills_with_the_environments_configuration(servidor):
    url, token, _ana = servidor
    ejecutable = shutil.which("informes-cli", path=str(Path(sys.executable).parent))
    assert ejecutable, "pip install -e . installs the informes-cli command"
    entorno = {**os.environ, "INFORMES_URL": url, "INFORMES_TOKEN": token}
    resultado = subprocess.run(
        [ejecutable, "prefill", str(REPOSITORIOS / "requisitos")],
        env=entorno,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultado.returncode == 0, resultado.stderr
    assert "Borrador:" in resultado.stdout
    assert Informe.objects.get().version_python == "3.11.9"


def test_prefill_sends_no_credential_and_names_the_ones_the_server_still_finds(servidor, tmp_path):
    token = "ghp_" + "Zr8KqP2mW4xT7vN1bC5dF9hJ3kL6sQ0aY2eU"
    (tmp_path / "requirements.txt").write_text("numpy==1.26.4\n")
    (tmp_path / ".env.example").write_text(
        f"# Acceso al registro con {token}\nMODEL_PATH=/srv/m.joblib\n"
    )
    codigo, salida = ejecutar(servidor, "prefill", str(tmp_path))
    assert codigo == 0, salida
    informe = Informe.objects.get()
    [variable] = filas(informe, "variables_entorno")
    assert variable["proposito"] == "Acceso al registro con <secreto>"
    assert token not in salida and token not in str(filas(informe, "variables_entorno"))
    assert "Posibles credenciales" not in salida  # nothing left for the server to find


def test_prefill_into_a_draft_holding_a_credential_names_it_masked(servidor, tmp_path):
    clave = "Xq7rT2vLp9"
    informe = services.informe_crear(
        autor=servidor[2],
        campos={"instrucciones_configuracion": f"DATABASE_URL=postgres://app:{clave}@db/x"},
    )
    (tmp_path / "requirements.txt").write_text("numpy==1.26.4\n")
    codigo, salida = ejecutar(servidor, "prefill", str(tmp_path), "--informe", str(informe.pk))
    assert codigo == 0, salida
    assert "Posibles credenciales en el borrador" in salida
    assert "Instrucciones de Configuración" in salida and clave not in salida
