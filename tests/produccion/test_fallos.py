"""Failures: a worker killed in the middle of an upload leaves no half-saved report,
``limpiar_media`` removes what it left on disk, and media files have no URL of their
own, in DEBUG too. (``/status`` answering 503 with the database down is in
``tests/test_status.py``; the friendly 500 page in ``tests/test_seguridad.py``.)

The upload test runs the app under gunicorn on loopback with its own SQLite file,
built by the load script's helpers (``bench/carga.py``), and reads that file with
``sqlite3`` afterwards.
"""

import io
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from informes import services
from tests.factories import InformeFactory

RAIZ = Path(__file__).resolve().parents[2]


# --- No URL for media files.


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_a_stored_diagram_has_no_bare_url_even_in_debug(client, settings, media_temporal, debug):
    settings.DEBUG = debug
    informe = InformeFactory()
    imagen = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(imagen, format="PNG")
    diagrama = services.diagrama_agregar(
        informe=informe, archivo=SimpleUploadedFile("a.png", imagen.getvalue()), titulo="a"
    )
    assert (media_temporal / diagrama.imagen.name).is_file()
    client.force_login(informe.autor)
    for prefijo in (settings.MEDIA_URL, "/media/", "/static/../media/", "/"):
        respuesta = client.get(prefijo + diagrama.imagen.name)
        assert respuesta.status_code == 404, prefijo
    # The checked view is the only way in.
    url = reverse("informes:diagrama", args=[informe.pk, diagrama.pk])
    assert client.get(url).status_code == 200


# --- A worker killed during an upload.


def procesos_hijos(padre: int) -> list[int]:
    hijos = []
    for entrada in Path("/proc").iterdir():
        if not entrada.name.isdigit():
            continue
        try:
            datos = (entrada / "stat").read_text()
        except OSError:
            continue
        # The command may hold spaces and parentheses: fields start after the last ')'.
        campos = datos.rsplit(")", 1)[1].split()
        if int(campos[1]) == padre:
            hijos.append(int(entrada.name))
    return hijos


def multipart(campos: list[tuple[str, str]], archivo: tuple[str, bytes]) -> tuple[str, bytes]:
    frontera = "----informes" + secrets.token_hex(8)
    partes = []
    for nombre, valor in campos:
        cabecera = f'Content-Disposition: form-data; name="{nombre}"'
        partes.append(f"--{frontera}\r\n{cabecera}\r\n\r\n{valor}\r\n".encode())
    nombre_archivo, datos = archivo
    partes.append(
        f'--{frontera}\r\nContent-Disposition: form-data; name="archivos"; '
        f'filename="{nombre_archivo}"\r\nContent-Type: image/png\r\n\r\n'.encode()
        + datos
        + b"\r\n"
    )
    partes.append(f"--{frontera}--\r\n".encode())
    return f"multipart/form-data; boundary={frontera}", b"".join(partes)


def png_grande() -> bytes:
    """About 5 MB of noise: slow to decode and re-encode, a wide window for the kill."""
    imagen = Image.frombytes("RGB", (1300, 1300), os.urandom(1300 * 1300 * 3))
    salida = io.BytesIO()
    imagen.save(salida, format="PNG", compress_level=0)
    return salida.getvalue()


