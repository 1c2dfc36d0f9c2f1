"""SVG rasterised to PNG by a child process, within budgets of elements, CPU, memory and time.

What CairoSVG spends grows with what a drawing draws, not with the file's size:
a 10 KB file that uses a path 300 times inside a group used 300 times draws
90,000 paths, and a viewBox that magnifies a circle 10^30 times kept it busy
for minutes. So every SVG is rasterised by a fresh Python process (this file,
run with ``python -I``) that first lowers its own limits (CPU seconds, address
space, no core file), then counts what the drawing would draw, expanding every
``<use>`` and ``url(#...)`` reference, and refuses before rendering when the
count passes the budget; the parent kills it when its wall-clock time is up.

The child reads nothing but its standard input: every external reference (a
file, a URL, even a ``data:`` image) reads as an empty drawing, and XML
entities are refused. This module imports nothing of Django, as the child runs
it as a script.
"""

import json
import re
import subprocess
import sys
from dataclasses import asdict, dataclass

# Why a rasterising was refused: the parent turns these into the user's messages.
INVALIDO = "invalido"  # not a drawing CairoSVG can read
COMPLEJO = "complejo"  # more elements, or deeper nesting, than the budget
PIXELES = "pixeles"  # a canvas larger than one diagram may be
PIXELES_INFORME = "pixeles_informe"  # larger than what is left of the report's pixels
COSTOSO = "costoso"  # killed at its CPU, memory or wall-clock budget

# How the child tells the parent which refusal it met.
_CODIGOS = {10: INVALIDO, 11: COMPLEJO, 12: PIXELES, 13: PIXELES_INFORME, 14: COSTOSO}
_SALIDAS = {motivo: codigo for codigo, motivo in _CODIGOS.items()}
FIRMA_PNG = b"\x89PNG\r\n\x1a\n"


class Rechazo(Exception):
    """The SVG was not rasterised; ``motivo`` says why (one of the names above)."""

    def __init__(self, motivo: str):
        super().__init__(motivo)
        self.motivo = motivo


@dataclass(frozen=True)
class Cotas:
    """The child's budgets: seconds of CPU, bytes of memory, elements and pixels."""

    cpu: int
    memoria: int
    elementos: int
    profundidad: int
    pixeles: int  # of one diagram
    lado: int  # longer side of one diagram
    pixeles_disponibles: int  # what the report has left


def rasterizar(datos: bytes, cotas: Cotas, *, segundos: float) -> bytes:
    """PNG bytes of the SVG ``datos``; raises ``Rechazo``.

    The child is killed after ``segundos`` of wall-clock time (``COSTOSO``).
    """
    # The command is fixed (this interpreter, this file, the budgets as JSON);
    # the untrusted SVG travels only through the child's standard input.
    orden = [sys.executable, "-I", __file__, json.dumps(asdict(cotas))]
    try:
        hijo = subprocess.run(  # noqa: S603
            orden, input=datos, capture_output=True, timeout=segundos
        )
    except subprocess.TimeoutExpired as error:
        raise Rechazo(COSTOSO) from error
    if hijo.returncode < 0:  # killed by a signal: SIGXCPU, or SIGKILL at the hard limit
        raise Rechazo(COSTOSO)
    if hijo.returncode != 0 or not hijo.stdout.startswith(FIRMA_PNG):
        raise Rechazo(_CODIGOS.get(hijo.returncode, INVALIDO))
    return hijo.stdout


# --- What the child counts before it draws.

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# Attributes whose url(#id) draws the referenced element once more.
REFERENCIAS = ("fill", "stroke", "clip-path", "mask", "filter", "style")
MARCADORES = ("marker", "marker-start", "marker-mid", "marker-end")
URL_LOCAL = re.compile(r"url\(\s*['\"]?#([^)'\"\s]+)")
NUMERO = re.compile(r"\d+")
# Weights, in elements, measured against CairoSVG 2.9 (10,000 rects: 1.2 s of CPU).
# Characters of geometry drawn for the price of one element: a path of 60,000
# segments (500 KB of ``d``) took what 8,000 rects do.
CARACTERES_POR_ELEMENTO = 100
# Text is laid out by Pango: 3,000 short labels took 3.3 s, and each 10
# characters of text cost about an element.
TEXTO = frozenset({"text", "tspan", "textPath"})
COSTO_TEXTO = 10
CARACTERES_DE_TEXTO_POR_ELEMENTO = 10
# A <use> costs more than the element it draws: CairoSVG looks its target up
# in the whole document each time (20,000 uses of one rect took 20 s).
COSTO_USO = 3
ELEMENTOS_POR_BUSQUEDA = 1000
# A mask, pattern, filter or clip path paints a surface of its own each time it
# is referenced (2,000 masked rects took 2.3 s).
COSTO_SUPERFICIE = 5


def _nombre(elemento) -> str:
    etiqueta = elemento.tag if isinstance(elemento.tag, str) else ""
    return etiqueta.rsplit("}", 1)[-1]


def _objetivo(valor: str | None, ids: dict):
    if valor and valor.startswith("#"):
        return ids.get(valor[1:])
    return None


