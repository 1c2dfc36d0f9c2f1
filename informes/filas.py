"""The rows a report lists, each kind declared once: libraries, paths, variables, diagrams.

For each kind: its model and columns, its natural key (how the rows of two
versions are matched by the audit trail's diffs, and by a merge), whether that
key is unique in a report, and for the listed kinds the Markdown list item the
export writes and the importer reads back (``items``), how one line or a table
lists several, and which table headers name its columns. The forms build their formsets from
it, the services save and copy rows by it, the snapshots, the export, the
importer and the templates (through ``templatetags.filas``) lay rows out by it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import items, limites
from .fragmentos import separar_lista
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
    # A comma or semicolon separates rows before a letter only (versions hold commas).
    separar_antes_de_letra: bool = False
    # Table headers people write, in their normal form, and the column each names.
    encabezados: Mapping[str, str] | None = None
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

    def leer_lista(self, elementos: list[str | Mapping]) -> tuple[list[dict], list[int]]:
        """Valid rows from list items (or a table's rows, as mappings of values), and
        the positions of the elements that make no row (kept as text).

        Only the first ``limites.FILAS_MAXIMAS`` elements are read as rows, as many
        as the form holds; a key that must be unique and repeats stays as text too.
        """
        filas, sobrantes, claves = [], [], set()
        for indice, elemento in enumerate(elementos):
            datos = None
            if indice < limites.FILAS_MAXIMAS:
                datos = self.leer(elemento) if isinstance(elemento, str) else dict(elemento)
                datos = self.validar(datos) if datos is not None else None
            if datos is not None and self.clave_unica:
                if self.clave_de(datos) in claves:
                    datos = None
                else:
                    claves.add(self.clave_de(datos))
            if datos is None:
                sobrantes.append(indice)
            else:
                filas.append(datos)
        return filas, sobrantes

    def separar(self, linea: str) -> list[str]:
        """The items of one line listing several rows ("numpy 1.26, pandas 2.2")."""
        return separar_lista(linea, antes_de_letra=self.separar_antes_de_letra)

    def columna_de(self, encabezado: str) -> str | None:
        """The column a table header (already in its normal form) names, if any."""
        return (self.encabezados or {}).get(encabezado)


# --- The kinds.

BIBLIOTECAS = TipoFila(
    campo="bibliotecas",
    modelo=Biblioteca,
    columnas=(Columna("nombre", _("Biblioteca")), Columna("version", _("Versión"))),
    clave=("nombre",),
    escribir=items.escribir_biblioteca,
    leer=items.leer_biblioteca,
    separar_antes_de_letra=True,
    encabezados={
        "biblioteca": "nombre",
        "bibliotecas": "nombre",
        "paquete": "nombre",
        "nombre": "nombre",
        "library": "nombre",
        "package": "nombre",
        "version": "version",
        "versiones": "version",
    },
)
RUTAS = TipoFila(
    campo="rutas",
    modelo=RutaArchivo,
    columnas=(Columna("ruta", _("Ruta"), codigo=True), Columna("proposito", _("Propósito"))),
    clave=("ruta",),
    escribir=items.escribir_ruta,
    leer=items.leer_ruta,
    encabezados={
        "ruta": "ruta",
        "rutas": "ruta",
        "archivo": "ruta",
        "path": "ruta",
        "proposito": "proposito",
        "descripcion": "proposito",
        "uso": "proposito",
        "purpose": "proposito",
    },
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
    escribir=items.escribir_variable,
    leer=items.leer_variable,
    encabezados={
        "variable": "nombre",
        "variables": "nombre",
        "nombre": "nombre",
        "name": "nombre",
        "proposito": "proposito",
        "descripcion": "proposito",
        "uso": "proposito",
        "purpose": "proposito",
        "ejemplo": "valor_ejemplo",
        "valor": "valor_ejemplo",
        "valor de ejemplo": "valor_ejemplo",
        "example": "valor_ejemplo",
        "value": "valor_ejemplo",
    },
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
