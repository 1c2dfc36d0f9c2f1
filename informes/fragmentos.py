"""Inline pieces of the Markdown dialect: code spans, one-line lists, table rows, captions.

Each writer here has a reader that gives back exactly what was written, so a
row or a caption survives any number of round trips; the readers also accept
what people write by hand. Every reader is linear in the length of its text
(a single line of an import may be 1 MB long): runs are found with patterns of
one quantifier, and each scan visits a character a bounded number of times.
"""

import re

ACENTOS = re.compile(r"`+")
ESPECIALES_LISTA = re.compile(r"[,;]|`+")
BARRAS = re.compile(r"\\*")
ESPACIOS = re.compile(r"[ \t]*")

# --- Code spans: `texto`, fenced so that any backtick inside is kept.


def codigo(texto: str) -> str:
    """``texto`` as a CommonMark code span that reads back as exactly ``texto``.

    The fence is one backtick longer than the longest run inside; a space pads
    both sides when the text starts or ends with a backtick, or starts and ends
    with a space (CommonMark removes one such space from each side).
    """
    mas_larga = max((len(m.group()) for m in ACENTOS.finditer(texto)), default=0)
    cerco = "`" * (mas_larga + 1)
    relleno = (
        texto[:1] == "`"
        or texto[-1:] == "`"
        or (texto[:1] == " " and texto[-1:] == " " and bool(texto.strip(" ")))
    )
    espacio = " " if relleno else ""
    return f"{cerco}{espacio}{texto}{espacio}{cerco}"


def _contenido_codigo(crudo: str) -> str:
    if crudo[:1] == " " and crudo[-1:] == " " and crudo.strip(" "):
        return crudo[1:-1]
    return crudo


def leer_codigo(texto: str, inicio: int = 0) -> tuple[str, int] | None:
    """(content, end) of the code span opening at ``inicio``, or None.

    The span closes at the next run of exactly as many backticks as opened it.
    """
    apertura = ACENTOS.match(texto, inicio)
    if apertura is None:
        return None
    largo = len(apertura.group())
    for cierre in ACENTOS.finditer(texto, apertura.end()):
        if len(cierre.group()) == largo:
            return _contenido_codigo(texto[apertura.end() : cierre.start()]), cierre.end()
    return None


def codigo_final(texto: str, fin: int) -> tuple[str, int] | None:
    """(content, start) of a code span that closes exactly at ``fin``, or None.

    Read backwards: the run of backticks ending at ``fin`` and the nearest run
    of the same length before it.
    """
    corridas = [(m.start(), m.end()) for m in ACENTOS.finditer(texto, 0, fin)]
    if not corridas or corridas[-1][1] != fin:
        return None
    inicio_cierre, _ = corridas[-1]
    largo = fin - inicio_cierre
    for inicio, final in reversed(corridas[:-1]):
        if final - inicio == largo:
            return _contenido_codigo(texto[final:inicio_cierre]), inicio
    return None


def sin_codigo(texto: str) -> str:
    """A value written as a code span (`` `x` ``) without its fence; anything else as is."""
    limpio = texto.strip()
    leido = leer_codigo(limpio) if limpio.startswith("`") else None
    if leido is not None and leido[1] == len(limpio):
        return leido[0]
    return limpio


# --- One-line lists: "a, b; c", split outside code spans.


def _saltos_de_codigo(texto: str) -> dict[int, int]:
    """For each run of backticks that opens a code span: where the span ends.

    Worked out once for the whole line (each run paired with the next run of
    the same length), so splitting never rescans the rest of a long line.
    """
    corridas = [(m.start(), m.end()) for m in ACENTOS.finditer(texto)]
    siguiente: dict[int, int] = {}
    ultimo_de_largo: dict[int, int] = {}
    for indice in range(len(corridas) - 1, -1, -1):
        inicio, fin = corridas[indice]
        largo = fin - inicio
        if largo in ultimo_de_largo:
            siguiente[indice] = ultimo_de_largo[largo]
        ultimo_de_largo[largo] = indice
    saltos, indice = {}, 0
    while indice < len(corridas):
        inicio, fin = corridas[indice]
        if indice in siguiente:
            cierre = siguiente[indice]
            saltos[inicio] = corridas[cierre][1]
            indice = cierre + 1
        else:
            saltos[inicio] = fin
            indice += 1
    return saltos


