"""The PDF of the largest report the limits allow, part by part and whole (figures: limites/).

On a throw-away SQLite database it builds, through the services, reports that
each fill one part of what ``informes/limites/`` and the models allow, and
times ``exporters.pdf.exportar`` on each (CPU time of this process and
wall-clock time; the render's own deadline is lifted so that a part that passes
it is still measured):

1. the demo report alone (the baseline every other line includes);
2. diagrams: ``DIAGRAMAS_POR_INFORME`` PNGs holding ``PIXELES_POR_INFORME``
   pixels together, a quarter of each noise (hard to compress, as a screenshot
   is) and each under the upload's 10 MB;
3. rows: ``FILAS_MAXIMAS`` rows in each list, every value at its longest;
4. text: ``TEXTO_POR_INFORME`` characters, the one-line labels at their longest
   and the rest shared by the Markdown labels (headings, paragraphs, lists,
   tables and code);
5. the largest allowed report: all three at once. Its CPU time is held to the
   target, a third of ``TIEMPO_PDF`` (the last line says whether it is met).

Usage: .venv/bin/python bench/informe_maximo.py [--partes diagramas,filas,texto,maximo]
       [--repeticiones N]
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ / "bench"))

import pdf_bench  # noqa: E402

BLOQUE_MARKDOWN = (
    "## Apartado\n\nEl servicio registra cada predicción con su versión de modelo, la "
    "entrada normalizada y la **latencia**, y publica métricas agregadas cada minuto.\n\n"
    "- Primer punto con `código` y un [enlace](https://example.org).\n- Segundo punto.\n\n"
    "| Métrica | Umbral |\n|---|---|\n| Exactitud | ≥ 0,92 |\n\n"
    "```sh\npython deploy_model.py --port 8080\n```\n\n"
)


def largo(texto: str, n: int) -> str:
    return (texto * (n // len(texto) + 1))[:n]


def png_dificil(pixeles: int, semilla: int) -> bytes:
    """A 4:3 RGBA PNG whose top quarter is noise: slow to compress, yet under 10 MB."""
    import random

    from PIL import Image

    ancho = int((pixeles * 4 / 3) ** 0.5)
    alto = pixeles // ancho
    filas = alto // 4
    ruido = random.Random(semilla).randbytes(ancho * filas * 4)
    crudo = ruido + b"\xff" * (ancho * (alto - filas) * 4)
    salida = io.BytesIO()
    Image.frombytes("RGBA", (ancho, alto), crudo).save(salida, format="PNG")
    return salida.getvalue()


def texto_maximo() -> dict[str, str]:
    """Every label's text, ``limites.TEXTO_POR_INFORME`` characters together."""
    from informes import limites, plantilla
    from informes.models import informe as modelos

    lineas, markdown = [], []
    for etiqueta in plantilla.ETIQUETAS:
        if etiqueta.campo not in plantilla.CAMPOS_SIMPLES or etiqueta.campo == "version_python":
            continue
        (markdown if etiqueta.tipo == plantilla.Tipo.MARKDOWN else lineas).append(etiqueta.campo)
    campos = {campo: largo("Texto de una línea ", modelos.LARGO_LINEA) for campo in lineas}
    resto = limites.TEXTO_POR_INFORME - sum(map(len, campos.values())) - len("3.11")
    por_campo = min(resto // len(markdown), modelos.LARGO_MARKDOWN)
    campos.update({campo: largo(BLOQUE_MARKDOWN, por_campo) for campo in markdown})
    return campos


def informe_con(parte: str, usuario):
    from django.core.files.base import ContentFile

    from informes import demo, limites, services

    partes = {"diagramas", "filas", "texto"} if parte == "maximo" else {parte}
    campos, filas = dict(demo.CAMPOS), {}
    if "texto" in partes:
        campos.update(texto_maximo())
    if "filas" in partes:
        n = limites.FILAS_MAXIMAS
        proposito = largo("uso ", 200)
        filas = {
            "bibliotecas": [
                {"nombre": f"paquete-{i}-" + "x" * 85, "version": "==1.2.3"} for i in range(n)
            ],
            "rutas": [
                {"ruta": largo(f"/srv/{i}/modelos/", 500), "proposito": proposito}
                for i in range(n)
            ],
            "variables_entorno": [
                {"nombre": f"VAR_{i}_" + "X" * 90, "proposito": proposito,
                 "valor_ejemplo": largo("valor", 200)}
                for i in range(n)
            ],
        }  # fmt: skip
    informe = services.informe_crear(autor=usuario, campos=campos, filas=filas)
    if "diagramas" in partes:
        cantidad = limites.DIAGRAMAS_POR_INFORME
        for i in range(cantidad):
            datos = png_dificil(limites.PIXELES_POR_INFORME // cantidad, i)
            services.diagrama_agregar(
                informe=informe, archivo=ContentFile(datos, name=f"d{i}.png"), titulo=f"D{i}"
            )
    return informe


def main() -> None:
    argumentos = argparse.ArgumentParser()
    argumentos.add_argument("--partes", default="diagramas,filas,texto,maximo")
    argumentos.add_argument("--repeticiones", type=int, default=3)
    opciones = argumentos.parse_args()
    with tempfile.TemporaryDirectory() as directorio:
        pdf_bench.preparar(directorio)
        from django.conf import settings
        from django.contrib.auth import get_user_model

        from informes import limites
        from informes.exporters import pdf
        from informes.models import Informe

        objetivo = limites.TIEMPO_PDF / 3
        print(f"TIEMPO_PDF = {limites.TIEMPO_PDF} s; the target, a third, is {objetivo:.0f} s")
        print(f"TEXTO_POR_INFORME = {limites.TEXTO_POR_INFORME} characters", flush=True)
        # Measure past the deadline too: no setting of its own, and a day as the limit.
        settings.INFORMES_PDF_TIEMPO_MAXIMO = None
        limites.TIEMPO_PDF = 24 * 3600
        usuario = get_user_model().objects.create_user("bench")
        for parte in ["demo", *opciones.partes.split(",")]:
            pk = informe_con(parte, usuario).pk
            pdf.exportar(Informe.objects.get(pk=pk))  # warm-up: imports, fonts
            cpu, pared = [], []
            for _ in range(opciones.repeticiones):
                inicio_cpu, inicio = time.process_time(), time.perf_counter()
                pdf.exportar(Informe.objects.get(pk=pk))
                cpu.append(time.process_time() - inicio_cpu)
                pared.append(time.perf_counter() - inicio)
            print(
                f"{parte}: CPU mediana {statistics.median(cpu):.2f} s (máx. {max(cpu):.2f}); "
                f"reloj mediana {statistics.median(pared):.2f} s (máx. {max(pared):.2f}); "
                f"carga {os.getloadavg()[0]:.1f}",
                flush=True,
            )
            if parte == "maximo":
                cumplido = max(cpu) < objetivo
                print(
                    f"largest allowed report: CPU máx. {max(cpu):.2f} s "
                    f"{'<' if cumplido else '>='} {objetivo:.0f} s: "
                    f"{'target met' if cumplido else 'TARGET MISSED'}"
                )


if __name__ == "__main__":
    main()