def _dependencias(elemento, ids: dict, busqueda: int) -> tuple[int, list]:
    """The element's own cost, and what drawing it draws again: (element, times)."""
    nombre = _nombre(elemento)
    geometria = len(elemento.get("d", "")) + len(elemento.get("points", ""))
    texto = len(elemento.text or "") + len(elemento.tail or "")
    propio = 1 + geometria // CARACTERES_POR_ELEMENTO + texto // CARACTERES_DE_TEXTO_POR_ELEMENTO
    if nombre in TEXTO:
        propio += COSTO_TEXTO
    dependencias = [(hijo, 1) for hijo in elemento]
    if nombre in ("use", "tref"):
        propio += COSTO_USO + busqueda
        objetivo = _objetivo(elemento.get("href") or elemento.get(XLINK_HREF), ids)
        if objetivo is not None:
            dependencias.append((objetivo, 1))
    for atributo in REFERENCIAS:
        for referido in URL_LOCAL.findall(elemento.get(atributo, "")):
            if referido in ids:
                propio += COSTO_SUPERFICIE
                dependencias.append((ids[referido], 1))
    for atributo in MARCADORES:
        for referido in URL_LOCAL.findall(elemento.get(atributo, "")):
            if referido in ids:
                # A marker is drawn at every vertex of its path.
                puntos = elemento.get("d", "") + elemento.get("points", "")
                dependencias.append((ids[referido], 1 + len(NUMERO.findall(puntos)) // 2))
    return propio, dependencias


def contar(raiz, cotas: Cotas) -> int:
    """Elements the drawing would draw, each reference expanded; raises ``Rechazo``.

    Iterative, so neither depth nor a long chain of references can exhaust the
    stack; a reference cycle, a nesting deeper than the budget or a total above
    it is refused as ``COMPLEJO``. Totals are capped just above the budget.
    """
    ids, total_elementos = {}, 0
    pila = [(raiz, 1)]
    while pila:
        elemento, profundidad = pila.pop()
        if profundidad > cotas.profundidad:
            raise Rechazo(COMPLEJO)
        total_elementos += 1
        if elemento.get("id"):
            ids.setdefault(elemento.get("id"), elemento)
        pila.extend((hijo, profundidad + 1) for hijo in elemento)
    busqueda = total_elementos // ELEMENTOS_POR_BUSQUEDA
    tope = cotas.elementos + 1
    costos: dict = {}
    en_curso: dict = {}  # element -> (own cost, dependencies), while its own are counted
    pila = [(raiz, False)]
    while pila:
        elemento, terminado = pila.pop()
        if terminado:
            propio, dependencias = en_curso.pop(elemento)
            total = propio + sum(costos[d] * veces for d, veces in dependencias)
            costos[elemento] = min(total, tope)
            continue
        if elemento in costos:
            continue
        if elemento in en_curso:
            raise Rechazo(COMPLEJO)  # a reference cycle draws forever
        en_curso[elemento] = _dependencias(elemento, ids, busqueda)
        pila.append((elemento, True))
        for dependencia, _ in en_curso[elemento][1]:
            if dependencia not in costos:
                pila.append((dependencia, False))
    if costos[raiz] > cotas.elementos:
        raise Rechazo(COMPLEJO)
    return costos[raiz]


# --- The child.

SVG_VACIO = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'


def _sin_recursos_externos(url, *args, **kwargs) -> bytes:
    # What every external reference reads as: an empty drawing, so the renderer
    # never opens a file, a URL or an embedded image that could be a pixel bomb.
    return SVG_VACIO


def _dibujar(datos: bytes, cotas: Cotas) -> bytes:
    import io

    from cairosvg.parser import Tree
    from cairosvg.surface import PNGSurface
    from defusedxml import ElementTree

    class SuperficieAcotada(PNGSurface):
        """A PNG surface that refuses to allocate more pixels than the caps."""

        def _create_surface(self, width, height):
            if width * height > cotas.pixeles or max(width, height) > cotas.lado:
                raise Rechazo(PIXELES)
            if width * height > cotas.pixeles_disponibles:
                raise Rechazo(PIXELES_INFORME)
            return super()._create_surface(width, height)

    try:
        contar(ElementTree.fromstring(datos), cotas)
        arbol = Tree(bytestring=datos, unsafe=False, url_fetcher=_sin_recursos_externos)
        salida = io.BytesIO()
        SuperficieAcotada(arbol, salida, 96).finish()
    except (Rechazo, MemoryError):
        raise
    except Exception as error:  # CairoSVG raises many kinds on malformed input.
        if "NO_MEMORY" in str(error):
            raise Rechazo(COSTOSO) from error
        raise Rechazo(INVALIDO) from error
    return salida.getvalue()


def _hijo(argumentos: list[str]) -> int:
    import resource

    cotas = Cotas(**json.loads(argumentos[0]))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (cotas.cpu, cotas.cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (cotas.memoria, cotas.memoria))
    try:
        png = _dibujar(sys.stdin.buffer.read(), cotas)
    except Rechazo as rechazo:
        return _SALIDAS[rechazo.motivo]
    except MemoryError:
        return _SALIDAS[COSTOSO]
    sys.stdout.buffer.write(png)
    return 0


if __name__ == "__main__":
    sys.exit(_hijo(sys.argv[1:]))
