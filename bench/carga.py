"""Concurrency and load on loopback: the app under gunicorn, analysts saving drafts
and sending them, reviewers approving and requesting changes, all at once.

Afterwards, from the database:

- 0 server errors (no 5xx answer, no connection dropped by the server);
- every acknowledged save (a 302 after the edit form's POST) present: the last
  acknowledged value of each report is the one stored, and every acknowledged value
  appears in that report's audit trail;
- no report transitioned twice: in every report's trail each transition starts
  from the estado the previous one left, and no version was approved twice.

Bounded in time (``--segundos``) and in count (``--maximo`` rounds per user).
The database is a throw-away SQLite file, or ``--base-de-datos``/``DATABASE_URL``
when given (it must be an empty database: the script migrates it and adds users).

Usage: .venv/bin/python bench/carga.py [--segundos 30] [--analistas 6]
       [--revisores 3] [--trabajadores 3]
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

RAIZ = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CAMPO_MARCADO = "hardware_requerido"  # each save writes a unique value here


# --- A minimal browser: cookies, forms, redirects by hand.


class Formularios(HTMLParser):
    """Every form of a page: its action and the values a browser would submit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.formularios: dict[str, list[tuple[str, str]]] = {}
        self._actual: list | None = None
        self._texto: tuple[str, list] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._actual = self.formularios.setdefault(a.get("action") or "", [])
        elif self._actual is None:
            return
        elif tag == "input" and a.get("name"):
            tipo = (a.get("type") or "text").lower()
            if tipo in ("submit", "button", "file", "image", "reset"):
                return
            if tipo in ("checkbox", "radio") and "checked" not in a:
                return
            self._actual.append((a["name"], a.get("value") or ("on" if tipo == "checkbox" else "")))
        elif tag == "textarea" and a.get("name"):
            self._texto = (a["name"], [])
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self._actual.append((self._select, a.get("value") or ""))

    def handle_data(self, data):
        if self._texto is not None:
            self._texto[1].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._texto is not None and self._actual is not None:
            texto = "".join(self._texto[1])
            # A browser drops one newline right after <textarea>.
            self._actual.append((self._texto[0], texto[1:] if texto.startswith("\n") else texto))
            self._texto = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._actual = None


def formularios_de(html: str) -> dict[str, list[tuple[str, str]]]:
    lector = Formularios()
    lector.feed(html)
    return lector.formularios


@dataclass
class Respuesta:
    estado: int
    cabeceras: dict
    cuerpo: str
    segundos: float


class ErrorDeServidor(Exception):
    pass


