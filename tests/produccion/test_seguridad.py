"""Security promises of the settings, the sign-in and the logs."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from informes import limites
from informes.registro import FormatoJSON
from tests.factories import CONTRASENA, analista

RAIZ = Path(__file__).resolve().parents[2]


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


# --- The lockout behind a reverse proxy.

NGINX = "172.30.80.10"
VICTIMA = "203.0.113.5"
ATACANTE = "198.51.100.7"


def entrar(client, usuario, contrasena, *, desde, reenviado=None):
    cabeceras = {"REMOTE_ADDR": desde}
    if reenviado is not None:
        cabeceras["HTTP_X_FORWARDED_FOR"] = reenviado
    return client.post(
        reverse("login"), {"username": usuario.username, "password": contrasena}, **cabeceras
    )


@pytest.mark.django_db
@pytest.mark.parametrize("proxies", [[], [NGINX]], ids=["sin-proxy", "con-proxy"])
def test_a_forged_forwarded_for_sent_directly_locks_out_only_the_sender(client, settings, proxies):
    settings.INFORMES_PROXIES_CONFIABLES = proxies
    victima = analista()
    for _ in range(6):
        entrar(client, victima, "equivocada", desde=ATACANTE, reenviado=VICTIMA)
    # The failures count against the attacker's own address...
    assert entrar(client, victima, CONTRASENA, desde=ATACANTE).status_code == 429
    # ...and the account still opens from the address the header named.
    respuesta = entrar(Client(), victima, CONTRASENA, desde=VICTIMA)
    assert respuesta.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "reenviado_atacante",
    [ATACANTE, f"{VICTIMA}, {ATACANTE}", f"{VICTIMA}, basura, {ATACANTE}"],
    ids=["reemplazado", "agregado", "con-basura"],
)
def test_through_the_proxy_each_client_is_locked_out_on_its_own_address(
    client, settings, reenviado_atacante
):
    settings.INFORMES_PROXIES_CONFIABLES = [NGINX]
    victima = analista()
    # Whatever the attacker puts first, the proxy's own last entry is what counts.
    for _ in range(6):
        entrar(client, victima, "equivocada", desde=NGINX, reenviado=reenviado_atacante)
    bloqueado = entrar(client, victima, CONTRASENA, desde=NGINX, reenviado=ATACANTE)
    assert bloqueado.status_code == 429
    respuesta = entrar(Client(), victima, CONTRASENA, desde=NGINX, reenviado=VICTIMA)
    assert respuesta.status_code == 302


@pytest.mark.django_db
def test_without_a_trusted_proxy_everyone_behind_it_shares_its_address(client, settings):
    # Why the setting exists: unconfigured, the proxy's address is the client's.
    settings.INFORMES_PROXIES_CONFIABLES = []
    victima = analista()
    for _ in range(6):
        entrar(client, victima, "equivocada", desde=NGINX, reenviado=ATACANTE)
    respuesta = entrar(Client(), victima, CONTRASENA, desde=NGINX, reenviado=VICTIMA)
    assert respuesta.status_code == 429


def test_an_invalid_trusted_proxy_stops_the_settings_from_loading():
    entorno = {**os.environ, "INFORMES_PROXIES_CONFIABLES": "nginx"}
    resultado = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**entorno, "DJANGO_SETTINGS_MODULE": "informes.settings.base"},
        cwd=RAIZ,
        capture_output=True,
        text=True,
    )
    assert resultado.returncode != 0
    assert "INFORMES_PROXIES_CONFIABLES" in resultado.stderr


# --- deploy/nginx.conf, read as nginx reads it (no nginx runs in the tests).


def bloques_nginx(texto: str) -> dict:
    """Every block of an nginx configuration by its header, e.g. ``location /static/``.

    Each maps to its directives as (name, arguments) pairs; ``""`` is the top level.
    """
    fichas = re.findall(r'"(?:[^"\\]|\\.)*"|[{};]|[^\s{};"]+', re.sub(r"#[^\n]*", "", texto))
    bloques, pila, actual = {"": []}, [""], []
    for ficha in fichas:
        if ficha == "{":
            cabecera = " ".join(actual)
            bloques[cabecera] = []
            pila.append(cabecera)
            actual = []
        elif ficha == "}":
            pila.pop()
        elif ficha == ";":
            nombre, *argumentos = (a.strip('"') for a in actual)
            bloques[pila[-1]].append((nombre, argumentos))
            actual = []
        else:
            actual.append(ficha)
    return bloques


NGINX_CONF = bloques_nginx((RAIZ / "deploy" / "nginx.conf").read_text())


def test_nginx_waits_for_gunicorn_a_little_longer_than_its_worker_timeout():
    (espera,) = [a[0] for n, a in NGINX_CONF["location /"] if n == "proxy_read_timeout"]
    segundos = int(espera.removesuffix("s"))
    assert limites.TIEMPO_TRABAJADOR < segundos <= limites.TIEMPO_TRABAJADOR + 10


def test_nginx_replaces_the_clients_forwarded_for_with_the_address_it_saw():
    cabeceras = [a for n, a in NGINX_CONF["location /"] if n == "proxy_set_header"]
    assert ["X-Forwarded-For", "$remote_addr"] in cabeceras


CABECERAS_NGINX = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'",
}


def valor_de_nginx(argumento: str, respuesta_de_la_app: str = "") -> str:
    """What nginx sends for an add_header argument, given the app's own header."""
    if not argumento.startswith("$"):
        return argumento
    (mapa,) = [c for c in NGINX_CONF if c.startswith("map ") and c.endswith(" " + argumento)]
    valores = {n: a[0] for n, a in NGINX_CONF[mapa]}
    return valores.get(respuesta_de_la_app, valores["default"])


@pytest.mark.parametrize(
    "bloque", ["server", "location /static/", "location /protegido/", "location /"]
)
def test_nginx_adds_the_security_headers_to_its_own_and_gunicorns_responses(bloque):
    # An add_header in a block hides every add_header of the blocks around it,
    # so each block must carry all of them, with ``always`` for error statuses.
    cabeceras = {a[0]: a[1:] for n, a in NGINX_CONF[bloque] if n == "add_header"}
    for cabecera, esperado in CABECERAS_NGINX.items():
        valor, *resto = cabeceras[cabecera]
        assert resto == ["always"], (bloque, cabecera)
        # A response the app did not mark (an error page of nginx or gunicorn).
        assert valor_de_nginx(valor).startswith(esperado), (bloque, cabecera)


def test_nginx_leaves_the_apps_own_security_headers_alone():
    # A diagram's sandboxing CSP must reach the browser alone, not beside another.
    cabeceras = {a[0]: a[1] for n, a in NGINX_CONF["location /"] if n == "add_header"}
    for cabecera in CABECERAS_NGINX:
        assert valor_de_nginx(cabeceras[cabecera], "default-src 'none'; sandbox") == ""
