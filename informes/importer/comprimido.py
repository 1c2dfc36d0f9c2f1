"""A report zipped with its diagrams: the app's own ``exportar.zip`` or a folder zipped by hand.

The whole zip is checked before anything is read (``zip_seguro``, with the
budgets of ``limites``): every name (no absolute path, no ``..``, no
backslash, no control character, none twice), every kind (files and folders
only: a link is refused), the number of entries, the declared sizes and the
compression ratios. Then its one ``.md`` is read and decoded as an uploaded
``.md`` is; each image the diagram section links to is read when asked for,
within its declared size. Nothing outside the zip is ever opened.
"""

import posixpath
import re
import zipfile
from dataclasses import dataclass
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import limites, zip_seguro
from ..images import TAMANO_MAXIMO as TAMANO_IMAGEN
from ..models.informe import CONTROLES_RE
from .texto import TAMANO_MAXIMO as TAMANO_MARKDOWN
from .texto import decodificar

EXTENSIONES_MARKDOWN = (".md", ".markdown")
INVISIBLES = re.compile(CONTROLES_RE)
# What macOS adds to a zipped folder: resource forks, never the report.
CARPETA_MAC = "__MACOSX/"

MENSAJE_NO_ES_ZIP = _("El archivo no es un zip válido o está dañado.")
MENSAJES = {
    "entradas": _(
        "El zip tiene %(entradas)s archivos y carpetas; se admiten como máximo %(maximo)s "
        "(el informe y sus diagramas)."
    ),
    "directorio": _("El índice del zip es anormalmente grande; no se abrió."),
    "nombre": _(
        "El zip contiene un nombre no permitido (%(nombre)s): rutas absolutas, «..», barras "
        "invertidas o caracteres de control no se admiten."
    ),
    "repetida": _("El zip contiene dos veces el nombre %(nombre)s."),
    "no_comun": _(
        "El zip contiene un enlace u otro elemento que no es un archivo común (%(nombre)s)."
    ),
    "cifrada": _("El zip contiene un archivo cifrado (%(nombre)s); súbalo sin contraseña."),
    "compresion": _(
        "El zip usa una compresión no admitida (%(nombre)s); comprima con la opción habitual."
    ),
    "grande": _("El zip ocupa más de %(mb)s MB una vez descomprimido."),
    "razon": _(
        "Un archivo del zip (%(nombre)s) se expande de forma anómala al descomprimirse; "
        "no se abrió."
    ),
    "mas_largo": _("El zip está dañado: %(nombre)s es más largo de lo que declara."),
    "sin_md": _("El zip no contiene ningún archivo .md con el informe."),
    "varios_md": _("El zip contiene más de un archivo .md (%(nombres)s); deje solo el informe."),
}
MENSAJE_ZIP_GRANDE = _("El zip supera %(mb)s MB; deje solo el informe y sus diagramas.")
MENSAJE_IMAGEN_GRANDE = _("El diagrama %(nombre)s del zip supera el máximo de %(mb)s MB.")


def _megas(numero: int) -> int:
    return numero // (1024 * 1024)


def rechazo(error: zip_seguro.ZipRechazado) -> ValidationError:
    """The user's message for a refused zip."""
    codigo = error.codigo if error.codigo in MENSAJES else "no_es_zip"
    if codigo == "no_es_zip":
        return ValidationError(MENSAJE_NO_ES_ZIP, code="zip")
    params = {"mb": _megas(limites.IMPORTACION_ZIP_TOTAL), **error.datos}
    return ValidationError(MENSAJES[codigo], code=f"zip_{codigo}", params=params)


def nombre_seguro(nombre: str) -> bool:
    """A relative path inside the zip: no absolute path, drive, ``..``, backslash or control."""
    if not nombre or len(nombre) > limites.IMPORTACION_ZIP_NOMBRE or "\\" in nombre:
        return False
    if nombre.startswith("/") or (len(nombre) > 1 and nombre[1] == ":"):
        return False
    if any(ord(c) < 32 for c in nombre) or INVISIBLES.search(nombre):
        return False
    return ".." not in nombre.rstrip("/").split("/")


