"""Every write to a report goes through these functions, each in one transaction."""

from collections.abc import Iterable

from django.db import transaction

from . import images, plantilla
from .models import Biblioteca, Diagrama, Informe, RutaArchivo, VariableEntorno

MODELOS_FILAS = {
    "bibliotecas": Biblioteca,
    "rutas": RutaArchivo,
    "variables_entorno": VariableEntorno,
}


@transaction.atomic
def informe_crear(
    *,
    autor,
    campos: dict[str, str] | None = None,
    filas: dict[str, Iterable[dict]] | None = None,
    coautores: Iterable = (),
) -> Informe:
    """Create a first-version draft owned by ``autor``.

    ``campos`` maps template fields to their text; ``filas`` maps a row type
    ("bibliotecas", "rutas", "variables_entorno") to dicts of row values.
    """
    campos = campos or {}
    desconocidos = set(campos) - set(plantilla.CAMPOS_SIMPLES)
    if desconocidos:
        raise ValueError(f"Campos desconocidos: {sorted(desconocidos)}")
    informe = Informe(autor=autor, **campos)
    informe.full_clean()
    informe.save()
    informe.coautores.set(coautores)
    for tipo, valores in (filas or {}).items():
        modelo = MODELOS_FILAS[tipo]
        for orden, datos in enumerate(valores):
            fila = modelo(informe=informe, orden=orden, **datos)
            fila.full_clean()
            fila.save()
    return informe


@transaction.atomic
def diagrama_agregar(*, informe: Informe, archivo, titulo: str, leyenda: str = "") -> Diagrama:
    """Validate and re-encode an uploaded image, then attach it to ``informe``.

    Raises ValidationError (nothing stored) when the file is not an acceptable image.
    """
    limpia = images.limpiar_imagen(archivo)
    orden = informe.diagramas.count()
    diagrama = Diagrama(informe=informe, titulo=titulo, leyenda=leyenda, orden=orden)
    diagrama.imagen.save(limpia.archivo.name, limpia.archivo, save=False)
    try:
        diagrama.full_clean(exclude=["imagen"])
        diagrama.save()
    except Exception:
        # The file was written before the row: remove it so nothing is orphaned.
        diagrama.imagen.delete(save=False)
        raise
    return diagrama
