"""Rows as Markdown list items, kind by kind: what the export writes and the import reads.

Each reader gives back exactly the values its writer wrote (the round trip is
tested on arbitrary values), and also reads what people write by hand:
``numpy==1.26``, ``numpy (1.26)``, a bare path, ``NOMBRE=valor``. Every reader
is linear in the length of its item; text longer than any valid row is
refused before a parser sees it.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from .estructura import item
from .fragmentos import codigo, codigo_final, leer_codigo, sin_codigo
from .models.informe import validar_especificador, validar_nombre_paquete

# Longer than any valid row (a name of 100 characters, a version of 60): a
# longer item is text, and no parser is ever given a megabyte.
LARGO_ITEM = 1_000

# --- Libraries: "scikit-learn 1.5.2", also "x==1.0", "x>=1.0", "x (1.0)" and "x: 1.0".


def escribir_biblioteca(fila: Mapping) -> str:
    return f"{fila['nombre']} {fila['version']}".strip()


# What the rows' own columns hold at most: longer text is never a name or version.
LARGO_NOMBRE, LARGO_VERSION = 100, 60


def _valido(validador, texto: str) -> bool:
    try:
        validador(texto)
    except ValidationError:
        return False
    return True


def _es_nombre(texto: str) -> bool:
    """A distribution name, maybe with extras (``x[y]``), and nothing else.

    As packaging reads it, or as the row's own column accepts it (the export
    writes what the column holds).
    """
    if not texto or len(texto) > LARGO_NOMBRE:
        return False
    try:
        requisito = Requirement(texto)
    except InvalidRequirement:
        return _valido(validar_nombre_paquete, texto)
    return not (requisito.specifier or requisito.url or requisito.marker)


def _es_version(texto: str) -> bool:
    """A version (``1.26``) or a specifier (``>=1.0,<2``), as packaging or the column reads it."""
    if not texto or len(texto) > LARGO_VERSION:
        return False
    try:
        Version(texto)
    except InvalidVersion:
        try:
            SpecifierSet(texto)
        except InvalidSpecifier:
            return _valido(validar_especificador, texto)
    return True


def _sin_parentesis(texto: str) -> str:
    if texto.startswith("(") and texto.endswith(")"):
        return texto[1:-1].strip()
    return texto


def leer_biblioteca(texto: str) -> dict | None:
    """``{"nombre", "version"}`` of a library item, or None when it is not one.

    The export writes the name, a space and the version as stored: that
    version is taken as written. ``x==1.0`` is a pin, read as ``1.0``.
    """
    limpio = sin_codigo(texto)
    if not limpio or len(limpio) > LARGO_ITEM:
        return None
    nombre, _, resto = limpio.partition(" ")
    nombre = nombre.removesuffix(":")
    resto = _sin_parentesis(resto.strip())
    if resto[:1] in ("v", "V") and _es_version(resto[1:]):
        resto = resto[1:]  # "numpy v1.26"
    if _es_nombre(nombre) and (not resto or _es_version(resto)):
        return {"nombre": nombre, "version": resto}
    try:
        requisito = Requirement(limpio)
    except InvalidRequirement:
        return None
    if requisito.url or requisito.marker:
        return None
    # The version as written after the name and its extras, not packaging's rewrite.
    corte = limpio.find("]") + 1 if "[" in limpio else len(requisito.name)
    version = _sin_parentesis(limpio[corte:].strip())
    if version.startswith("==") and "," not in version and not version.startswith("==="):
        version = version[2:].strip()
    return {"nombre": limpio[:corte].replace(" ", ""), "version": version}


# --- Paths: "`/ruta`: propósito".

SEPARADORES = frozenset(":-—–")
SEPARADORES_SUELTOS = (": ", " — ", " – ", " - ")


def escribir_ruta(fila: Mapping) -> str:
    proposito = fila["proposito"]
    return codigo(fila["ruta"]) + (f": {proposito}" if proposito else "")


def leer_ruta(texto: str) -> dict | None:
    """``{"ruta", "proposito"}`` of ``/ruta`` or ``/ruta: propósito``, in backticks or not."""
    texto = texto.strip()
    if not texto or len(texto) > LARGO_ITEM:
        return None
    leido = leer_codigo(texto) if texto.startswith("`") else None
    if leido is not None:
        ruta, fin = leido
        resto = texto[fin:].strip()
        if resto[:1] in SEPARADORES:
            return {"ruta": ruta, "proposito": resto[1:].strip()}
        return {"ruta": ruta, "proposito": _sin_parentesis(resto)}
    for separador in SEPARADORES_SUELTOS:
        ruta, encontrado, proposito = texto.partition(separador)
        if encontrado and ruta.strip():
            return {"ruta": ruta.strip(), "proposito": proposito.strip()}
    return {"ruta": texto, "proposito": ""}


# --- Environment variables: "`NOMBRE`: propósito (ejemplo: `valor`)".

SEPARADORES_VARIABLE = SEPARADORES | {"="}
PALABRAS_EJEMPLO = ("ejemplo", "e.g.")


def _es_identificador(texto: str) -> bool:
    return texto.isascii() and texto.replace("_", "a").isalnum() and not texto[:1].isdigit()


def _ejemplo_final(texto: str) -> tuple[int, str] | None:
    """(where "(" opens, value) of a trailing "(ejemplo: `valor`)"; None without one.

    The value is a code span (as the export writes it) or, by hand, plain text
    without parentheses; "ejemplo" may be "e.g.", the colon may be missing.
    """
    if not texto.endswith(")"):
        return None
    cierre = len(texto) - 1
    leido = codigo_final(texto, cierre)
    if leido is not None:
        valor, inicio_valor = leido
        abre = texto.rfind("(", 0, inicio_valor)
        palabra = texto[abre + 1 : inicio_valor].strip().removesuffix(":").rstrip()
        if abre < 0 or palabra.lower() not in PALABRAS_EJEMPLO:
            return None
        return abre, valor
    abre = texto.rfind("(", 0, cierre)
    dentro = texto[abre + 1 : cierre]
    if abre < 0 or ")" in dentro:
        return None
    palabra, _, valor = dentro.strip().partition(" ")
    if palabra.removesuffix(":").lower() not in PALABRAS_EJEMPLO:
        return None
    return abre, valor.strip().removeprefix(":").strip()


def _barras_antes(texto: str, posicion: int) -> int:
    return posicion - len(texto[:posicion].rstrip("\\"))


def escribir_variable(fila: Mapping) -> str:
    """``NOMBRE``, its purpose and its example in backticks.

    A purpose that ends as an example would read, with no example of its own,
    gets a backslash before that parenthesis; the reader removes it.
    """
    texto = codigo(fila["nombre"])
    proposito, valor = fila["proposito"], fila["valor_ejemplo"]
    if proposito and not valor:
        final = _ejemplo_final(proposito)
        if final is not None:
            proposito = proposito[: final[0]] + "\\" + proposito[final[0] :]
    if proposito:
        texto += f": {proposito}"
    if valor:
        texto += f" (ejemplo: {codigo(valor)})"
    return texto


def leer_variable(texto: str) -> dict | None:
    """``{"nombre", "proposito", "valor_ejemplo"}`` of a variable item, or None.

    ``NOMBRE=valor`` (a ``.env`` line) reads the value as the example.
    """
    texto = texto.strip()
    if not texto or len(texto) > LARGO_ITEM:
        return None
    leido = leer_codigo(texto) if texto.startswith("`") else None
    if leido is not None:
        nombre, fin = leido
    else:
        fin = len(texto)
        for posicion, caracter in enumerate(texto):
            if not (caracter.isascii() and (caracter.isalnum() or caracter == "_")):
                fin = posicion
                break
        nombre = texto[:fin]
    if not _es_identificador(nombre):
        return None
    resto = texto[fin:].strip()
    valor = ""
    final = _ejemplo_final(resto)
    if final is not None and not _barras_antes(resto, final[0]):
        resto, valor = resto[: final[0]].strip(), final[1]
    elif final is not None:
        resto = resto[: final[0] - 1] + resto[final[0] :]  # the writer's backslash
    if resto and resto[0] not in SEPARADORES_VARIABLE:
        return None
    proposito = resto[1:].strip()
    if resto[:1] == "=" and not valor:
        proposito, valor = "", sin_codigo(proposito)
    return {"nombre": nombre, "proposito": proposito, "valor_ejemplo": valor}


def texto_de_item(linea: str) -> str | None:
    """The text of a list item (bullet or number), or None."""
    texto = item(linea)
    if texto is not None:
        return texto
    cuerpo = linea.lstrip(" \t")
    digitos = len(cuerpo) - len(cuerpo.lstrip("0123456789"))
    numerado = 0 < digitos <= 9 and cuerpo[digitos : digitos + 1] in (".", ")")
    if numerado and cuerpo[digitos + 1 : digitos + 2] in (" ", "\t"):
        return cuerpo[digitos + 2 :].lstrip(" \t")
    return None