@dataclass
class Paquete:
    """The zip, checked: its Markdown and a way to read the images it links to."""

    texto: str
    nombre_md: str
    zona: zipfile.ZipFile
    entradas: dict[str, zipfile.ZipInfo]

    @property
    def carpeta(self) -> str:
        return posixpath.dirname(self.nombre_md)

    def ruta(self, enlace: str) -> str | None:
        """The entry an image link points to, relative to the ``.md``; None when outside."""
        enlace = enlace.strip().removeprefix("<").removesuffix(">")
        if not enlace or "://" in enlace or enlace.startswith(("data:", "/", "\\")):
            return None
        ruta = posixpath.normpath(posixpath.join(self.carpeta, unquote(enlace.split("#")[0])))
        if ruta.startswith("../") or ruta == ".." or ruta not in self.entradas:
            return None
        return ruta

    def leer(self, ruta: str) -> bytes:
        """An image's bytes, at most one upload's size (ValidationError beyond it)."""
        try:
            return zip_seguro.leer_entero(self.zona, self.entradas[ruta], TAMANO_IMAGEN)
        except zip_seguro.ZipRechazado as error:
            if error.codigo == "grande":
                raise ValidationError(
                    MENSAJE_IMAGEN_GRANDE,
                    code="imagen_grande",
                    params={"nombre": ruta, "mb": _megas(TAMANO_IMAGEN)},
                ) from error
            raise rechazo(error) from error


def _entradas(zona: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Every file of the zip by name, once the whole directory passed its checks."""
    infos = zona.infolist()
    if len(infos) > limites.IMPORTACION_ZIP_ENTRADAS:
        raise zip_seguro.ZipRechazado(
            "entradas", "", entradas=len(infos), maximo=limites.IMPORTACION_ZIP_ENTRADAS
        )
    entradas: dict[str, zipfile.ZipInfo] = {}
    vistos: set[str] = set()
    total = 0
    for info in infos:
        nombre = info.filename
        if not nombre_seguro(nombre):
            raise zip_seguro.ZipRechazado("nombre", "", nombre=nombre[:80])
        normal = posixpath.normpath(nombre)
        if normal in vistos:
            raise zip_seguro.ZipRechazado("repetida", "", nombre=nombre[:80])
        vistos.add(normal)
        zip_seguro.revisar_entrada(
            info,
            entrada_maxima=limites.IMPORTACION_ZIP_TOTAL,
            razon_maxima=limites.IMPORTACION_ZIP_RAZON_MAXIMA,
            razon_desde=limites.IMPORTACION_ZIP_RAZON_DESDE,
        )
        total += info.file_size
        if total > limites.IMPORTACION_ZIP_TOTAL:
            raise zip_seguro.ZipRechazado("grande", "")
        if not info.is_dir():
            entradas[normal] = info
    return entradas


def abrir(archivo) -> Paquete:
    """The uploaded zip ``archivo`` checked and its report read; ValidationError says why not.

    The zip stays open on ``archivo`` (the upload, kept until the request ends).
    """
    try:
        zip_seguro.acotar_directorio(
            archivo,
            entradas_maximas=limites.IMPORTACION_ZIP_ENTRADAS,
            directorio_maximo=limites.IMPORTACION_ZIP_DIRECTORIO,
        )
        try:
            zona = zipfile.ZipFile(archivo)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise zip_seguro.ZipRechazado("no_es_zip", str(error)) from error
        entradas = _entradas(zona)
        markdown = [
            nombre
            for nombre in entradas
            if nombre.lower().endswith(EXTENSIONES_MARKDOWN)
            and not nombre.startswith(CARPETA_MAC)
            and not posixpath.basename(nombre).startswith("._")
        ]
        if not markdown:
            raise zip_seguro.ZipRechazado("sin_md", "")
        if len(markdown) > 1:
            raise zip_seguro.ZipRechazado("varios_md", "", nombres=", ".join(sorted(markdown)[:5]))
        datos = zip_seguro.leer_entero(zona, entradas[markdown[0]], TAMANO_MARKDOWN)
    except zip_seguro.ZipRechazado as error:
        raise rechazo(error) from error
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        raise ValidationError(MENSAJE_NO_ES_ZIP, code="zip") from error
    return Paquete(decodificar(datos), markdown[0], zona, entradas)
