"""The detail page against /status with a session, in process and under gunicorn,
and the edit page against the detail page in process.

A database of its own holds 1,000 reports and the demo report (every label
filled, rows and a diagram). In one run:

1. **In process** (Django's test client, a signed-in reviewer; the author for
   the edit page): the SQL queries of each page, then ``--veces`` rounds each
   timing, in turn, /status with the session, the detail page served from its
   cached sections, the detail page with every cache emptied first (what the
   first view after a change costs) and the edit page. Medians and minima, and
   their ratios.
2. **Under gunicorn** (``--workers``, 2 by default: one per core here), for
   each number of ``--conexiones`` (16 and 32): a closed-loop load of that
   many threads, each sending one GET on a new connection after another,
   alternating rounds of ``--segundos`` of /status without a cookie (as a
   load balancer calls it), /status with the signed-in session cookie, and
   the detail page with it, ``--rondas`` times, at most ``--maximo`` requests
   a round. Throughput, latencies, errors and the ratio detail / status with
   a session, over all rounds and round by round (median and lowest).

    .venv/bin/python bench/detalle.py
    .venv/bin/python bench/detalle.py --database-url postgres://u:p@127.0.0.1/vacia

The load generator runs on the same machine, so it takes CPU from the server:
both figures are lower than on a dedicated server, and the ratio is what counts.
Short alternating rounds let a change of load on the machine weigh on every
route alike.
"""

import argparse
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

import comun

CON_SESION = "/status con sesión"


def carga(puerto: int, ruta: str, cookie: str, conexiones: int, segundos: float, maximo: int):
    """Closed-loop load; returns (requests, errors, seconds, latencies in ms)."""
    fin = time.monotonic() + segundos
    cupo = threading.Semaphore(maximo)
    candado = threading.Lock()
    latencias, errores = [], []

    def hilo():
        propias, fallos = [], 0
        while time.monotonic() < fin and cupo.acquire(blocking=False):
            inicio = time.perf_counter()
            try:
                estado, tamano = comun.pedir(puerto, ruta, cookie)
                if estado != 200 or tamano == 0:
                    fallos += 1
            except OSError:
                fallos += 1
            propias.append((time.perf_counter() - inicio) * 1000)
        with candado:
            latencias.extend(propias)
            errores.append(fallos)

    hilos = [threading.Thread(target=hilo) for _ in range(conexiones)]
    inicio = time.perf_counter()
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    return len(latencias), sum(errores), time.perf_counter() - inicio, sorted(latencias)


