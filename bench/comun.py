"""What the benchmarks share: a database of their own, reports in bulk, a gunicorn
server on loopback, and timed HTTP requests. Only loopback addresses are used.
"""

import http.client
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
ANFITRION = "127.0.0.1"
LOTE = 500

NOMBRES = [
    "Detector de fraude",
    "Pronóstico de demanda",
    "Clasificador de imágenes satelitales",
    "Estimador de ingresos",
    "Segmentación de hogares",
    "Imputación de la encuesta",
]


def preparar_django(database_url: str | None) -> str:
    """Point Django at the benchmark's own database (a new SQLite file by default),
    migrate it and empty it. Returns the DATABASE_URL used."""
    if not database_url:
        carpeta = Path(tempfile.mkdtemp(prefix="informes-bench-"))
        database_url = f"sqlite:///{carpeta / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "informes.settings.base")
    os.environ["DJANGO_ALLOWED_HOSTS"] = f"{ANFITRION},localhost,testserver"
    os.environ["DJANGO_LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_DEBUG"] = "0"
    sys.path.insert(0, str(RAIZ))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    return database_url


PROPIOS = 60  # reports of the measured analyst, whatever the total
COAUTORADOS = 20  # and those she co-authors
OTROS_ANALISTAS = 49


def copiar_base(database_url: str, sufijo: str) -> str:
    """A copy of the benchmark's database as it is now; returns the copy's URL.

    SQLite: the file is copied. PostgreSQL: ``CREATE DATABASE ... TEMPLATE``, which
    needs the CREATEDB privilege and no other connection to the source.
    """
    import shutil

    from django.db import connections

    connections.close_all()
    if database_url.startswith("sqlite:///"):
        origen = database_url.removeprefix("sqlite:///")
        destino = f"{origen}.{sufijo}"
        shutil.copyfile(origen, destino)
        return f"sqlite:///{destino}"
    import psycopg
    from django.conf import settings

    datos = settings.DATABASES["default"]
    copia = f"{datos['NAME']}_{sufijo}"
    parametros = {
        "dbname": "postgres",
        "user": datos["USER"],
        "password": datos["PASSWORD"],
        "host": datos["HOST"],
        "port": datos["PORT"] or 5432,
    }
    with psycopg.connect(**parametros, autocommit=True) as conexion:
        conexion.execute(f'DROP DATABASE IF EXISTS "{copia}"')
        conexion.execute(f'CREATE DATABASE "{copia}" TEMPLATE "{datos["NAME"]}"')
    return database_url.rsplit("/", 1)[0] + f"/{copia}"


def usuarios():
    """A reviewer, the analyst whose list is measured (first), and 49 other analysts."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from informes import policy

    User = get_user_model()
    analistas, _ = Group.objects.get_or_create(name=policy.GRUPO_ANALISTAS)
    revisores, _ = Group.objects.get_or_create(name=policy.GRUPO_REVISORES)
    revisor = User.objects.create_user("revisor", first_name="Rita", last_name="Revisora")
    revisor.groups.add(revisores)
    autores = []
    for i in range(1 + OTROS_ANALISTAS):
        autor = User.objects.create_user(f"analista{i}", first_name="Ana", last_name=f"Uno{i}")
        autor.groups.add(analistas)
        autores.append(autor)
    return revisor, autores


def poblar(hasta: int, autores) -> None:
    """Add reports until there are ``hasta``: every field filled as in the demo,
    all estados mixed. The first analyst (the measured one) writes the first
    ``PROPIOS`` and co-authors the next ``COAUTORADOS``, so her list keeps its size
    while the organisation's reports grow; the others share the rest."""
    from django.db import transaction
    from django.utils import timezone

    from informes import demo
    from informes.models import Estado, Informe

    ahora, hoy = timezone.now(), timezone.localdate()
    estados = [
        Estado.BORRADOR,
        Estado.EN_REVISION,
        Estado.CAMBIOS_SOLICITADOS,
        Estado.APROBADO,
        Estado.EN_REVISION,
    ]
    desde = Informe.objects.count()
    relacion = Informe.coautores.through
    for inicio in range(desde, hasta, LOTE):
        nuevos = []
        for i in range(inicio, min(inicio + LOTE, hasta)):
            estado = estados[i % len(estados)]
            campos = dict(demo.CAMPOS)
            campos["nombre_modelo"] = f"{NOMBRES[i % len(NOMBRES)]} {i:05d}"
            nuevos.append(
                Informe(
                    **campos,
                    autor=autores[0] if i < PROPIOS else autores[1 + i % OTROS_ANALISTAS],
                    estado=estado,
                    enviado_en=ahora - timedelta(minutes=i) if estado != Estado.BORRADOR else None,
                    proxima_revision=(
                        hoy - timedelta(days=i % 30 - 10) if estado == Estado.APROBADO else None
                    ),
                )
            )
        with transaction.atomic():
            creados = Informe.objects.bulk_create(nuevos)
            relacion.objects.bulk_create(
                [
                    relacion(informe_id=informe.pk, user_id=autores[0].pk)
                    for i, informe in enumerate(creados, start=inicio)
                    if PROPIOS <= i < PROPIOS + COAUTORADOS
                ]
            )