class Navegador:
    """One user's cookies and requests over http.client (a new connection each time)."""

    def __init__(self, puerto: int, metricas: "Metricas"):
        self.puerto = puerto
        self.galletas: dict[str, str] = {}
        self.metricas = metricas

    def pedir(self, metodo: str, ruta: str, campos=None, tipo: str = "") -> Respuesta:
        cuerpo = urlencode(campos or [], doseq=True).encode() if campos is not None else None
        cabeceras = {"Host": f"127.0.0.1:{self.puerto}"}
        if self.galletas:
            cabeceras["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.galletas.items())
        if cuerpo is not None:
            cabeceras["Content-Type"] = "application/x-www-form-urlencoded"
            cabeceras["Referer"] = f"http://127.0.0.1:{self.puerto}{ruta}"
        inicio = time.perf_counter()
        conexion = http.client.HTTPConnection("127.0.0.1", self.puerto, timeout=60)
        try:
            conexion.request(metodo, ruta, body=cuerpo, headers=cabeceras)
            r = conexion.getresponse()
            datos = r.read().decode("utf-8", "replace")
        except (TimeoutError, ConnectionError, http.client.HTTPException) as error:
            self.metricas.anotar(tipo or metodo, 599, time.perf_counter() - inicio)
            raise ErrorDeServidor(f"{metodo} {ruta}: {error!r}") from error
        finally:
            conexion.close()
        segundos = time.perf_counter() - inicio
        for valor in r.headers.get_all("Set-Cookie") or []:
            nombre, _, resto = valor.partition("=")
            self.galletas[nombre.strip()] = resto.split(";", 1)[0]
        self.metricas.anotar(tipo or metodo, r.status, segundos)
        return Respuesta(r.status, dict(r.headers), datos, segundos)

    def entrar(self, usuario: str, contrasena: str) -> None:
        pagina = self.pedir("GET", "/cuentas/login/", tipo="login")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', pagina.cuerpo)
        campos = {"csrfmiddlewaretoken": token.group(1) if token else ""}
        campos.update(username=usuario, password=contrasena)
        r = self.pedir("POST", "/cuentas/login/", list(campos.items()), tipo="login")
        if r.estado != 302:
            raise RuntimeError(f"no se pudo entrar como {usuario}: HTTP {r.estado}")


# --- Measurements shared by the threads.


@dataclass
class Metricas:
    latencias: dict = field(default_factory=dict)  # tipo -> [segundos]
    estados: dict = field(default_factory=dict)  # (tipo, estado) -> cuenta
    guardados: list = field(default_factory=list)  # (pk, valor) acknowledged
    errores: list = field(default_factory=list)
    candado: threading.Lock = field(default_factory=threading.Lock)

    def anotar(self, tipo: str, estado: int, segundos: float) -> None:
        with self.candado:
            self.latencias.setdefault(tipo, []).append(segundos)
            self.estados[(tipo, estado)] = self.estados.get((tipo, estado), 0) + 1
            if estado >= 500:
                self.errores.append(f"{tipo}: HTTP {estado}")


PK_EN = re.compile(r"/informes/(\d+)/")


def analista(nav: Navegador, pk: int, nombre: str, fin: float, maximo: int, m: Metricas):
    """Open the edit form, change one field, save with the form's lock counter;
    every third save, send the draft to review; when approved, open a new version."""
    n = 0
    while time.monotonic() < fin and n < maximo:
        n += 1
        editar = f"/informes/{pk}/editar/"
        pagina = nav.pedir("GET", editar, tipo="abrir_formulario")
        if pagina.estado == 403:  # in review or approved: see where it stands
            detalle = nav.pedir("GET", f"/informes/{pk}/", tipo="detalle")
            accion = f"/informes/{pk}/nueva-version/"
            formularios = formularios_de(detalle.cuerpo)
            if accion in formularios:
                r = nav.pedir("POST", accion, formularios[accion], tipo="nueva_version")
                nuevo = PK_EN.search(r.cabeceras.get("Location", ""))
                if r.estado == 302 and nuevo:
                    pk = int(nuevo.group(1))
            else:
                time.sleep(0.05)
            continue
        campos = formularios_de(pagina.cuerpo).get(editar)
        if pagina.estado != 200 or campos is None:
            continue
        valor = f"{nombre} guardado {n} {secrets.token_hex(4)}"
        datos = [(k, v) for k, v in campos if k not in (CAMPO_MARCADO, "accion")]
        datos += [(CAMPO_MARCADO, valor), ("accion", "guardar")]
        r = nav.pedir("POST", editar, datos, tipo="guardar")
        if r.estado == 302:
            with m.candado:
                m.guardados.append((pk, valor))
        if n % 3 == 0:
            detalle = nav.pedir("GET", f"/informes/{pk}/", tipo="detalle")
            accion = f"/informes/{pk}/enviar/"
            formularios = formularios_de(detalle.cuerpo)
            if accion in formularios:
                nav.pedir("POST", accion, formularios[accion], tipo="enviar")


def revisor(nav: Navegador, fin: float, maximo: int, semilla: int):
    """Take a report from the queue (the longest waiting, so reviewers collide) and
    approve it or request changes with the counter the page showed."""
    azar = random.Random(semilla)
    n = 0
    while time.monotonic() < fin and n < maximo:
        n += 1
        cola = nav.pedir("GET", "/revision/", tipo="cola")
        pks = [int(p) for p in re.findall(r'href="/informes/(\d+)/"', cola.cuerpo)]
        if not pks:
            time.sleep(0.05)
            continue
        pk = pks[0] if azar.random() < 0.6 else azar.choice(pks)
        detalle = nav.pedir("GET", f"/informes/{pk}/", tipo="detalle")
        formularios = formularios_de(detalle.cuerpo)
        aprobar = azar.random() < 0.4
        accion = f"/informes/{pk}/{'aprobar' if aprobar else 'solicitar-cambios'}/"
        if accion not in formularios:
            continue
        datos = [(k, v) for k, v in formularios[accion] if k != "comentario"]
        datos.append(("comentario", "Aprobado." if aprobar else "Amplíe el plan de contingencia."))
        nav.pedir("POST", accion, datos, tipo="aprobar" if aprobar else "solicitar_cambios")


# --- The server and the database, in child processes.


def entorno(directorio: Path, base_de_datos: str | None) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="informes.settings.base",
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DJANGO_LOG_LEVEL="WARNING",
        MEDIA_ROOT=str(directorio / "media"),
        PYTHONPATH=str(RAIZ),
    )
    env["DATABASE_URL"] = base_de_datos or f"sqlite:///{directorio}/carga.sqlite3"
    env.pop("INFORMES_TAREAS", None)
    return env


