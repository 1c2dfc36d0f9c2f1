"""Any number of web replicas can serve: two independent Django processes on one
database share sessions, sign-outs and the cache (settings.base: CACHES, SESSION_ENGINE).
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from informes.settings.base import cache_desde_url
from tests.factories import CONTRASENA, analista

RAIZ = Path(__file__).resolve().parents[2]
ESPERA_ARRANQUE = 30  # seconds for a server to answer /status


def url_base_de_datos() -> str:
    """The test database as a DATABASE_URL, so other processes open the same one."""
    datos = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{datos['NAME']}"
    if connection.vendor == "postgresql":
        usuario = quote(datos["USER"] or "", safe="")
        clave = quote(datos["PASSWORD"] or "", safe="")
        host = datos["HOST"] or "localhost"
        return f"postgres://{usuario}:{clave}@{host}:{datos['PORT'] or 5432}/{datos['NAME']}"
    pytest.skip(f"no DATABASE_URL form for {connection.vendor}")


def entorno() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url_base_de_datos(),
        DJANGO_SETTINGS_MODULE="informes.settings.test",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_LOG_LEVEL="WARNING",
    )
    env.pop("INFORMES_CACHE_URL", None)
    return env


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Servidor:
    """One gunicorn process on a loopback port: one replica."""

    def __init__(self):
        self.puerto = puerto_libre()
        self.proceso = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:informes.gunicorn_conf"]
            + ["informes.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{self.puerto}"],
            cwd=RAIZ,
            env=entorno(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        limite = time.monotonic() + ESPERA_ARRANQUE
        while time.monotonic() < limite:
            try:
                if self.pedir("GET", "/status")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.detener()
        raise AssertionError("the server did not start")

    def pedir(self, metodo, ruta, cookies=None, cuerpo=None):
        conexion = http.client.HTTPConnection("127.0.0.1", self.puerto, timeout=10)
        cabeceras = {}
        if cookies:
            cabeceras["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if cuerpo is not None:
            cabeceras["Content-Type"] = "application/x-www-form-urlencoded"
            cabeceras["Referer"] = f"http://127.0.0.1:{self.puerto}{ruta}"
            cuerpo = urlencode(cuerpo)
        try:
            conexion.request(metodo, ruta, body=cuerpo, headers=cabeceras)
            respuesta = conexion.getresponse()
            nuevas = SimpleCookie()
            for valor in respuesta.headers.get_all("Set-Cookie") or []:
                nuevas.load(valor)
            return (
                respuesta.status,
                respuesta.read().decode(),
                {k: m.value for k, m in nuevas.items()},
                respuesta.getheader("Location", ""),
            )
        finally:
            conexion.close()

    def detener(self):
        self.proceso.terminate()
        try:
            self.proceso.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proceso.kill()
            self.proceso.wait()


@pytest.fixture
def replicas():
    a, b = Servidor(), Servidor()
    yield a, b
    a.detener()
    b.detener()


def token_csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def iniciar_sesion(servidor: Servidor, username: str) -> dict[str, str]:
    _, html, cookies, _ = servidor.pedir("GET", "/cuentas/login/")
    datos = {"csrfmiddlewaretoken": token_csrf(html), "username": username}
    datos["password"] = CONTRASENA
    estado, _, nuevas, destino = servidor.pedir("POST", "/cuentas/login/", cookies, datos)
    assert estado == 302 and "/cuentas/login/" not in destino
    return cookies | nuevas


@pytest.mark.django_db(transaction=True)
def test_a_session_opened_on_one_replica_is_valid_on_another_until_signed_out(replicas):
    a, b = replicas
    ana = analista(first_name="Ana", last_name="Zapata")
    cookies = iniciar_sesion(a, ana.username)

    estado, html, _, _ = b.pedir("GET", "/informes/", cookies)
    assert estado == 200
    assert "Ana Zapata" in html

    # Signing out on the second replica ends the session on the first.
    datos = {"csrfmiddlewaretoken": token_csrf(html)}
    assert b.pedir("POST", "/cuentas/logout/", cookies, datos)[0] == 302
    estado, _, _, destino = a.pedir("GET", "/informes/", cookies)
    assert estado == 302 and destino.startswith("/cuentas/login/")


def manage(*codigo: str) -> str:
    resultado = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", "; ".join(codigo)],
        cwd=RAIZ,
        env=entorno(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return resultado.stdout.strip()


@pytest.mark.django_db(transaction=True)
def test_the_cache_written_by_one_process_is_read_by_another():
    importar = "from django.core.cache import cache"
    manage(importar, "cache.set('replicas-prueba', 'compartido', 60)")
    assert manage(importar, "print(cache.get('replicas-prueba'))") == "compartido"
    assert cache.get("replicas-prueba") == "compartido"


def test_the_default_cache_is_the_database_and_never_process_memory():
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


def test_cache_url_selects_redis_or_memcached_and_refuses_other_schemes():
    assert cache_desde_url("redis://cache:6379/1") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache:6379/1",
    }
    memcached = cache_desde_url("memcached://cache:11211")
    assert memcached["BACKEND"].endswith("PyMemcacheCache")
    assert memcached["LOCATION"] == "cache:11211"
    with pytest.raises(ValueError, match="esquema"):
        cache_desde_url("locmem://")
