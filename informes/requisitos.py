"""Library rows from a pasted ``requirements.txt`` or ``pip freeze`` output.

Pinned (``x==1.2``), ranged (``x>=1,<2``, ``x~=1.4``) and bare names become
rows; extras (``x[y]==1``) keep their bracket; comments, environment markers
and trailing ``--hash`` options are dropped. Options (``-r``, ``-e``,
``--index-url``), URLs and VCS references cannot be a row: they are skipped
and reported back, line by line, so the analyst knows what was left out.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

LINEAS_MAXIMAS = 500

# A name, then maybe extras, then maybe a specifier, taken apart one after the
# other: one pattern with whitespace quantifiers on both sides of the optional
# extras went quadratic on a pasted line of spaces (20,000 took 7 s).
NOMBRE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
EXTRAS = re.compile(r"\[[A-Za-z0-9._,\s-]*\]")
INICIO_VERSION = frozenset("=!<>~")

MOTIVO_OPCION = _("opción de pip, no es una biblioteca")
MOTIVO_URL = _("dirección o ruta en lugar de un nombre de paquete")
MOTIVO_ILEGIBLE = _("no parece un requisito")
MOTIVO_DEMASIADAS = _("se leen como máximo 500 líneas")


@dataclass(frozen=True)
class Omitida:
    numero: int
    linea: str
    motivo: str


@dataclass
class Resultado:
    filas: list[dict[str, str]] = field(default_factory=list)
    omitidas: list[Omitida] = field(default_factory=list)


def _sin_comentario(linea: str) -> str:
    # pip treats " #" (hash after whitespace) or a leading "#" as a comment.
    if linea.lstrip().startswith("#"):
        return ""
    almohadilla = linea.find("#", 1)
    while almohadilla > 0 and not linea[almohadilla - 1].isspace():
        almohadilla = linea.find("#", almohadilla + 1)
    return (linea[:almohadilla] if almohadilla > 0 else linea).strip()


def _partes(linea: str) -> tuple[str, str, str] | None:
    """(name, extras, specifier) of a requirement line, or None when it is not one."""
    nombre = NOMBRE.match(linea)
    if nombre is None:
        return None
    resto = linea[nombre.end() :].lstrip()
    extras = EXTRAS.match(resto)
    if extras is not None:
        resto = resto[extras.end() :].lstrip()
    if resto and resto[0] not in INICIO_VERSION:
        return None
    return nombre.group(), extras.group() if extras else "", resto


def _version_limpia(texto: str) -> str:
    # "--hash=sha256:..." options may follow the specifier on the same line.
    texto = re.split(r"\s--", " " + texto, maxsplit=1)[0]
    return re.sub(r"\s+", "", texto)


def leer(texto: str) -> Resultado:
    """Parse ``texto`` into library rows ``{"nombre", "version"}`` and skipped lines."""
    resultado = Resultado()
    # Backslash continuations join lines, as pip does.
    lineas = (texto or "").replace("\\\r\n", " ").replace("\\\n", " ").splitlines()
    for numero, original in enumerate(lineas, start=1):
        if numero > LINEAS_MAXIMAS:
            resultado.omitidas.append(Omitida(numero, "…", str(MOTIVO_DEMASIADAS)))
            break
        linea = _sin_comentario(original)
        if not linea:
            continue
        # Environment markers ("; python_version < '3.12'") do not belong in a row.
        linea = linea.split(";", 1)[0].strip()
        if linea.startswith("-"):
            resultado.omitidas.append(Omitida(numero, original.strip(), str(MOTIVO_OPCION)))
            continue
        if "://" in linea or " @ " in linea or linea.startswith((".", "/")):
            resultado.omitidas.append(Omitida(numero, original.strip(), str(MOTIVO_URL)))
            continue
        partes = _partes(linea)
        if partes is None:
            resultado.omitidas.append(Omitida(numero, original.strip(), str(MOTIVO_ILEGIBLE)))
            continue
        nombre, extras, version = partes
        extras = re.sub(r"\s+", "", extras)
        version = _version_limpia(version)
        if version.startswith("==") and "," not in version and not version.startswith("==="):
            version = version[2:]  # a pin reads as a plain version, like the template's example
        resultado.filas.append({"nombre": nombre + extras, "version": version})
    return resultado
