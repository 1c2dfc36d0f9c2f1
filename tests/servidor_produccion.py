"""The app as production runs it, for the production-parity tests (fixture ``servidor_produccion``).

``informes.settings.production`` (DEBUG off, whitenoise's manifest storage, a real
secret key), the static files gathered by ``collectstatic`` into a folder of their
own, a database of its own migrated by ``migrate`` (a SQLite file, or a fresh
database on the PostgreSQL server of ``DATABASE_URL``), and gunicorn started
with the app's configuration (``informes.gunicorn_conf``). Nothing is shared
with the test process but the code.
"""

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import dj_database_url
import psycopg

RAIZ = Path(__file__).resolve().parents[1]
ESPERA_ARRANQUE = 60  # seconds for gunicorn to answer /status
ESPERA_PEDIDO = 120  # seconds for one request (a PDF under a loaded machine)
CONTRASENA = "contrasena-de-produccion-123"
SECRETO = secrets.token_urlsafe(60)


def entorno(extra: dict[str, str]) -> dict[str, str]:
    """The production settings' environment, nothing inherited that could change them."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("DJANGO_", "INFORMES_", "GUNICORN_", "DATABASE_URL", "STATIC_", "MEDIA_")
        )
    }
    env.update(
        DJANGO_SETTINGS_MODULE="informes.settings.production",
        DJANGO_SECRET_KEY=SECRETO,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP is allowed so that a browser can use it; the HTTP client
        # sends X-Forwarded-Proto: https as the proxy in front would.
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DJANGO_LOG_LEVEL="WARNING",
        # Set, though empty, so that a developer's .env cannot fill them in.
        INFORMES_TAREAS="",
        INFORMES_CACHE_URL="",
        INFORMES_S3_BUCKET="",
        INFORMES_X_ACCEL_REDIRECT="",
        INFORMES_LOGO_PDF="",
    )
    env.update(extra)
    return env


def manage(extra: dict[str, str], *argumentos: str) -> str:
    resultado = subprocess.run(
        [sys.executable, "manage.py", *argumentos],
        cwd=RAIZ,
        env=entorno(extra),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if resultado.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(argumentos)}:\n{resultado.stderr[-3000:]}")
    return resultado.stdout


class BaseDeDatos:
    """A database for one production server: a SQLite file, or a new PostgreSQL
    database beside the one ``DATABASE_URL`` names (same server and role)."""

    def __init__(self, directorio: Path):
        self.postgres = None
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            nombre = f"informes_produccion_{secrets.token_hex(4)}"
            self.postgres = (dj_database_url.parse(url), nombre)
            self._sql(f'CREATE DATABASE "{nombre}"')
            self.url = urlunsplit(urlsplit(url)._replace(path="/" + nombre))
        else:
            self.url = f"sqlite:///{directorio / 'produccion.sqlite3'}"

    def _sql(self, orden: str) -> None:
        datos, _nombre = self.postgres
        with psycopg.connect(
            host=datos["HOST"] or "localhost",
            port=datos["PORT"] or 5432,
            user=datos["USER"],
            password=datos["PASSWORD"] or None,
            dbname=datos["NAME"],
            autocommit=True,
        ) as conexion:
            conexion.execute(orden)

    def borrar(self) -> None:
        if self.postgres is not None:
            self._sql(f'DROP DATABASE IF EXISTS "{self.postgres[1]}" WITH (FORCE)')


SEMBRAR = """
from django.contrib.auth.models import Group, User
from informes import demo, policy
def cuenta(nombre, grupo, first_name, last_name):
    u = User.objects.create_user(nombre, nombre + "@example.org", {clave!r},
                                 first_name=first_name, last_name=last_name)
    u.groups.add(Group.objects.get(name=grupo))
    return u
