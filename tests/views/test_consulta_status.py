import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]

# A real Django process whose database does not answer.
SONDA = """
import django
django.setup()
from django.test import Client
r = Client().get("/status")
print(r.status_code, r.content.decode())
"""


@pytest.mark.django_db
def test_status_reports_ok_with_the_database_answering(client):
    respuesta = client.get("/status")
    assert respuesta.status_code == 200
    datos = respuesta.json()
    assert datos["status"] == "ok"
    assert datos["database"] == "ok"
    assert datos["version"]


@pytest.mark.parametrize(
    "database_url",
    [
        "sqlite:////nonexistent/folder/informes.sqlite3",
        "postgres://informes:informes@127.0.0.1:1/informes?connect_timeout=2",
    ],
    ids=["sqlite", "postgresql"],
)
def test_status_is_503_when_the_database_does_not_answer(database_url):
    entorno = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "informes.settings.test",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    resultado = subprocess.run(
        [sys.executable, "-c", SONDA],
        cwd=RAIZ,
        env=entorno,
        capture_output=True,
        text=True,
        timeout=60,
    )
    codigo, cuerpo = resultado.stdout.strip().split(" ", 1)
    assert codigo == "503", resultado.stderr
    assert json.loads(cuerpo) == {"status": "error", "database": "error", "version": "0.1.0"}
