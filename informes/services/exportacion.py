"""Bringing reports in from Markdown (the archival PDF/A is in ``archivo``)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import importer, plantilla
from ..models import Informe
from ..models.informe import LARGO_MARKDOWN
from .contenido import informe_crear
from .texto import exigir_texto_maximo

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
    exigir_texto_maximo(lectura.campos.values(), dict(lectura.no_aplica))
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