def django_en_hijo(orden: str, env: dict, entrada: dict | None = None) -> dict:
    """Run this file's ``preparar`` or ``verificar`` under Django in a child process."""
    proceso = subprocess.run(
        [PYTHON, __file__, orden],
        input=json.dumps(entrada or {}),
        capture_output=True,
        text=True,
        env=env,
        cwd=RAIZ,
        timeout=600,
    )
    if proceso.returncode != 0:
        raise RuntimeError(f"{orden} falló:\n{proceso.stderr[-3000:]}")
    return json.loads(proceso.stdout.strip().splitlines()[-1])


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def esperar_servidor(puerto: int, servidor: subprocess.Popen, limite: float = 60) -> None:
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        if servidor.poll() is not None:
            raise RuntimeError("gunicorn terminó al arrancar")
        try:
            conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=2)
            conexion.request("GET", "/status")
            if conexion.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn no respondió a tiempo")


def iniciar_gunicorn(env: dict, puerto: int, trabajadores: int, registro) -> subprocess.Popen:
    gunicorn = Path(PYTHON).with_name("gunicorn")
    return subprocess.Popen(
        [str(gunicorn), "-c", "python:informes.gunicorn_conf", "informes.wsgi",
         "--bind", f"127.0.0.1:{puerto}", "--workers", str(trabajadores),
         "--graceful-timeout", "5"],
        env=env, cwd=RAIZ, stdout=registro, stderr=registro, start_new_session=True,
    )  # fmt: skip


def detener(proceso: subprocess.Popen) -> None:
    if proceso.poll() is None:
        os.killpg(proceso.pid, signal.SIGTERM)
        try:
            proceso.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proceso.pid, signal.SIGKILL)
            proceso.wait()


# --- The run.


@dataclass
class Resultado:
    segundos: float
    peticiones: int
    errores_servidor: list
    guardados_confirmados: int
    guardados_perdidos: list
    transiciones: dict
    transiciones_dobles: list
    estados: dict
    latencias: dict

    @property
    def por_segundo(self) -> float:
        return self.peticiones / self.segundos if self.segundos else 0.0

    def resumen(self) -> str:
        lineas = [
            f"{self.peticiones} peticiones en {self.segundos:.1f} s ({self.por_segundo:.1f}/s)",
            f"errores de servidor: {len(self.errores_servidor)}",
            f"guardados confirmados: {self.guardados_confirmados}; perdidos: "
            f"{len(self.guardados_perdidos)}",
            f"transiciones: {self.transiciones}; dobles: {len(self.transiciones_dobles)}",
            "latencias (mediana / p95, ms):",
        ]
        for tipo, valores in sorted(self.latencias.items()):
            lineas.append(
                f"  {tipo:18} n={valores['n']:5}  {valores['p50']:7.1f}  {valores['p95']:7.1f}"
            )
        lineas.append(
            "respuestas: " + ", ".join(f"{k} {v}" for k, v in sorted(self.estados.items()))
        )
        return "\n".join(lineas)


def percentil(valores: list[float], p: float) -> float:
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, int(p * len(ordenados)))]


