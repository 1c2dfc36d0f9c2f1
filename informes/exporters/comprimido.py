"""The Markdown export with its diagrams, as a zip whose links are relative."""

import io
import zipfile

from ..models import Informe
from . import markdown

# A fixed timestamp keeps the zip's bytes the same for the same report.
FECHA_FIJA = (2000, 1, 1, 0, 0, 0)


def _agregar(zip_: zipfile.ZipFile, nombre: str, datos: bytes) -> None:
    info = zipfile.ZipInfo(nombre, date_time=FECHA_FIJA)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zip_.writestr(info, datos)


def exportar(informe: Informe) -> bytes:
    """``<name>.md`` plus ``diagramas/diagrama-N.ext``, the paths the Markdown uses."""
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as zip_:
        _agregar(zip_, markdown.nombre_archivo(informe, "md"), markdown.exportar(informe).encode())
        for posicion, diagrama in enumerate(informe.diagramas.all(), start=1):
            with diagrama.imagen.open("rb") as archivo:
                datos = archivo.read()
            nombre = f"{markdown.CARPETA_DIAGRAMAS}/{markdown.nombre_diagrama(diagrama, posicion)}"
            _agregar(zip_, nombre, datos)
    return salida.getvalue()
