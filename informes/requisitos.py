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

_NOMBRE = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_REQUISITO = re.compile(
    rf"^(?P<nombre>{_NOMBRE})\s*(?P<extras>\[[A-Za-z0-9._,\s-]*\])?\s*(?P<version>[=!<>~].*)?$"
)

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
    return re.split(r"\s+#", linea, maxsplit=1)[0].strip()


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
        coincidencia = _REQUISITO.match(linea)
        if not coincidencia:
            resultado.omitidas.append(Omitida(numero, original.strip(), str(MOTIVO_ILEGIBLE)))
            continue
        nombre = coincidencia["nombre"]
        extras = re.sub(r"\s+", "", coincidencia["extras"] or "")
        version = _version_limpia(coincidencia["version"] or "")
        if version.startswith("==") and "," not in version and not version.startswith("==="):
            version = version[2:]  # a pin reads as a plain version, like the template's example
        resultado.filas.append({"nombre": nombre + extras, "version": version})
    return resultado