def ejecutar(
    *, segundos: float = 30, analistas: int = 6, revisores: int = 3, trabajadores: int = 3,
    maximo: int = 10_000, base_de_datos: str | None = None,
) -> Resultado:  # fmt: skip
    """Prepare, serve, load for ``segundos``, stop, verify. Returns the figures.

    ``base_de_datos`` is a URL of an empty database; None makes a SQLite file.
    """
    with tempfile.TemporaryDirectory(prefix="carga-") as temporal:
        directorio = Path(temporal)
        env = entorno(directorio, base_de_datos)
        usuarios = django_en_hijo("preparar", env, {"analistas": analistas, "revisores": revisores})
        puerto = puerto_libre()
        metricas = Metricas()
        with open(directorio / "gunicorn.log", "w") as registro:
            servidor = iniciar_gunicorn(env, puerto, trabajadores, registro)
            try:
                esperar_servidor(puerto, servidor)
                sesiones = []
                for a in usuarios["analistas"]:
                    nav = Navegador(puerto, metricas)
                    nav.entrar(a["usuario"], usuarios["contrasena"])
                    sesiones.append((analista, nav, (a["informe"], a["usuario"])))
                for i, r in enumerate(usuarios["revisores"]):
                    nav = Navegador(puerto, metricas)
                    nav.entrar(r["usuario"], usuarios["contrasena"])
                    sesiones.append((revisor, nav, (i,)))
                inicio = time.monotonic()
                fin = inicio + segundos
                hilos = []
                for funcion, nav, propios in sesiones:
                    if funcion is analista:
                        argumentos = (nav, *propios, fin, maximo, metricas)
                    else:
                        argumentos = (nav, fin, maximo, *propios)
                    hilos.append(
                        threading.Thread(target=_protegido, args=(funcion, argumentos, metricas))
                    )
                for h in hilos:
                    h.start()
                for h in hilos:
                    h.join(timeout=segundos + 120)
                duracion = time.monotonic() - inicio
            finally:
                detener(servidor)
        verificacion = django_en_hijo("verificar", env, {"guardados": metricas.guardados})
    latencias = {
        tipo: {"n": len(v), "p50": statistics.median(v) * 1000, "p95": percentil(v, 0.95) * 1000}
        for tipo, v in metricas.latencias.items()
    }
    return Resultado(
        segundos=duracion,
        peticiones=sum(metricas.estados.values()),
        errores_servidor=metricas.errores,
        guardados_confirmados=len(metricas.guardados),
        guardados_perdidos=verificacion["perdidos"],
        transiciones=verificacion["transiciones"],
        transiciones_dobles=verificacion["dobles"],
        estados={f"{t} {e}": n for (t, e), n in metricas.estados.items()},
        latencias=latencias,
    )


def _protegido(funcion, argumentos, metricas: Metricas) -> None:
    try:
        funcion(*argumentos)
    except ErrorDeServidor as error:
        with metricas.candado:
            metricas.errores.append(str(error))
    except Exception as error:  # a failure of this script still must not pass unseen
        with metricas.candado:
            metricas.errores.append(f"{funcion.__name__}: {error!r}")


# --- Child-process commands (under Django).


def _django():
    sys.path.insert(0, str(RAIZ))
    import django

    django.setup()


def preparar() -> None:
    """Migrate, then make the users and one complete draft per analyst."""
    _django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from informes import demo, policy, services

    pedido = json.loads(sys.stdin.read() or "{}")
    call_command("migrate", verbosity=0)
    contrasena = secrets.token_urlsafe(16)
    User = get_user_model()
    grupos = {
        n: Group.objects.get_or_create(name=n)[0]
        for n in (policy.GRUPO_ANALISTAS, policy.GRUPO_REVISORES)
    }
    salida = {"contrasena": contrasena, "analistas": [], "revisores": []}
    for i in range(pedido.get("analistas", 6)):
        usuario = User.objects.create_user(f"analista{i}", password=contrasena)
        usuario.groups.add(grupos[policy.GRUPO_ANALISTAS])
        informe = services.informe_crear(
            autor=usuario,
            campos={**demo.CAMPOS, "nombre_modelo": f"Modelo {i}"},
            filas={
                "bibliotecas": demo.BIBLIOTECAS,
                "rutas": demo.RUTAS,
                "variables_entorno": demo.VARIABLES,
            },
            no_aplica={"diagramas": "Sin diagrama en la prueba de carga."},
        )
        salida["analistas"].append({"usuario": usuario.username, "informe": informe.pk})
    for i in range(pedido.get("revisores", 3)):
        usuario = User.objects.create_user(f"revisor{i}", password=contrasena)
        usuario.groups.add(grupos[policy.GRUPO_REVISORES])
        salida["revisores"].append({"usuario": usuario.username})
    print(json.dumps(salida))