class Servidor:
    """gunicorn with one worker on a throw-away SQLite database."""

    def __init__(self, carga, directorio: Path):
        self.carga = carga
        self.directorio = directorio
        self.env = carga.entorno(directorio, None)
        self.usuarios = carga.django_en_hijo("preparar", self.env, {"analistas": 1, "revisores": 0})
        self.puerto = carga.puerto_libre()
        self.registro = open(directorio / "gunicorn.log", "w")  # noqa: SIM115
        self.proceso = carga.iniciar_gunicorn(self.env, self.puerto, 1, self.registro)
        carga.esperar_servidor(self.puerto, self.proceso)
        self.metricas = carga.Metricas()
        self.nav = carga.Navegador(self.puerto, self.metricas)
        analista = self.usuarios["analistas"][0]
        self.nav.entrar(analista["usuario"], self.usuarios["contrasena"])
        self.pk = analista["informe"]

    def cerrar(self):
        self.carga.detener(self.proceso)
        self.registro.close()

    def trabajador(self) -> int:
        fin = time.monotonic() + 30
        while time.monotonic() < fin:
            hijos = procesos_hijos(self.proceso.pid)
            if hijos:
                return hijos[0]
            time.sleep(0.1)
        raise RuntimeError("gunicorn no tiene trabajador")

    def consulta(self, sql: str, *parametros):
        with sqlite3.connect(self.directorio / "carga.sqlite3", timeout=30) as conexion:
            return conexion.execute(sql, parametros).fetchall()

    def estado(self) -> tuple:
        contador, hardware = self.consulta(
            "SELECT contador_cambios, hardware_requerido FROM informes_informe WHERE id = ?",
            self.pk,
        )[0]
        diagramas = self.consulta(
            "SELECT imagen FROM informes_diagrama WHERE informe_id = ?", self.pk
        )
        eventos = self.consulta(
            "SELECT COUNT(*) FROM informes_eventoauditoria WHERE informe_id = ?", self.pk
        )[0][0]
        return contador, hardware, sorted(d[0] for d in diagramas), eventos

    def archivos(self) -> set[str]:
        raiz = self.directorio / "media"
        return (
            {str(p.relative_to(raiz)) for p in raiz.rglob("*") if p.is_file()}
            if raiz.exists()
            else set()
        )

    def enviar_y_matar(self, valor: str, png: bytes, *, cortar_en: float | None, espera: float):
        """POST the edit form with a diagram; kill -9 the worker ``espera`` seconds after
        sending the whole body, or after sending only the fraction ``cortar_en`` of it."""
        editar = f"/informes/{self.pk}/editar/"
        pagina = self.nav.pedir("GET", editar)
        campos = [
            (k, v)
            for k, v in self.carga.formularios_de(pagina.cuerpo)[editar]
            if k != "hardware_requerido"
        ]
        campos += [("hardware_requerido", valor), ("accion", "guardar")]
        tipo, cuerpo = multipart(campos, ("plano.png", png))
        galletas = "; ".join(f"{k}={v}" for k, v in self.nav.galletas.items())
        cabeceras = (
            f"POST {editar} HTTP/1.1\r\nHost: 127.0.0.1:{self.puerto}\r\nCookie: {galletas}\r\n"
            f"Referer: http://127.0.0.1:{self.puerto}{editar}\r\nContent-Type: {tipo}\r\n"
            f"Content-Length: {len(cuerpo)}\r\nConnection: close\r\n\r\n"
        ).encode()
        trabajador = self.trabajador()
        with socket.create_connection(("127.0.0.1", self.puerto), timeout=30) as s:
            s.sendall(cabeceras)
            hasta = len(cuerpo) if cortar_en is None else int(len(cuerpo) * cortar_en)
            s.sendall(cuerpo[:hasta])
            time.sleep(espera)
            os.kill(trabajador, signal.SIGKILL)  # the worker this test's gunicorn started
            try:
                respuesta = s.recv(64)
            except OSError:
                respuesta = b""
        self.carga.esperar_servidor(self.puerto, self.proceso)  # the master starts a new worker
        return respuesta


@pytest.fixture(scope="module")
def servidor(carga):
    with tempfile.TemporaryDirectory(prefix="fallos-") as directorio:
        s = Servidor(carga, Path(directorio))
        try:
            yield s
        finally:
            s.cerrar()


# Mid-body (the worker is still reading the upload) and mid-save at several moments.
MOMENTOS = [
    (0.3, 0.5),
    (None, 0.0),
    (None, 0.05),
    (None, 0.15),
    (None, 0.3),
    (None, 0.6),
    (None, 1.2),
]


def test_a_worker_killed_during_an_upload_leaves_the_report_whole_or_untouched(servidor):
    png = png_grande()
    resultados = []
    for i, (cortar_en, espera) in enumerate(MOMENTOS):
        antes = servidor.estado()
        valor = f"intento {i}"
        servidor.enviar_y_matar(valor, png, cortar_en=cortar_en, espera=espera)
        despues = servidor.estado()
        contador, hardware, diagramas, eventos = despues
        if despues == antes:
            resultados.append("nada")
            continue
        # The whole save landed: counter, field, diagram row and audit entry together.
        assert contador == antes[0] + 1, (antes, despues)
        assert hardware == valor
        assert len(diagramas) == len(antes[2]) + 1
        assert eventos == antes[3] + 1
        resultados.append("completo")
    assert resultados[0] == "nada"  # killed while the body was still arriving

    # Whatever the kills left on disk without a row is removed by the cleanup command;
    # files of stored diagrams stay.
    guardados = set(servidor.estado()[2])
    assert guardados <= servidor.archivos()
    subprocess.run(
        [servidor.carga.PYTHON, "manage.py", "limpiar_media", "--borrar", "--minutos", "0"],
        env=servidor.env,
        cwd=RAIZ,
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert servidor.archivos() == guardados
