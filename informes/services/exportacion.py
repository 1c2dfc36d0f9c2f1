"""Bringing reports in from Markdown, and archiving approved versions as PDF/A-3b."""

import hashlib
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import importer, plantilla
from ..models import ArchivoPDF, Estado, Informe
from ..models.informe import LARGO_MARKDOWN
from .contenido import informe_crear

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
        informe = informe_crear(
            autor=autor,
            campos=lectura.campos,
            filas=lectura.filas,
            no_aplica=dict(lectura.no_aplica),
        )
    except ValidationError as error:
        campo, errores = next(iter(error.message_dict.items()))
        nombre = plantilla.POR_CAMPO[campo].texto if campo in plantilla.POR_CAMPO else campo
        raise ValidationError(
            MENSAJE_IMPORTAR_INVALIDO,
            code="invalido",
            params={"etiqueta": nombre, "error": " ".join(errores)},
        ) from error
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
    from ..exporters import archivo as archivo_exportador

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