def procesos(maestro: int) -> list[int]:
    """gunicorn's master and its workers (Linux /proc)."""
    hijos = []
    for entrada in Path("/proc").iterdir():
        if entrada.name.isdigit():
            try:
                campos = (entrada / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(campos[1]) == maestro:
                hijos.append(int(entrada.name))
    return [maestro, *hijos]


def cpu(pids: list[int]) -> float:
    """CPU seconds (user and system) the processes have used so far."""
    total = 0
    for pid in pids:
        try:
            campos = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(campos[11]) + int(campos[12])
    return total / os.sysconf("SC_CLK_TCK")


def vaciar_caches() -> None:
    """Empty the shared cache and this process's copies of rendered sections."""
    from django.core.cache import cache

    from informes import presentacion

    cache.clear()
    presentacion.recientes.vaciar()


def en_proceso(revisor, autor, informe, veces: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    lector, editor = Client(), Client()
    lector.force_login(revisor)
    editor.force_login(autor)
    detalle = f"/informes/{informe.pk}/"
    editar = f"/informes/{informe.pk}/editar/"

    def pedir(cliente, ruta):
        respuesta = cliente.get(ruta)
        assert respuesta.status_code == 200, (ruta, respuesta.status_code)

    def detalle_frio():
        vaciar_caches()
        pedir(lector, detalle)

    medidas = {
        "/status con sesión": lambda: pedir(lector, "/status"),
        "detalle (secciones en caché)": lambda: pedir(lector, detalle),
        "detalle (cachés vacías)": detalle_frio,
        "edición": lambda: pedir(editor, editar),
    }
    consultas = {}
    for nombre, medida in medidas.items():
        medida()
        if nombre.startswith("detalle (cachés"):
            vaciar_caches()
            funcion = lambda: pedir(lector, detalle)  # noqa: E731
        else:
            funcion = medida
        with CaptureQueriesContext(connection) as capturadas:
            funcion()
        consultas[nombre] = len(capturadas)
    tiempos = {nombre: [] for nombre in medidas}
    for _ in range(veces):
        for nombre, medida in medidas.items():
            inicio = time.perf_counter()
            medida()
            tiempos[nombre].append((time.perf_counter() - inicio) * 1000)

    print("### En proceso")
    print()
    print("| página | consultas | mediana (ms) | mínimo (ms) |")
    print("| --- | ---: | ---: | ---: |")
    for nombre, lista in tiempos.items():
        print(
            f"| {nombre} | {consultas[nombre]} | {statistics.median(lista):.2f} "
            f"| {min(lista):.2f} |"
        )
    print()

    def razon(a, b):
        ma, mb = statistics.median(tiempos[a]), statistics.median(tiempos[b])
        return f"{ma / mb:.2f} (mínimos {min(tiempos[a]) / min(tiempos[b]):.2f})"

    cacheado = "detalle (secciones en caché)"
    print(f"- detalle en caché / status con sesión: {razon(cacheado, '/status con sesión')}")
    print(f"- detalle con cachés vacías / en caché: {razon('detalle (cachés vacías)', cacheado)}")
    print(f"- edición / detalle en caché: {razon('edición', cacheado)}")
    print()


def bajo_gunicorn(opciones, rutas: dict) -> None:
    print(f"### Bajo gunicorn ({opciones.workers} workers)")
    print()
    with comun.Gunicorn(workers=opciones.workers) as servidor:
        for ruta, galleta in rutas.values():  # warm every worker
            carga(servidor.puerto, ruta, galleta, 8, 2.0, opciones.maximo)
        pids = procesos(servidor.proceso.pid)
        for conexiones in opciones.conexiones:
            totales = {nombre: [0, 0, 0.0, [], 0.0] for nombre in rutas}
            razones = []
            for _ronda in range(opciones.rondas):
                tasas = {}
                for nombre, (ruta, galleta) in rutas.items():
                    antes = cpu(pids)
                    n, e, s, lat = carga(
                        servidor.puerto,
                        ruta,
                        galleta,
                        conexiones,
                        opciones.segundos,
                        opciones.maximo,
                    )
                    total = totales[nombre]
                    total[4] += cpu(pids) - antes
                    total[0] += n
                    total[1] += e
                    total[2] += s
                    total[3].extend(lat)
                    tasas[nombre] = n / s
                razones.append(tasas["detalle"] / tasas[CON_SESION])
            rondas = f"{opciones.rondas} rondas de {opciones.segundos:g} s"
            print(f"{conexiones} clientes concurrentes, {rondas}:")
            print()
            print(
                "| ruta | peticiones | errores | segundos | peticiones/s | p50 (ms) | p95 (ms) "
                "| CPU del servidor por petición (ms) |"
            )
            print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            tasas, cpus = {}, {}
            for nombre, (n, e, s, lat, segundos_cpu) in totales.items():
                lat.sort()
                tasas[nombre] = n / s
                cpus[nombre] = segundos_cpu * 1000 / n
                p95 = lat[int(len(lat) * 0.95) - 1]
                print(
                    f"| {nombre} | {n} | {e} | {s:.1f} | {n / s:.1f} "
                    f"| {statistics.median(lat):.1f} | {p95:.1f} | {cpus[nombre]:.2f} |"
                )
            print()
            print(
                f"Detalle / status con sesión: {tasas['detalle'] / tasas[CON_SESION]:.0%} "
                f"(objetivo ≥ 50 %; por ronda: mediana {statistics.median(razones):.0%}, "
                f"mínima {min(razones):.0%}); detalle / status: "
                f"{tasas['detalle'] / tasas['/status']:.0%}; "
                f"errores: {sum(t[1] for t in totales.values())}; CPU del servidor, "
                f"status con sesión / detalle: {cpus[CON_SESION] / cpus['detalle']:.0%}"
            )
            print()


def main():
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--database-url", default="")
    argumentos.add_argument("--workers", type=int, default=2)
    argumentos.add_argument("--conexiones", type=int, nargs="+", default=[16, 32])
    argumentos.add_argument("--segundos", type=float, default=4.0)
    argumentos.add_argument("--rondas", type=int, default=4)
    argumentos.add_argument("--maximo", type=int, default=20_000)
    argumentos.add_argument("--veces", type=int, default=200)
    argumentos.add_argument("--solo", choices=("proceso", "gunicorn"), default=None)
    opciones = argumentos.parse_args()

    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="informes-bench-media-")
    comun.preparar_django(opciones.database_url)
    from informes import demo

    revisor, autores = comun.usuarios()
    comun.poblar(1_000, autores)
    informe = demo.crear_informe(autores[0])
    cookie = comun.cookie_de_sesion(revisor)

    print(f"Máquina: {comun.maquina()}; base de datos: {comun.motor()}")
    print(f"Carga media al empezar: {os.getloadavg()[0]:.1f}")
    print()
    if opciones.solo != "gunicorn":
        en_proceso(revisor, autores[0], informe, opciones.veces)
    if opciones.solo != "proceso":
        # /status as a load balancer calls it (no cookie), /status with the same
        # session cookie as the detail page, and the detail page.
        rutas = {
            "/status": ("/status", ""),
            "/status con sesión": ("/status", cookie),
            "detalle": (f"/informes/{informe.pk}/", cookie),
        }
        bajo_gunicorn(opciones, rutas)
    print(f"Carga media al terminar: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
