"""Every write to a report goes through these functions, each in one transaction."""

import hashlib
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import images, importer, plantilla
from .models import (
    ArchivoPDF,
    Biblioteca,
    Diagrama,
    Estado,
    Informe,
    RutaArchivo,
    VariableEntorno,
)
from .models.informe import LARGO_MARKDOWN

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


MENSAJE_IMPORTAR_SIN_PLANTILLA = _(
    "El archivo no contiene ninguna sección ni etiqueta de la plantilla del informe."
)
MENSAJE_IMPORTAR_LARGO = _(
    "El texto de «%(etiqueta)s» supera %(maximo)s caracteres; acórtelo antes de importarlo."
)
MENSAJE_IMPORTAR_INVALIDO = _("El contenido de «%(etiqueta)s» no es válido: %(error)s")


@transaction.atomic
def informe_importar(*, autor, texto: str) -> tuple[Informe, importer.Lectura]:
    """Create a draft owned by ``autor`` from Markdown ``texto``; nothing on error.

    Returns the draft and what was read (filled and empty labels, unmatched
    text kept in the draft, diagrams to upload again). Raises ValidationError
    with a user-facing message when the text is not a report or a value is
    invalid (for example longer than the field allows).
    """
    lectura = importer.leer(texto)
    if not lectura.reconocida:
        raise ValidationError(MENSAJE_IMPORTAR_SIN_PLANTILLA, code="sin_plantilla")
    for campo, valor in lectura.campos.items():
        if len(valor) > LARGO_MARKDOWN:
            raise ValidationError(
                MENSAJE_IMPORTAR_LARGO,
                code="largo",
                params={"etiqueta": plantilla.POR_CAMPO[campo].texto, "maximo": LARGO_MARKDOWN},
            )
    try:
        informe = informe_crear(autor=autor, campos=lectura.campos, filas=lectura.filas)
    except ValidationError as error:
        campo, errores = next(iter(error.message_dict.items()))
        nombre = plantilla.POR_CAMPO[campo].texto if campo in plantilla.POR_CAMPO else campo
        raise ValidationError(
            MENSAJE_IMPORTAR_INVALIDO,
            code="invalido",
            params={"etiqueta": nombre, "error": " ".join(errores)},
        ) from error
    if lectura.no_aplica:
        informe.no_aplica = dict(lectura.no_aplica)
        informe.save(update_fields=["no_aplica"])
    return informe, lectura


MENSAJE_ARCHIVO_NO_APROBADO = _("Solo se archiva el PDF de una versión aprobada.")
MENSAJE_ARCHIVO_EXISTE = _("Esta versión ya tiene su PDF archivado; no se vuelve a generar.")


def archivo_generar(*, informe: Informe, historial: Iterable[dict] | None = None) -> ArchivoPDF:
    """Render the approved ``informe`` once as PDF/A-3b, store it and record its SHA-256.

    Refuses (ValidationError) unless the report is approved, and when an archive
    already exists: the archived bytes never change. Safe to call inside the
    approval's transaction or from ``transaction.on_commit``: the row is written
    in its own atomic block, and a stored file whose row fails is removed.
    """
    from .exporters import archivo as archivo_exportador

    informe = Informe.objects.get(pk=informe.pk)
    if informe.estado != Estado.APROBADO:
        raise ValidationError(MENSAJE_ARCHIVO_NO_APROBADO, code="no_aprobado")
    if ArchivoPDF.objects.filter(informe=informe).exists():
        raise ValidationError(MENSAJE_ARCHIVO_EXISTE, code="existe")
    datos = archivo_exportador.generar(informe, historial)
    registro = ArchivoPDF(
        informe=informe, sha256=hashlib.sha256(datos).hexdigest(), tamano=len(datos)
    )
    # The stored name comes from ``ruta_archivo``, never from this argument.
    registro.archivo.save("archivo.pdf", ContentFile(datos), save=False)
    try:
        with transaction.atomic():
            # Lock the report row so two approvals cannot both archive it.
            Informe.objects.select_for_update().get(pk=informe.pk)
            if ArchivoPDF.objects.filter(informe=informe).exists():
                raise ValidationError(MENSAJE_ARCHIVO_EXISTE, code="existe")
            registro.save()
    except Exception:
        registro.archivo.delete(save=False)
        raise
    return registro
