"""Security promises of the settings, the sign-in and the logs."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from informes.registro import FormatoJSON

from .factories import CONTRASENA, analista

RAIZ = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_responses_carry_the_security_headers(client):
    respuesta = client.get(reverse("login"))
    assert respuesta["X-Frame-Options"] == "DENY"
    assert respuesta["X-Content-Type-Options"] == "nosniff"
    assert respuesta["Referrer-Policy"] == "same-origin"
    csp = respuesta["Content-Security-Policy"]
    for directiva in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "script-src 'self'",
    ):
        assert directiva in csp
    assert "unsafe-inline" not in csp


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_out_and_are_logged(client, caplog):
    usuario = analista()
    url = reverse("login")
    with caplog.at_level(logging.WARNING, logger="informes.eventos"):
        for _ in range(5):
            client.post(url, {"username": usuario.username, "password": "equivocada"})
    fallos = [r for r in caplog.records if getattr(r, "evento", "") == "login_fallido"]
    assert len(fallos) == 5
    assert all(r.detalle["username"] == usuario.username for r in fallos)
    assert all("equivocada" not in json.dumps(r.detalle) for r in fallos)

    # Even the right password is refused while locked out.
    respuesta = client.post(url, {"username": usuario.username, "password": CONTRASENA})
    assert respuesta.status_code == 429
    assert "bloqueado" in respuesta.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(client):
    usuario = analista()
    url = reverse("login")
    for _ in range(4):
        client.post(url, {"username": usuario.username, "password": "equivocada"})
    respuesta = client.post(url, {"username": usuario.username, "password": CONTRASENA})
    assert respuesta.status_code == 302
    assert client.session["_auth_user_id"] == str(usuario.pk)


def test_json_log_lines_hide_secrets():
    registro = logging.LogRecord("informes.eventos", logging.INFO, __file__, 1, "login", (), None)
    registro.evento = "login"
    registro.usuario = "ana"
    registro.detalle = {"password": "s3creta", "csrfmiddlewaretoken": "abc", "ip": "127.0.0.1"}
    linea = FormatoJSON().format(registro)
    datos = json.loads(linea)
    assert datos["usuario"] == "ana"
    assert datos["detalle"]["ip"] == "127.0.0.1"
    assert "s3creta" not in linea and "abc" not in linea


def _django(codigo: str, **entorno) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + codigo],
        cwd=RAIZ,
        env={**os.environ, "DJANGO_ALLOWED_HOSTS": "testserver", **entorno},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_refuse_to_start_without_a_real_secret_key():
    resultado = _django(
        "", DJANGO_SETTINGS_MODULE="informes.settings.production", DJANGO_SECRET_KEY=""
    )
    assert resultado.returncode != 0
    assert "DJANGO_SECRET_KEY" in resultado.stderr


def test_production_settings_are_hardened():
    codigo = """
from django.conf import settings as s
print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,
      s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE)
"""
    resultado = _django(
        codigo, DJANGO_SETTINGS_MODULE="informes.settings.production", DJANGO_SECRET_KEY="k" * 60
    )
    assert resultado.stdout.split() == ["False", "True", "True", "True", "True", "True", "Lax"]


def test_a_server_error_shows_a_friendly_page_without_a_stack_trace():
    codigo = """
from django.test import Client
r = Client(raise_request_exception=False).post(
    "/cuentas/login/", {"username": "ana", "password": "x"})
print(r.status_code)
print(r.content.decode())
"""
    resultado = _django(
        codigo,
        DJANGO_SETTINGS_MODULE="informes.settings.test",
        DATABASE_URL="sqlite:////nonexistent/folder/informes.sqlite3",
        DJANGO_LOG_LEVEL="CRITICAL",
    )
    estado, _, cuerpo = resultado.stdout.partition("\n")
    assert estado == "500", resultado.stderr
    assert "Algo salió mal" in cuerpo
    assert "Traceback" not in cuerpo and "OperationalError" not in cuerpo
