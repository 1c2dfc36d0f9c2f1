"""List page, search, filters and reviewer queue at 1,000 and at 10,000 reports.

Runs gunicorn (one worker) on loopback against a database of its own, times
sequential requests (median of --veces after 3 warm-up ones) and counts the SQL
queries of each page in-process. Prints one Markdown table with the ratios.

    .venv/bin/python bench/lista.py                       # a new SQLite file
    .venv/bin/python bench/lista.py --database-url postgres://u:p@127.0.0.1/vacia
    .venv/bin/python bench/lista.py --solo búsqueda       # the searches only

A PostgreSQL database given here is emptied first.
"""

import argparse
import os
import time

import comun

TAMANOS = (1_000, 10_000)


def paginas(analista, revisor):
    return [
        ("lista, revisor", revisor, "/informes/"),
        ("lista, analista", analista, "/informes/"),
        ("lista, página 20", revisor, "/informes/?page=20"),
        ("búsqueda estrecha «00420»", revisor, "/informes/?q=00420"),
        ("búsqueda amplia «fraude»", revisor, "/informes/?q=fraude"),
        ("búsqueda amplia, analista", analista, "/informes/?q=fraude"),
        ("búsqueda por autor «Uno3»", revisor, "/informes/?q=Uno3"),
        ("búsqueda de todos «encuestas»", revisor, "/informes/?q=encuestas"),
        ("filtro estado", revisor, "/informes/?estado=en_revision"),
        ("filtro autor + orden", revisor, "/informes/?autor={autor}&orden=modelo"),
        ("vencidos", revisor, "/informes/?vencidos=1"),
        ("cola de revisión", revisor, "/revision/"),
    ]


def analizar(url: str) -> None:
    """PostgreSQL as autovacuum leaves it after such a load (since PostgreSQL 13
    inserts alone trigger it): fresh planner statistics, and the visibility map
    that lets a count skip rows every transaction sees."""
    from django.db import connection

    if url.startswith("postgres"):
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def main():
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--database-url", default="")
    argumentos.add_argument("--veces", type=int, default=40)
    argumentos.add_argument(
        "--solo", default="", help="only the pages whose name holds this text, e.g. búsqueda"
    )
    opciones = argumentos.parse_args()

    url = comun.preparar_django(opciones.database_url)
    revisor, autores = comun.usuarios()
    analista = autores[0]
    cookies = {u.pk: comun.cookie_de_sesion(u) for u in (analista, revisor)}
    rutas = [
        (nombre, user, ruta.format(autor=autores[3].pk))
        for nombre, user, ruta in paginas(analista, revisor)
        if opciones.solo in nombre
    ]
    a, b = TAMANOS
    consultas = {}
    comun.poblar(a, autores)
    analizar(url)
    for nombre, user, ruta in rutas:
        consultas[(nombre, a)] = comun.contar_consultas(user, ruta)
    # The small database is kept as a copy; the big one grows from it. Both are
    # served at once and requests alternate between them, so a change of load on
    # the machine during the run weighs on both sizes alike.
    url_pequena = comun.copiar_base(url, str(a))
    inicio = time.perf_counter()
    comun.poblar(b, autores)
    analizar(url)
    print(f"# {b - a} informes más en {time.perf_counter() - inicio:.1f} s", flush=True)
    for nombre, user, ruta in rutas:
        consultas[(nombre, b)] = comun.contar_consultas(user, ruta)

    resultados = {}
    with (
        comun.Gunicorn(workers=1, database_url=url_pequena) as pequena,
        comun.Gunicorn(workers=1, database_url=url) as grande,
    ):
        for nombre, user, ruta in rutas:
            cookie = cookies[user.pk]
            tiempos = {a: [], b: []}
            for _ in range(3):  # warm-up
                comun.una(pequena.puerto, ruta, cookie)
                comun.una(grande.puerto, ruta, cookie)
            for _ in range(opciones.veces):
                tiempos[a].append(comun.una(pequena.puerto, ruta, cookie))
                tiempos[b].append(comun.una(grande.puerto, ruta, cookie))
            for tamano in TAMANOS:
                resultados[(nombre, tamano)] = (
                    consultas[(nombre, tamano)],
                    *comun.resumen(tiempos[tamano]),
                )

    print()
    print(f"Máquina: {comun.maquina()}; base de datos: {comun.motor()}")
    print(
        f"Comando: bench/lista.py {'--database-url … ' if opciones.database_url else ''}"
        f"--veces {opciones.veces}; dos gunicorn de 1 worker (uno por tamaño), "
        "peticiones secuenciales alternadas entre ellos; "
        f"DJANGO_CONN_MAX_AGE={os.environ.get('DJANGO_CONN_MAX_AGE') or '0'}"
    )
    print()
    a, b = TAMANOS
    print(
        f"| página | consultas {a} | consultas {b} | mediana {a} | mediana {b} "
        f"| p90 {a} | p90 {b} | mínimo {a} | mínimo {b} | razón medianas | razón mínimos |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    peor = {"lista": 0.0, "búsqueda": 0.0}
    for nombre, _, _ in rutas:
        c1, m1, p1, n1 = resultados[(nombre, a)]
        c2, m2, p2, n2 = resultados[(nombre, b)]
        tipo = "búsqueda" if nombre.startswith("búsqueda") else "lista"
        peor[tipo] = max(peor[tipo], m2 / m1)
        igual = "" if c1 == c2 else " ≠"
        print(
            f"| {nombre} | {c1} | {c2}{igual} | {m1:.1f} | {m2:.1f} | {p1:.1f} | {p2:.1f} "
            f"| {n1:.1f} | {n2:.1f} | {m2 / m1:.2f} | {n2 / n1:.2f} |"
        )
    print()
    print(
        f"Tiempos en ms. Peor razón de medianas: búsquedas {peor['búsqueda']:.2f} "
        f"(objetivo ≤ 1,2), resto {peor['lista']:.2f} (objetivo ≤ 1,5)"
    )


if __name__ == "__main__":
    main()
