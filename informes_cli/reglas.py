"""What the server accepts in each label the client fills, checked before anything is sent.

The patterns are the server's own (``informes.models.informe``), copied because
this package does not import Django; a test holds the two copies equal. A value
that would be refused is left out, and the table says why, so that one odd line
of a requirements file never makes the whole draft fail.
"""

import re

VERSION_RE = re.compile(
    r"^[0-9]+(\.[0-9]+)*([a-zA-Z]+[0-9]*)?(\.(post|dev)[0-9]+)?(\+[a-zA-Z0-9.]+)?$"
)
ESPECIFICADOR_RE = re.compile(
    r"^((==|!=|<=|>=|~=|===|<|>)?\s*[0-9]+(\.[0-9]+|\.\*)*([a-zA-Z]+[0-9]*)?(\.(post|dev)[0-9]+)?"
    r"(\+[a-zA-Z0-9.]+)?)(\s*,\s*(==|!=|<=|>=|~=|<|>)\s*[0-9]+(\.[0-9]+|\.\*)*"
    r"([a-zA-Z]+[0-9]*)?(\.(post|dev)[0-9]+)?)*$"
)
NOMBRE_PAQUETE_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?(\[[A-Za-z0-9._,-]+\])?$")
NOMBRE_VARIABLE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
CONTROLES_RE = re.compile(
    r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
SALTOS_RE = re.compile(r"[\n\r\x0c\x85\u2028\u2029]")

LARGO_LINEA = 200
FILAS_MAXIMAS = 200
# Column widths of the rows, as the server's models declare them.
LARGOS = {
    "bibliotecas": {"nombre": 100, "version": 60},
    "rutas": {"ruta": 500, "proposito": 200},
    "variables_entorno": {"nombre": 100, "proposito": 200, "valor_ejemplo": 200},
}


def linea_valida(texto: str, largo: int = LARGO_LINEA) -> bool:
    """One line of at most ``largo`` characters, without invisible or control characters."""
    return (
        len(texto) <= largo
        and CONTROLES_RE.search(texto) is None
        and SALTOS_RE.search(texto) is None
    )


def version_python_valida(texto: str) -> bool:
    return VERSION_RE.match(texto) is not None


def fila_valida(campo: str, fila: dict) -> bool:
    """Whether the server takes ``fila`` as a row of ``campo``."""
    for columna, largo in LARGOS[campo].items():
        if not linea_valida(fila.get(columna, ""), largo):
            return False
    if campo == "bibliotecas":
        version = fila.get("version", "")
        return NOMBRE_PAQUETE_RE.match(fila["nombre"]) is not None and (
            not version or ESPECIFICADOR_RE.match(version) is not None
        )
    if campo == "variables_entorno":
        return NOMBRE_VARIABLE_RE.match(fila["nombre"]) is not None
    return bool(fila.get("ruta", "").strip())
