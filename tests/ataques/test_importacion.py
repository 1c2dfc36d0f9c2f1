"""Hostile Markdown imports: every shape of up to 1 MB is read within a CPU-time budget.

Each generator builds the kind of line that made a backtracking pattern go
super-linear (long runs of spaces, ``#``, ``*``, backticks, brackets, colons,
nested bullets), or that made the reader itself quadratic (thousands of pieces
of unmatched text), as large as the upload form accepts.
"""

import gc
import time

import pytest

from informes import importer, limites
from informes.importer.formulario import TAMANO_MAXIMO

N = TAMANO_MAXIMO - 512  # room for the few fixed characters around each run
VARIABLES = "### 7. Código de Despliegue\n- **Variables de Entorno:**\n"
RUTAS = "### 7. Código de Despliegue\n- **Rutas de Acceso:**\n"
RUTAS_COMPLETAS = "### 7. Código de Despliegue\n- **Rutas de Acceso a los Archivos:** "
BIBLIOTECAS = "### 3. Requisitos Técnicos\n- **Versiones de Software:**\n  - **Bibliotecas:**\n"


def _tamano(texto: str) -> str:
    assert len(texto.encode()) <= TAMANO_MAXIMO
    return texto


GENERADORES = {
    "encabezado con espacios y cierre": lambda: "# a" + " " * N + "#x",
    "encabezado de almohadillas": lambda: "# " + "#" * N + "x",
    "almohadillas solas": lambda: "#" * N,
    "asteriscos": lambda: "*" * N,
    "negrita sin cierre": lambda: "- **" + "a" * N,
    "negrita de asteriscos": lambda: "- **" + "*" * N,
    "dos puntos en la etiqueta": lambda: "- **a" + ":" * N,
    "dos puntos tras la etiqueta": lambda: "- **Python**" + " " * (N // 2) + ":" * (N // 2),
    "acentos graves": lambda: "`" * N,
    "cercos alternados": lambda: "```\n~~~\n" * (N // 8),
    "corchetes": lambda: "[" * N,
    "corchetes de cierre": lambda: "![" + "]" * N,
    "imagen sin cierre": lambda: "![a](" + "x" * N,
    "imagen con espacios": lambda: "![" + "a" * (N // 2) + "](" + " " * (N // 2),
    "numeracion con espacios": lambda: "## 1" + " " * N + ".x",
    "barras invertidas": lambda: "\\" * N + "#",
    "viñetas anidadas": lambda: ("  " * 50 + "- x\n") * (N // 105),
    "sangria de espacios": lambda: " " * N + "- **x**",
    "no aplica con espacios": lambda: (
        "- **Nombre del Modelo:** No aplica" + " " * (N // 2) + ":" + " " * (N // 2) + "x_"
    ),
    "muchos encabezados sin clasificar": lambda: "# x\n" * (N // 4),
    "muchas etiquetas repetidas": lambda: "- **Nombre del Modelo:** x\n" * (N // 27),
    "metadatos largos": lambda: "<!-- informe-metadatos\n" + "a: b\n" * (N // 5) + "-->\n",
    "una sola linea de texto": lambda: "a" * N,
    # Rows: each kind's item reader, on long items and on very long lists.
    "variable con espacios": lambda: VARIABLES + "  - A" + " " * N + "x",
    "variable con parentesis": lambda: VARIABLES + "  - `A`: " + "(" * (N // 2) + ")" * (N // 2),
    "variable con ejemplos": lambda: VARIABLES + "  - `A`: " + "(ejemplo " * (N // 9) + ")",
    "variable con acentos graves": lambda: VARIABLES + "  - `A`: (ejemplo " + "`" * N + ")",
    "ruta con espacios": lambda: RUTAS + "  - `a`" + " " * N + "x",
    "ruta sin cierre": lambda: RUTAS + "  - `" + "a" * N,
    "biblioteca con espacios": lambda: BIBLIOTECAS + "    - a" + " " * N + "x",
    "bibliotecas en una linea": lambda: BIBLIOTECAS + "    " + "a, " * (N // 3),
    "lista muy larga de bibliotecas": lambda: BIBLIOTECAS + "    - a 1\n" * (N // 10),
    "lista muy larga de variables invalidas": lambda: VARIABLES + "  - 1x\n" * (N // 7),
    # Rows from one line, from tables, from brackets; versions taken from prose.
    "rutas en una linea": lambda: RUTAS_COMPLETAS + "/a, " * (N // 4),
    "variables en una linea": lambda: VARIABLES + "  `A`, " * (N // 7),
    "bibliotecas entre corchetes": lambda: BIBLIOTECAS + "    [" + "a 1, " * (N // 5) + "]",
    "tabla de rutas": lambda: RUTAS_COMPLETAS + "| a | b |\n" * (N // 10),
    "tabla de una fila enorme": lambda: RUTAS_COMPLETAS + "|" + " a |" * (N // 4),
    "celdas con barras escapadas": lambda: RUTAS_COMPLETAS + "| " + "\\|" * (N // 2),
    "acentos graves en una linea": lambda: RUTAS_COMPLETAS + "`a`, " + "``, " * (N // 4),
    "corridas de acentos crecientes": lambda: (
        RUTAS_COMPLETAS + "".join("`" * i + "," for i in range(1, 1400))
    ),
    "corchetes anidados": lambda: "- **Nombre del Modelo:** " + "[" * (N // 2) + "]" * (N // 2),
    "version entre palabras": lambda: "- **Python:** " + "Python " * (N // 7),
    "encabezados distintos": lambda: "".join(f"# x{i}\n" for i in range(N // 10)),
    "etiqueta y encabezado alternos": lambda: "- **Nombre del Modelo:** x\n# y\n" * (N // 31),
    "secciones alternas con texto": lambda: "### 2. Plataforma de Despliegue\nx\n" * (N // 34),
    "subrayados": lambda: "- **Descripción del Modelo:** a\n" + "a\n===\n" * (N // 6),
    "ejemplo de la seccion 8": lambda: (
        "### 8. Documentación del Despliegue\n- **Instalación:** " + "_Ejemplo_ " * (N // 10)
    ),
    # One-line labels are validated as the form does: the validators see the whole line.
    "version de python enorme": lambda: "- **Python:** " + "1." * (N // 2) + "x",
    "biblioteca con version enorme": lambda: BIBLIOTECAS + "    - a " + "1." * (N // 2) + "x",
}


@pytest.mark.parametrize("nombre", GENERADORES)
def test_every_hostile_import_is_read_within_the_cpu_budget(nombre):
    texto = _tamano(GENERADORES[nombre]())
    gc.collect()  # garbage left by earlier tests is not the import's cost
    inicio = time.process_time()
    importer.leer(texto)
    assert time.process_time() - inicio < limites.CPU_IMPORTACION, nombre


@pytest.mark.django_db
@pytest.mark.parametrize(
    "nombre", ["encabezado con espacios y cierre", "muchos encabezados sin clasificar"]
)
def test_a_hostile_file_through_the_import_page_gets_a_page_not_an_error(client, nombre):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.factories import analista

    client.force_login(analista())
    archivo = SimpleUploadedFile("hostil.md", GENERADORES[nombre]().encode(), "text/markdown")
    gc.collect()
    inicio = time.process_time()
    respuesta = client.post(reverse("informes:importar"), {"archivo": archivo})
    assert time.process_time() - inicio < limites.CPU_IMPORTACION * 2, nombre
    assert respuesta.status_code in (200, 302), nombre


@pytest.mark.django_db
def test_the_summary_of_a_file_of_countless_stray_pieces_stays_small(client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from informes.importer.resumen import VISTA_SUELTOS
    from tests.factories import analista

    client.force_login(analista())
    # Repeated labels, each a stray piece, as many as a section's unclassified note holds.
    texto = "- **Nombre del Modelo:** x\n" * 700
    archivo = SimpleUploadedFile("hostil.md", texto.encode(), "text/markdown")
    respuesta = client.post(reverse("informes:importar"), {"archivo": archivo}, follow=True)
    resumen = respuesta.context["resumen"]
    assert len(resumen["sueltos"]) == VISTA_SUELTOS
    assert resumen["sueltos_omitidos"] == 699 - VISTA_SUELTOS
    assert "fragmentos más, también conservados en el borrador" in respuesta.content.decode()
    assert len(str(resumen)) < 200_000