def separar_lista(linea: str, *, antes_de_letra: bool = False) -> list[str]:
    """The items of a comma- or semicolon-separated line, outside code spans.

    With ``antes_de_letra`` a separator counts only before a letter (after
    spaces), so ">=1.0,<2" stays one library version; otherwise only before a
    space or the end, so a path such as "/datos/a,b" stays one path.
    """
    saltos = _saltos_de_codigo(linea) if "`" in linea else {}
    partes, inicio, largo = [], 0, len(linea)
    especial = ESPECIALES_LISTA.search(linea)
    while especial is not None:
        posicion = especial.start()
        if posicion in saltos:
            especial = ESPECIALES_LISTA.search(linea, saltos[posicion])
            continue
        if linea[posicion] in ",;":
            siguiente = ESPACIOS.match(linea, posicion + 1).end()
            if antes_de_letra:
                corta = siguiente < largo and linea[siguiente].isalpha()
            else:
                corta = siguiente > posicion + 1 or siguiente == largo
            if corta:
                partes.append(linea[inicio:posicion])
                inicio = posicion + 1
        especial = ESPECIALES_LISTA.search(linea, posicion + 1)
    partes.append(linea[inicio:])
    return [p.strip() for p in partes if p.strip()]


# --- Table rows: "| a | b |".

SEPARADOR_TABLA = re.compile(r":?-+:?")


def celdas(linea: str) -> list[str] | None:
    """The cells of a table row (``| a | b |``), unescaping ``\\|``; None for other lines."""
    limpia = linea.strip()
    if not limpia.startswith("|") or len(limpia) < 2:
        return None
    cuerpo = limpia[1:-1] if limpia.endswith("|") and not limpia.endswith("\\|") else limpia[1:]
    if "\\|" not in cuerpo:
        return [c.strip() for c in cuerpo.split("|")]
    resultado, actual, posicion = [], [], 0
    while posicion < len(cuerpo):
        caracter = cuerpo[posicion]
        if caracter == "\\" and cuerpo[posicion + 1 : posicion + 2] == "|":
            actual.append("|")
            posicion += 2
            continue
        if caracter == "|":
            resultado.append("".join(actual).strip())
            actual = []
        else:
            actual.append(caracter)
        posicion += 1
    resultado.append("".join(actual).strip())
    return resultado


def es_separador_tabla(celdas_: list[str]) -> bool:
    return bool(celdas_) and all(SEPARADOR_TABLA.fullmatch(c) for c in celdas_)


# --- Escaped characters: one backslash before each of ``especiales``.


def escapar_caracteres(texto: str, especiales: str) -> str:
    return "".join("\\" + c if c in especiales or c == "\\" else c for c in texto)


def hasta_sin_escapar(texto: str, inicio: int, marca: str) -> tuple[str, int] | None:
    """(unescaped text, position of ``marca``) from ``inicio`` up to the first ``marca``
    not escaped by a backslash; None when there is none."""
    resultado, posicion = [], inicio
    while posicion < len(texto):
        caracter = texto[posicion]
        if caracter == "\\" and posicion + 1 < len(texto):
            resultado.append(texto[posicion + 1])
            posicion += 2
            continue
        if caracter == marca:
            return "".join(resultado), posicion
        resultado.append(caracter)
        posicion += 1
    return None


# --- Diagrams: the image line and its numbered caption.

PIE_FIGURA = re.compile(r"_Figura (?P<numero>\d{1,6})\. ")


def figura(*, titulo: str, leyenda: str, posicion: int, ruta: str) -> str:
    """A diagram as the export writes it: the image, a blank line, its numbered caption.

    The caption carries the title exactly (``_`` and ``\\`` escaped); the image's
    alternative text cannot, as brackets have no escape there.
    """
    alternativo = " ".join(titulo.split()).replace("]", ")").replace("[", "(")
    pie = f"_Figura {posicion}. {escapar_caracteres(titulo, '_*')}_"
    if leyenda:
        pie += f" {leyenda}"
    return f"![{alternativo}]({ruta})\n\n{pie}"


def leer_pie(linea: str) -> tuple[str, str] | None:
    """(title, caption) of a line ``figura`` wrote; None for other lines."""
    m = PIE_FIGURA.match(linea)
    if m is None:
        return None
    titulo = hasta_sin_escapar(linea, m.end(), "_")
    if titulo is None:
        return None
    texto, cierre = titulo
    resto = linea[cierre + 1 :]
    if resto and not resto.startswith(" "):
        return None
    return texto, resto[1:]