def cookie_de_sesion(user) -> str:
    """A real session in the database for ``user``, as a sign-in would leave it."""
    from django.test import Client

    cliente = Client()
    cliente.force_login(user)
    return f"sessionid={cliente.cookies['sessionid'].value}"


def contar_consultas(user, ruta: str) -> int:
    """SQL queries of one request, in-process, after a first one warmed the session."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cliente = Client()
    cliente.force_login(user)
    cliente.get(ruta)
    with CaptureQueriesContext(connection) as contexto:
        respuesta = cliente.get(ruta)
    assert respuesta.status_code == 200, (ruta, respuesta.status_code)
    return len(contexto)


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind((ANFITRION, 0))
        return s.getsockname()[1]


class Gunicorn:
    """``gunicorn informes.wsgi`` with the app's configuration (``informes.gunicorn_conf``)
    on a loopback port, with the benchmark's database."""

    def __init__(self, workers: int, database_url: str | None = None):
        self.puerto = puerto_libre()
        self.comando = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "python:informes.gunicorn_conf",
            "informes.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"{ANFITRION}:{self.puerto}",
            "--log-level",
            "warning",
        ]
        entorno = dict(os.environ)
        if database_url:
            entorno["DATABASE_URL"] = database_url
        self.proceso = subprocess.Popen(self.comando, cwd=RAIZ, env=entorno)
        limite = time.monotonic() + 30
        while time.monotonic() < limite:
            try:
                if pedir(self.puerto, "/status")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.detener()
        raise SystemExit("gunicorn did not start")

    def detener(self) -> None:
        self.proceso.terminate()
        self.proceso.wait(timeout=15)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.detener()


def pedir(puerto: int, ruta: str, cookie: str = "") -> tuple[int, int]:
    """One GET on a new connection; returns the status and the body's size."""
    conexion = http.client.HTTPConnection(ANFITRION, puerto, timeout=30)
    try:
        conexion.request("GET", ruta, headers={"Cookie": cookie} if cookie else {})
        respuesta = conexion.getresponse()
        return respuesta.status, len(respuesta.read())
    finally:
        conexion.close()


def una(puerto: int, ruta: str, cookie: str) -> float:
    """One timed request, in ms; stops the benchmark on anything but 200."""
    inicio = time.perf_counter()
    estado, _ = pedir(puerto, ruta, cookie)
    if estado != 200:
        raise SystemExit(f"{ruta} answered {estado}")
    return (time.perf_counter() - inicio) * 1000


def resumen(tiempos: list[float]) -> tuple[float, float, float]:
    """The median, the 90th percentile and the fastest."""
    tiempos = sorted(tiempos)
    return statistics.median(tiempos), tiempos[int(len(tiempos) * 0.9) - 1], tiempos[0]


def maquina() -> str:
    import django

    cpu = "?"
    try:
        for linea in Path("/proc/cpuinfo").read_text().splitlines():
            if linea.startswith("model name"):
                cpu = linea.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import gunicorn

    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} CPU ({cpu}), "
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"gunicorn {gunicorn.__version__}"
    )


def motor() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("show server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"