def verificar() -> None:
    """Compare the acknowledged saves with the database; walk every trail."""
    _django()
    from informes.models import EventoAuditoria, Informe

    pedido = json.loads(sys.stdin.read() or "{}")
    ultimos: dict[int, str] = {}
    por_informe: dict[int, set] = {}
    for pk, valor in pedido["guardados"]:
        ultimos[pk] = valor
        por_informe.setdefault(pk, set()).add(valor)
    perdidos = []
    for pk, valores in por_informe.items():
        guardado = getattr(Informe.objects.get(pk=pk), CAMPO_MARCADO)
        if guardado != ultimos[pk]:
            perdidos.append(
                f"informe {pk}: guardado {guardado!r}, último confirmado {ultimos[pk]!r}"
            )
        en_historial = set()
        for cambios in EventoAuditoria.objects.filter(informe_id=pk).values_list(
            "cambios", flat=True
        ):
            for cambio in cambios or []:
                if cambio.get("campo") == CAMPO_MARCADO:
                    en_historial.add(cambio.get("despues"))
        perdidos += [f"informe {pk}: {v!r} no está en el historial" for v in valores - en_historial]
    transiciones: dict[str, int] = {}
    dobles = []
    for informe in Informe.objects.order_by("pk"):
        estado = None
        aprobaciones = 0
        eventos = EventoAuditoria.objects.filter(informe_id=informe.pk).order_by("momento", "pk")
        for e in eventos:
            if not e.estado_hasta or e.estado_hasta == e.estado_desde:
                continue
            if e.estado_desde and estado is not None and e.estado_desde != estado:
                dobles.append(
                    f"informe {informe.pk}: {e.accion} desde {e.estado_desde}, estaba {estado}"
                )
            transiciones[e.accion] = transiciones.get(e.accion, 0) + 1
            aprobaciones += e.accion == "aprobar"
            estado = e.estado_hasta
        if estado is not None and estado != informe.estado:
            dobles.append(
                f"informe {informe.pk}: historial termina en {estado}, está {informe.estado}"
            )
        if aprobaciones > 1:
            dobles.append(f"informe {informe.pk}: aprobado {aprobaciones} veces")
    print(json.dumps({"perdidos": perdidos, "transiciones": transiciones, "dobles": dobles}))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("preparar", "verificar"):
        {"preparar": preparar, "verificar": verificar}[sys.argv[1]]()
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segundos", type=float, default=30)
    parser.add_argument("--analistas", type=int, default=6)
    parser.add_argument("--revisores", type=int, default=3)
    parser.add_argument("--trabajadores", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--maximo", type=int, default=10_000, help="iterations per user")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--base-de-datos",
        default=os.environ.get("DATABASE_URL"),
        help="URL of an EMPTY database (default: DATABASE_URL, else a temporary SQLite file)",
    )
    a = parser.parse_args()
    resultado = ejecutar(
        segundos=a.segundos, analistas=a.analistas, revisores=a.revisores,
        trabajadores=a.trabajadores, maximo=a.maximo, base_de_datos=a.base_de_datos,
    )  # fmt: skip
    print(json.dumps(resultado.__dict__, indent=2, default=str) if a.json else resultado.resumen())
    malos = (
        resultado.errores_servidor or resultado.guardados_perdidos or resultado.transiciones_dobles
    )
    sys.exit(1 if malos else 0)


if __name__ == "__main__":
    main()
