"""Detail-page throughput under gunicorn against /status on the same server.

Starts gunicorn on loopback (``--workers``, 2 by default: one per core here) with a
database of its own holding 1,000 reports and the demo report (every label filled,
rows and a diagram), then runs a closed-loop load: ``--conexiones`` threads, each
sending one GET on a new connection after another, for ``--segundos`` per round,
alternating /status (without and with a session) and the detail page, two
rounds each, with at most
``--maximo`` requests per round. Prints throughput, latencies, errors and the ratio.

    .venv/bin/python bench/detalle.py
    .venv/bin/python bench/detalle.py --database-url postgres://u:p@127.0.0.1/vacia

The load generator runs on the same machine, so it takes CPU from the server:
both figures are lower than on a dedicated server, and the ratio is what counts.
"""

import argparse
import statistics
import tempfile
import threading
import time

import comun


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


def informe_demo(autor):
    from informes import demo

    return demo.crear_informe(autor)


def main():
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--database-url", default="")
    argumentos.add_argument("--workers", type=int, default=2)
    argumentos.add_argument("--conexiones", type=int, default=32)
    argumentos.add_argument("--segundos", type=float, default=10.0)
    argumentos.add_argument("--maximo", type=int, default=20_000)
    opciones = argumentos.parse_args()

    import os

    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="informes-bench-media-")
    comun.preparar_django(opciones.database_url)
    revisor, autores = comun.usuarios()
    comun.poblar(1_000, autores)
    informe = informe_demo(autores[0])
    cookie = comun.cookie_de_sesion(revisor)
    # /status as a load balancer calls it (no cookie), /status with the same
    # session cookie as the detail page (the session is read and saved on every
    # request, SESSION_SAVE_EVERY_REQUEST), and the detail page.
    rutas = {
        "/status": ("/status", ""),
        "/status con sesión": ("/status", cookie),
        "detalle": (f"/informes/{informe.pk}/", cookie),
    }

    totales = {nombre: [0, 0, 0.0, []] for nombre in rutas}
    with comun.Gunicorn(workers=opciones.workers) as servidor:
        for ruta, galleta in rutas.values():  # warm every worker
            carga(servidor.puerto, ruta, galleta, opciones.conexiones, 2.0, opciones.maximo)
        for _ronda in range(2):
            for nombre, (ruta, galleta) in rutas.items():
                n, e, s, lat = carga(
                    servidor.puerto,
                    ruta,
                    galleta,
                    opciones.conexiones,
                    opciones.segundos,
                    opciones.maximo,
                )
                total = totales[nombre]
                total[0] += n
                total[1] += e
                total[2] += s
                total[3].extend(lat)

    print(f"Máquina: {comun.maquina()}; base de datos: {comun.motor()}")
    print(
        f"Comando: bench/detalle.py --workers {opciones.workers} --conexiones "
        f"{opciones.conexiones} --segundos {opciones.segundos:g} --maximo {opciones.maximo}"
        f"{' --database-url …' if opciones.database_url else ''}"
    )
    print()
    print("| ruta | peticiones | errores | segundos | peticiones/s | p50 (ms) | p95 (ms) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    tasas = {}
    for nombre, (n, e, s, lat) in totales.items():
        lat.sort()
        tasas[nombre] = n / s
        p95 = lat[int(len(lat) * 0.95) - 1]
        print(
            f"| {nombre} | {n} | {e} | {s:.1f} | {n / s:.1f} "
            f"| {statistics.median(lat):.1f} | {p95:.1f} |"
        )
    print()
    print(
        f"Detalle / status: {tasas['detalle'] / tasas['/status']:.0%} (objetivo ≥ 50 %); "
        f"detalle / status con sesión: {tasas['detalle'] / tasas['/status con sesión']:.0%}; "
        f"errores: {sum(t[1] for t in totales.values())}"
    )


if __name__ == "__main__":
    main()
