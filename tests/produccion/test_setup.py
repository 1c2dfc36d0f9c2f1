"""The project sets itself up: migrations, roles, demo data, the compose file."""

import os
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command

from informes import demo
from informes.models import Informe

RAIZ = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_migrations_are_complete():
    salida = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=salida)
    assert "No changes detected" in salida.getvalue()


@pytest.mark.django_db
def test_roles_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Analistas", "Revisores"}


@pytest.mark.django_db
def test_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("cargar_demo")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_creates_accounts_and_a_complete_report(settings):
    settings.DEBUG = True
    salida = StringIO()
    call_command("cargar_demo", stdout=salida)
    texto = salida.getvalue()
    for usuario in ("analista", "revisor"):
        linea = next(x for x in texto.splitlines() if f"usuario: {usuario}" in x)
        contrasena = linea.rsplit(" ", 1)[-1]
        assert User.objects.get(username=usuario).check_password(contrasena)
    informe = Informe.objects.get()
    for campo, valor in demo.CAMPOS.items():
        assert getattr(informe, campo) == valor
    assert informe.bibliotecas.count() >= 3
    assert informe.diagramas.count() == 1
    assert informe.autor.groups.filter(name="Analistas").exists()

    call_command("cargar_demo", stdout=StringIO())
    assert Informe.objects.count() == 1, "running it again must not duplicate the report"


@pytest.mark.django_db
def test_demo_accounts_keep_their_passwords_across_runs(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.delenv("INFORMES_DEMO_PASSWORD", raising=False)
    primera = StringIO()
    call_command("cargar_demo", stdout=primera)
    linea = next(x for x in primera.getvalue().splitlines() if "usuario: analista" in x)
    contrasena = linea.rsplit(" ", 1)[-1]
    segunda = StringIO()
    call_command("cargar_demo", stdout=segunda)
    assert contrasena not in segunda.getvalue()  # printed once, when created
    assert "(la misma de antes)" in segunda.getvalue()
    assert User.objects.get(username="analista").check_password(contrasena)


@pytest.mark.django_db
def test_demo_accounts_take_the_password_from_the_environment(settings, monkeypatch):
    settings.DEBUG = True
    call_command("cargar_demo", stdout=StringIO())
    monkeypatch.setenv("INFORMES_DEMO_PASSWORD", "clave-de-demostracion-2026")
    salida = StringIO()
    call_command("cargar_demo", stdout=salida)
    assert "clave-de-demostracion-2026" not in salida.getvalue()
    for usuario in ("analista", "revisor"):
        assert User.objects.get(username=usuario).check_password("clave-de-demostracion-2026")


def test_docker_compose_file_is_valid():
    herramienta = shutil.which("docker-compose")
    if herramienta is None:
        pytest.skip("docker-compose no está instalado: 'make test' lo instala en Debian/Ubuntu")
    resultado = subprocess.run(
        [herramienta, "-f", str(RAIZ / "docker-compose.yml"), "config", "--quiet"],
        cwd=RAIZ,
        env={**os.environ, "POSTGRES_PASSWORD": "clave", "DJANGO_SECRET_KEY": "x" * 50},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert resultado.returncode == 0, resultado.stderr
