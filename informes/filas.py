"""The rows a report lists, each kind declared once: libraries, paths, variables, diagrams.

For each kind: its model and columns, its natural key (how the rows of two
versions are matched by the audit trail's diffs, and by a merge), whether that
key is unique in a report, and for the listed kinds the Markdown list item the
export writes and the importer reads back. The forms build their formsets from
it, the services save and copy rows by it, the snapshots, the export, the
importer and the templates (through ``templatetags.filas``) lay rows out by it.
Every reader here is linear in the length of its text.
"""

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import limites
from .dialecto import una_linea
from .models import Biblioteca, Diagrama, Informe, RutaArchivo, VariableEntorno


@dataclass(frozen=True)
class Columna:
    nombre: str  # the model field
    titulo: str  # its header in the report's tables
    codigo: bool = False  # shown as code: paths, names, values


@dataclass(frozen=True)
class TipoFila:
    """One kind of row: what it holds and how it is written and read."""

    campo: str  # the template's label, and the report's related name for its rows
    modelo: type[models.Model]
    columnas: tuple[Columna, ...]
    clave: tuple[str, ...]  # the natural key, for diffs and merges
    clave_unica: bool = False  # one row per key in a report (a database constraint too)
    mensaje_repetida: str = ""  # what the form says of a repeated key
    escribir: Callable[[Mapping], str] | None = None  # the row as one Markdown list item
    leer: Callable[[str], dict | None] | None = None  # a list item back into values
    en_una_linea: bool = False  # also read from one comma-separated line, as the template has
    imagen: bool = False  # each row carries an uploaded image, fingerprinted by its SHA-256

    @property
    def nombres(self) -> tuple[str, ...]:
        return tuple(c.nombre for c in self.columnas)

    @property
    def columnas_instantanea(self) -> tuple[str, ...]:
        """What a snapshot records of each row: its values, and an image's fingerprint."""
        return self.nombres + (("huella",) if self.imagen else ())

    def valores(self, fila) -> dict:
        """The row's values, from a model instance or a mapping."""
        if isinstance(fila, Mapping):
            return {c: fila.get(c) or "" for c in self.nombres}
        return {c: getattr(fila, c) or "" for c in self.nombres}

    def clave_de(self, fila: Mapping):
        return tuple(fila.get(c, "") for c in self.clave)

    def validar(self, datos: dict) -> dict | None:
        """``datos`` when they make a valid row (the model's own checks), else None."""
        for nombre in self.nombres:
            largo = self.modelo._meta.get_field(nombre).max_length
            # Longer values fail anyway; checking first spares the validators a
            # megabyte of text from an import.
            if largo and len(datos.get(nombre, "")) > largo:
                return None
        try:
            self.modelo(informe=Informe(), **datos).full_clean(exclude=["informe"])
        except ValidationError:
            return None
        return datos

    def leer_lista(self, elementos: list[str]) -> tuple[list[dict], list[str]]:
        """Valid rows from list items, and the items that make no row (kept as text).

        Only the first ``limites.FILAS_MAXIMAS`` items are read as rows, as many
        as the form holds; a key that must be unique and repeats stays as text too.
        """
        filas, sobrantes, claves = [], [], set()
        for indice, elemento in enumerate(elementos):
            datos = None
            if indice < limites.FILAS_MAXIMAS:
                datos = self.leer(elemento)
                datos = self.validar(datos) if datos is not None else None
            if datos is not None and self.clave_unica:
                if self.clave_de(datos) in claves:
                    datos = None
                else:
                    claves.add(self.clave_de(datos))
            if datos is None:
                sobrantes.append(f"- {elemento}")
            else:
                filas.append(datos)
        return filas, sobrantes


# --- Libraries: "scikit-learn 1.5.2", also "x==1.0" and "x: 1.0".

NOMBRE_PAQUETE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(?:\[[A-Za-z0-9._,-]+\])?")
SEPARADOR_EN_LINEA = re.compile(r",\s+(?=[A-Za-z])")


def escribir_biblioteca(fila: Mapping) -> str:
    return f"{fila['nombre']} {fila['version']}".strip()


def leer_biblioteca(texto: str) -> dict | None:
    limpio = texto.strip("` ")
    nombre = NOMBRE_PAQUETE.match(limpio)
    if nombre is None:
        return None
    resto = limpio[nombre.end() :].lstrip()
    if resto.startswith("=="):
        resto = resto[2:]
    elif resto.startswith(":"):
        resto = resto[1:]
    return {"nombre": nombre.group(), "version": resto.strip().strip("`")}


# --- Paths: "`/ruta`: propósito".

SEPARADORES = frozenset(":-—–")


def escribir_ruta(fila: Mapping) -> str:
    proposito = una_linea(fila["proposito"])
    return f"`{una_linea(fila['ruta'])}`" + (f": {proposito}" if proposito else "")


def leer_ruta(texto: str) -> dict:
    if texto.startswith("`"):
        cierre = texto.find("`", 1)
        resto = texto[cierre + 1 :].lstrip() if cierre > 1 else None
        if resto == "":
            return {"ruta": texto[1:cierre], "proposito": ""}
        if resto and resto[0] in SEPARADORES:
            return {"ruta": texto[1:cierre], "proposito": resto[1:].strip()}
    return {"ruta": texto.strip(), "proposito": ""}


# --- Environment variables: "`NOMBRE`: propósito (ejemplo: `valor`)".