ana = cuenta("analista", policy.GRUPO_ANALISTAS, "Ana", "Analista")
cuenta("revisor", policy.GRUPO_REVISORES, "Rubén", "Revisor")
print(demo.crear_informe(ana).pk)
"""


class ServidorProduccion:
    """gunicorn with the production settings on a loopback port, and its data:
    the accounts ``analista`` and ``revisor`` and the demo report, a draft."""

    def __init__(self, directorio: Path):
        self.directorio = directorio
        self.base = BaseDeDatos(directorio)
        self.extra = {
            "DATABASE_URL": self.base.url,
            "STATIC_ROOT": str(directorio / "static"),
            "MEDIA_ROOT": str(directorio / "media"),
        }
        self.proceso = None
        try:
            manage(self.extra, "collectstatic", "--noinput", "-v0")
            manage(self.extra, "migrate", "--noinput", "-v0")
            salida = manage(
                self.extra, "shell", "--no-imports", "-c", SEMBRAR.format(clave=CONTRASENA)
            )
            self.informe_demo = int(salida.strip().splitlines()[-1])
            self._arrancar()
        except BaseException:
            self.detener()
            raise

    def _arrancar(self) -> None:
        self.puerto = puerto_libre()
        self.registro = open(self.directorio / "gunicorn.log", "w")  # noqa: SIM115
        self.proceso = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:informes.gunicorn_conf"]
            + ["informes.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{self.puerto}"],
            cwd=RAIZ,
            env=entorno(self.extra),
            stdout=self.registro,
            stderr=subprocess.STDOUT,
        )
        limite = time.monotonic() + ESPERA_ARRANQUE
        while time.monotonic() < limite:
            if self.proceso.poll() is not None:
                break
            try:
                if Cliente(self).pedir("GET", "/status").status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not start:\n{self.log()[-3000:]}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.puerto}"

    def log(self) -> str:
        return (self.directorio / "gunicorn.log").read_text(errors="replace")

    def detener(self) -> None:
        if self.proceso is not None and self.proceso.poll() is None:
            self.proceso.terminate()
            try:
                self.proceso.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proceso.kill()
                self.proceso.wait()
        if self.proceso is not None:
            self.registro.close()
        self.base.borrar()


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Respuesta:
    def __init__(self, status: int, cabeceras, cuerpo: bytes):
        self.status = status
        self.cabeceras = cabeceras
        self.cuerpo = cuerpo

    def __getitem__(self, nombre: str) -> str:
        return self.cabeceras.get(nombre, "")

    @property
    def texto(self) -> str:
        return self.cuerpo.decode("utf-8", errors="replace")


class Cliente:
    """An HTTP client behind the production proxy: X-Forwarded-Proto: https,
    its own cookies, and the CSRF token of the last page for its POSTs."""

    def __init__(self, servidor: ServidorProduccion):
        self.servidor = servidor
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def pedir(self, metodo: str, ruta: str, datos: dict | None = None) -> Respuesta:
        origen = f"https://127.0.0.1:{self.servidor.puerto}"
        cabeceras = {"Host": f"127.0.0.1:{self.servidor.puerto}", "X-Forwarded-Proto": "https"}
        if self.cookies:
            cabeceras["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        cuerpo = None
        if datos is not None:
            cabeceras["Content-Type"] = "application/x-www-form-urlencoded"
            cabeceras["Referer"] = origen + ruta
            cabeceras["Origin"] = origen
            cuerpo = urlencode({"csrfmiddlewaretoken": self.csrf, **datos})
        conexion = http.client.HTTPConnection(
            "127.0.0.1", self.servidor.puerto, timeout=ESPERA_PEDIDO
        )
        try:
            conexion.request(metodo, ruta, body=cuerpo, headers=cabeceras)
            respuesta = conexion.getresponse()
            contenido = respuesta.read()
            nuevas = SimpleCookie()
            for valor in respuesta.headers.get_all("Set-Cookie") or []:
                nuevas.load(valor)
            self.cookies.update({k: m.value for k, m in nuevas.items()})
        finally:
            conexion.close()
        resultado = Respuesta(respuesta.status, respuesta.headers, contenido)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', contenido)
        if token:
            self.csrf = token.group(1).decode()
        return resultado

    def iniciar_sesion(self, usuario: str) -> None:
        self.pedir("GET", "/cuentas/login/")
        respuesta = self.pedir(
            "POST", "/cuentas/login/", {"username": usuario, "password": CONTRASENA}
        )
        assert respuesta.status == 302, respuesta.texto[-2000:]
        assert "/cuentas/login/" not in respuesta["Location"]
