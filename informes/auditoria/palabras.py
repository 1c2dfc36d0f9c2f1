"""Word-level differences between two texts, within a budget of work, for the compare page.

Texts are cut into words, runs of spaces and single signs (in linear time);
the common start and end are set aside and the middle is matched by Myers'
algorithm, whose work grows with the tokens times the differences: it stops
when a page's shared budget (``Presupuesto``, ``limites.PASOS_PALABRAS``
steps) is spent, and what it could not match shows as one removed and one
added block. (difflib's matcher was not used: on repetitive texts it took
10 s for two fields of 700 words.)
"""

import re
from array import array
from dataclasses import dataclass

from .. import limites

FICHA = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Trozo:
    tipo: str  # "igual", "quitado" or "agregado"
    texto: str


class Presupuesto:
    """Steps of matching one page may still spend, shared by all its texts."""

    def __init__(self, pasos: int = limites.PASOS_PALABRAS):
        self.restantes = pasos


def diferencias(a: str, b: str, presupuesto: Presupuesto | None = None) -> tuple[list, list]:
    """``a`` as unchanged and removed pieces (``Trozo``), ``b`` as unchanged and added ones."""
    presupuesto = presupuesto or Presupuesto()
    fa, fb = FICHA.findall(a), FICHA.findall(b)
    inicio = 0
    while inicio < min(len(fa), len(fb)) and fa[inicio] == fb[inicio]:
        inicio += 1
    fin = 0
    while fin < min(len(fa), len(fb)) - inicio and fa[-1 - fin] == fb[-1 - fin]:
        fin += 1
    medio_a, medio_b = fa[inicio : len(fa) - fin], fb[inicio : len(fb) - fin]
    trozos_a = [Trozo("igual", "".join(fa[:inicio]))]
    trozos_b = [Trozo("igual", "".join(fb[:inicio]))]
    pasos = _myers(medio_a, medio_b, presupuesto)
    if pasos is None:
        pasos = [("-", medio_a), ("+", medio_b)]
    for operacion, fichas in _sin_espacios_sueltos(pasos):
        texto = "".join(fichas)
        if operacion == "=":
            trozos_a.append(Trozo("igual", texto))
            trozos_b.append(Trozo("igual", texto))
        elif operacion == "-":
            trozos_a.append(Trozo("quitado", texto))
        else:
            trozos_b.append(Trozo("agregado", texto))
    trozos_a.append(Trozo("igual", "".join(fa[len(fa) - fin :])))
    trozos_b.append(Trozo("igual", "".join(fb[len(fb) - fin :])))
    return _juntos(trozos_a), _juntos(trozos_b)


def _myers(a: list, b: list, presupuesto: Presupuesto) -> list[tuple[str, list]] | None:
    """A shortest edit script from ``a`` to ``b`` as runs of "=", "-" and "+" tokens.

    None when matching would spend more than the budget left. The trace keeps,
    per step d, the furthest points of diagonals -d-1..d+1 in a machine-int
    array: at the budget's end about 8 MB.
    """
    n, m = len(a), len(b)
    centro = n + m + 1
    v = array("i", bytes(4 * (2 * centro + 1)))
    trazas = []
    for d in range(n + m + 1):
        trazas.append(v[centro - d - 1 : centro + d + 2])
        presupuesto.restantes -= 2 * d + 1
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[centro + k - 1] < v[centro + k + 1]):
                x = v[centro + k + 1]
            else:
                x = v[centro + k - 1] + 1
            y, desde = x - k, x
            while x < n and y < m and a[x] == b[y]:
                x += 1
                y += 1
            presupuesto.restantes -= x - desde
            v[centro + k] = x
            if x >= n and y >= m:
                return _camino(trazas, a, b)
        if presupuesto.restantes < 0:
            return None
    return _camino(trazas, a, b)


def _camino(trazas: list, a: list, b: list) -> list[tuple[str, list]]:
    """The moves of the search's trace, from the end back to the start, as runs."""
    x, y = len(a), len(b)
    movimientos = []
    for d in range(len(trazas) - 1, -1, -1):
        traza = trazas[d]  # diagonal k at position k + d + 1
        k = x - y
        if k == -d or (k != d and traza[k - 1 + d + 1] < traza[k + 1 + d + 1]):
            anterior_k = k + 1
        else:
            anterior_k = k - 1
        anterior_x = traza[anterior_k + d + 1]
        anterior_y = anterior_x - anterior_k
        while x > anterior_x and y > anterior_y:
            x, y = x - 1, y - 1
            movimientos.append(("=", a[x]))
        if d > 0:
            if x == anterior_x:
                movimientos.append(("+", b[y - 1]))
            else:
                movimientos.append(("-", a[x - 1]))
        x, y = anterior_x, anterior_y
    movimientos.reverse()
    runs: list[tuple[str, list]] = []
    for operacion, ficha in movimientos:
        if runs and runs[-1][0] == operacion:
            runs[-1][1].append(ficha)
        else:
            runs.append((operacion, [ficha]))
    return runs


def _sin_espacios_sueltos(pasos: list[tuple[str, list]]) -> list[tuple[str, list]]:
    """A space kept between two changes joins them: «un F1» → «una exactitud» reads
    as one change, not two words changed around a space that stayed."""
    resultado = []
    for n, (operacion, fichas) in enumerate(pasos):
        entre_cambios = 0 < n < len(pasos) - 1 and "=" not in (pasos[n - 1][0], pasos[n + 1][0])
        if operacion == "=" and entre_cambios and not "".join(fichas).strip():
            resultado += [("-", fichas), ("+", fichas)]
        else:
            resultado.append((operacion, fichas))
    return resultado


def _juntos(trozos: list[Trozo]) -> list[Trozo]:
    """Empty pieces dropped, neighbours of one kind joined."""
    resultado: list[Trozo] = []
    for trozo in trozos:
        if not trozo.texto:
            continue
        if resultado and resultado[-1].tipo == trozo.tipo:
            resultado[-1] = Trozo(trozo.tipo, resultado[-1].texto + trozo.texto)
        else:
            resultado.append(trozo)
    return resultado