NOMBRE_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SEPARADORES_VARIABLE = SEPARADORES | {"="}
ACENTO_GRAVE = re.compile("`")
ESPACIOS = re.compile(r"\s*")


def escribir_variable(fila: Mapping) -> str:
    texto = f"`{fila['nombre']}`"
    if fila["proposito"]:
        texto += f": {una_linea(fila['proposito'])}"
    if fila["valor_ejemplo"]:
        texto += f" (ejemplo: `{una_linea(fila['valor_ejemplo'])}`)"
    return texto


def _valor_ejemplo(texto: str, abre: int, cierra: int, acentos: list[int]) -> str | None:
    """The value of "(ejemplo: `valor`)" opened at ``abre`` and closed at ``cierra``, or None.

    ``acentos`` are the backticks after ``abre``: at most the value's two quotes.
    """
    palabra = abre + 1
    if texto[palabra : palabra + 7].lower() == "ejemplo":
        inicio = palabra + 7
    elif texto[palabra : palabra + 4].lower() == "e.g.":
        inicio = palabra + 4
    else:
        return None
    inicio = ESPACIOS.match(texto, inicio, cierra).end()
    if texto[inicio : inicio + 1] == ":" and inicio < cierra:
        inicio = ESPACIOS.match(texto, inicio + 1, cierra).end()
    if any(a not in (inicio, cierra - 1) for a in acentos):
        return None
    if inicio in acentos:
        inicio += 1
    fin = cierra - 1 if cierra - 1 in acentos and cierra - 1 >= inicio else cierra
    return texto[inicio:fin]


def _separar_ejemplo(texto: str) -> tuple[str, str]:
    """(text before, value) of a trailing "(ejemplo: `valor`)"; (texto, "") without one.

    The earliest parenthesis that opens a valid example wins, so the purpose
    keeps every other parenthesis it has.
    """
    final = texto.rstrip()
    if not final.endswith(")"):
        return texto, ""
    cierra = len(final) - 1
    desde = final.rfind(")", 0, cierra) + 1  # no ")" may stand inside the example
    acentos = [m.start() for m in ACENTO_GRAVE.finditer(final, desde, cierra)]
    abre = final.find("(", desde, cierra)
    while abre >= 0:
        siguientes = bisect.bisect_right(acentos, abre)
        if len(acentos) - siguientes <= 2:
            valor = _valor_ejemplo(final, abre, cierra, acentos[siguientes:])
            if valor is not None:
                return texto[:abre], valor
        abre = final.find("(", abre + 1, cierra)
    return texto, ""


def leer_variable(texto: str) -> dict | None:
    inicio = 1 if texto.startswith("`") else 0
    nombre = NOMBRE_VARIABLE.match(texto, inicio)
    if nombre is None:
        return None
    fin = nombre.end() + 1 if texto[nombre.end() : nombre.end() + 1] == "`" else nombre.end()
    cuerpo, ejemplo = _separar_ejemplo(texto[fin:])
    cuerpo = cuerpo.strip()
    if cuerpo and cuerpo[0] not in SEPARADORES_VARIABLE:
        return None
    return {
        "nombre": nombre.group(),
        "proposito": cuerpo[1:].strip(),
        "valor_ejemplo": ejemplo.strip(),
    }


# --- The kinds.

BIBLIOTECAS = TipoFila(
    campo="bibliotecas",
    modelo=Biblioteca,
    columnas=(Columna("nombre", _("Biblioteca")), Columna("version", _("Versión"))),
    clave=("nombre",),
    escribir=escribir_biblioteca,
    leer=leer_biblioteca,
    en_una_linea=True,
)
RUTAS = TipoFila(
    campo="rutas",
    modelo=RutaArchivo,
    columnas=(Columna("ruta", _("Ruta"), codigo=True), Columna("proposito", _("Propósito"))),
    clave=("ruta",),
    escribir=escribir_ruta,
    leer=leer_ruta,
)
VARIABLES = TipoFila(
    campo="variables_entorno",
    modelo=VariableEntorno,
    columnas=(
        Columna("nombre", _("Variable"), codigo=True),
        Columna("proposito", _("Propósito")),
        Columna("valor_ejemplo", _("Valor de ejemplo"), codigo=True),
    ),
    clave=("nombre",),
    clave_unica=True,
    mensaje_repetida=_("La variable %(nombre)s ya está en la lista: cada nombre va una vez."),
    escribir=escribir_variable,
    leer=leer_variable,
)
DIAGRAMAS = TipoFila(
    campo="diagramas",
    modelo=Diagrama,
    columnas=(Columna("titulo", _("Título")), Columna("leyenda", _("Leyenda"))),
    # A new image under the same title reads as one diagram removed and one added.
    clave=("titulo", "huella"),
    imagen=True,
)

TIPOS: dict[str, TipoFila] = {t.campo: t for t in (BIBLIOTECAS, RUTAS, VARIABLES, DIAGRAMAS)}
# The kinds written as list items, whose rows are plain values (no upload).
LISTAS: dict[str, TipoFila] = {c: t for c, t in TIPOS.items() if not t.imagen}


def separar_en_linea(linea: str) -> list[str]:
    """The items of a comma-separated line ("numpy 1.26, pandas 2.2"), for kinds written so."""
    return [p.strip() for p in SEPARADOR_EN_LINEA.split(linea) if p.strip()]
