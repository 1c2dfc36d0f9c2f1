"""What merging costs a save: the three-way merge of a 600-row report against what every
save already did before it (the audit trail's snapshot diff), and a whole save through
``services.informe_guardar`` with a base (merged) against one without (written as it came).

Builds a throw-away SQLite database with one report of 200 libraries, 200 paths and 200
variables and every label filled; times are process CPU, minimums and medians of
interleaved runs. Prints the ratios.

    .venv/bin/python bench/fusion.py
    .venv/bin/python bench/fusion.py --repeticiones 41
"""

import argparse
import statistics
import time

import comun


def medir(funcion, repeticiones: int) -> list[float]:
    tiempos = []
    for _ in range(repeticiones):
        inicio = time.process_time()
        funcion()
        tiempos.append(time.process_time() - inicio)
    return tiempos


def main() -> None:
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--repeticiones", type=int, default=21)
    opciones = argumentos.parse_args()
    comun.preparar_django(None)

    from django.contrib.auth import get_user_model

    from informes import auditoria, demo, plantilla, services
    from informes.models import Informe

    autora = get_user_model().objects.create_user("bench-fusion")
    campos = {c: demo.CAMPOS.get(c, "Texto") * 3 for c in plantilla.CAMPOS_SIMPLES}
    filas = {
        "bibliotecas": [{"nombre": f"paquete-{i}", "version": "1.0"} for i in range(200)],
        "rutas": [{"ruta": f"/srv/datos/{i}.csv", "proposito": "Entrada"} for i in range(200)],
        "variables_entorno": [
            {"nombre": f"VARIABLE_{i}", "proposito": "Ajuste", "valor_ejemplo": str(i)}
            for i in range(200)
        ],
    }
    informe = services.informe_crear(autor=autora, campos=campos, filas=filas)
    guardado = auditoria.contenido(Informe.objects.get(pk=informe.pk))
    mio = {**guardado, "campos": {**guardado["campos"], "comunicacion": "Cambio"}}
    mio["filas"] = {**guardado["filas"], "rutas": list(reversed(guardado["filas"]["rutas"]))}
    base = auditoria.Base.de(guardado)
    antes, despues = (
        auditoria.instantanea_de_contenido(guardado),
        auditoria.instantanea_de_contenido(mio),
    )

    def fusion():
        auditoria.resolver(auditoria.fusionar(base, mio, guardado), {})
        auditoria.token_de(mio)

    def diferencia():
        auditoria.diferencias(antes, despues)

    puros = {"fusión + base nueva": [], "diferencias del historial": []}
    for _ in range(opciones.repeticiones):
        puros["fusión + base nueva"] += medir(fusion, 1)
        puros["diferencias del historial"] += medir(diferencia, 1)

    def guardar(con_base: bool, n: int) -> list[float]:
        # The page holds its base from its last answer: it is not part of the save.
        actual = Informe.objects.get(pk=informe.pk)
        token = auditoria.token_de(auditoria.contenido(actual)) if con_base else None
        return medir(
            lambda: services.informe_guardar(
                informe=actual,
                editor=autora,
                contador_esperado=actual.contador_cambios,
                base=token,
                campos={"comunicacion": f"Guardado {n}"},
                filas=filas,
            ),
            1,
        )

    servicio = {"guardar con base": [], "guardar sin base": []}
    for n in range(opciones.repeticiones):
        servicio["guardar con base"] += guardar(True, 2 * n)
        servicio["guardar sin base"] += guardar(False, 2 * n + 1)

    for titulo, grupo in (("Puro (600 filas)", puros), ("Servicio (600 filas)", servicio)):
        print(titulo)
        for nombre, tiempos in grupo.items():
            print(
                f"  {nombre}: mínimo {min(tiempos) * 1000:.1f} ms, "
                f"mediana {statistics.median(tiempos) * 1000:.1f} ms"
            )
        a, b = grupo.values()
        print(
            f"  razón: mínimos {min(a) / min(b):.2f}, "
            f"medianas {statistics.median(a) / statistics.median(b):.2f}"
        )


if __name__ == "__main__":
    main()
