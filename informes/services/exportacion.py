"""Bringing reports in from Markdown, or from a zip with their diagrams (PDF/A: ``archivo``)."""

import posixpath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import images, importer, plantilla
from ..importer.comprimido import Paquete
from ..models import Informe
from ..models.informe import LARGO_MARKDOWN
from .contenido import DiagramaNuevo, informe_crear
from .texto import exigir_texto_maximo

MENSAJE_IMPORTAR_SIN_PLANTILLA = _(
    "El archivo no contiene ninguna sección ni etiqueta de la plantilla del informe."
)
MENSAJE_IMPORTAR_LARGO = _(
    "El texto de «%(etiqueta)s» supera %(maximo)s caracteres; acórtelo antes de importarlo."
)
MENSAJE_IMPORTAR_INVALIDO = _("El contenido de «%(etiqueta)s» no es válido: %(error)s")
MENSAJE_IMPORTAR_DIAGRAMA = _("El diagrama %(nombre)s del zip no se pudo importar: %(error)s")
NOMBRE_NOTA = _("Texto sin clasificar de la sección %(numero)s")

LARGO_TITULO = 200
LARGO_LEYENDA = 500


def _exigir_largos(lectura: importer.Lectura) -> None:
    textos = [(plantilla.POR_CAMPO[c].texto, v) for c, v in lectura.campos.items()]
    textos += [(NOMBRE_NOTA % {"numero": n}, v) for n, v in lectura.notas.items()]
    for nombre, valor in textos:
        if len(valor) > LARGO_MARKDOWN:
            raise ValidationError(
                MENSAJE_IMPORTAR_LARGO,
                code="largo",
                params={"etiqueta": nombre, "maximo": LARGO_MARKDOWN},
            )


def _titulo(imagen: importer.Imagen, ruta: str) -> str:
    """The diagram's title: its caption's (the export's), its alternative text, its file's name."""
    titulo = imagen.titulo.strip() or posixpath.splitext(posixpath.basename(ruta))[0]
    return titulo[:LARGO_TITULO].strip()


def _diagramas(lectura: importer.Lectura, paquete: Paquete) -> list[DiagramaNuevo]:
    """The images the diagram section links to that the zip holds, checked and re-encoded.

    Any image that an upload would refuse refuses the import, naming it. The
    pixels are kept exactly (``sin_perdida``), so a diagram's round trip
    through a zip gives the same image back.
    """
    presentes = [(i, paquete.ruta(i.ruta)) for i in lectura.diagramas]
    presentes = [(imagen, ruta) for imagen, ruta in presentes if ruta is not None]
    presupuesto = images.Presupuesto.para([], nuevos=len(presentes))
    nuevos = []
    for imagen, ruta in presentes:
        archivo = ContentFile(paquete.leer(ruta), name=posixpath.basename(ruta))
        try:
            limpia = images.limpiar_imagen(archivo, presupuesto, sin_perdida=True)
        except ValidationError as error:
            raise ValidationError(
                MENSAJE_IMPORTAR_DIAGRAMA,
                code="diagrama",
                params={"nombre": ruta, "error": " ".join(error.messages)},
            ) from error
        leyenda = imagen.leyenda.strip()[:LARGO_LEYENDA].strip()
        nuevos.append(DiagramaNuevo(limpia, _titulo(imagen, ruta), leyenda))
        imagen.guardada = True
    return nuevos


@transaction.atomic
def informe_importar(
    *, autor, texto: str, paquete: Paquete | None = None
) -> tuple[Informe, importer.Lectura]:
    """Create a draft owned by ``autor`` from Markdown ``texto``; nothing on error.

    With ``paquete`` (a checked zip) the images its diagram section links to
    become the draft's diagrams. Returns the draft and what was read (each
    label's state, unmatched text and where it went, diagrams stored or to
    upload again). Raises ValidationError with a user-facing message when the
    text is not a report, a value is invalid (for example longer than the
    field allows) or a diagram is not an acceptable image; no file is left.
    """
    lectura = importer.leer(texto)
    if not lectura.reconocida:
        raise ValidationError(MENSAJE_IMPORTAR_SIN_PLANTILLA, code="sin_plantilla")
    _exigir_largos(lectura)
    exigir_texto_maximo(lectura.campos.values(), dict(lectura.no_aplica), lectura.notas)
    nuevos = _diagramas(lectura, paquete) if paquete is not None else []
    try:
        informe = informe_crear(
            autor=autor,
            campos=lectura.campos,
            filas=lectura.filas,
            no_aplica=dict(lectura.no_aplica),
            notas=lectura.notas,
            diagramas=nuevos,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise  # a message of its own already (a diagram past the report's caps)
        campo, errores = next(iter(error.message_dict.items()))
        nombre = plantilla.POR_CAMPO[campo].texto if campo in plantilla.POR_CAMPO else campo
        raise ValidationError(
            MENSAJE_IMPORTAR_INVALIDO,
            code="invalido",
            params={"etiqueta": nombre, "error": " ".join(errores)},
        ) from error
    return informe, lectura
