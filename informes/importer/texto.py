"""An uploaded report as text: UTF-8 Markdown of at most 1 MB, without control characters."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models.informe import CONTROLES_RE

TAMANO_MAXIMO = 1024 * 1024
EXTENSIONES = (".md", ".markdown", ".txt")

MENSAJE_VACIO = _("El archivo está vacío.")
MENSAJE_GRANDE = _("El archivo supera 1 MB; suba solo el informe en Markdown.")
MENSAJE_EXTENSION = _(
    "Suba un archivo Markdown (.md) o un zip (.zip) con el informe y sus diagramas."
)
MENSAJE_BINARIO = _(
    "El archivo no es texto Markdown: contiene datos binarios. Suba el .md del informe."
)
MENSAJE_CODIFICACION = _(
    "El archivo no está codificado en UTF-8. Guárdelo como UTF-8 y vuelva a subirlo."
)
MENSAJE_INVISIBLE = _(
    "La línea %(linea)s tiene un carácter invisible o de control (%(codigo)s), como los "
    "que cambian la dirección del texto; bórrelo y vuelva a subir el archivo."
)
MENSAJE_SIN_PLANTILLA = _(
    "El archivo no contiene ninguna sección ni etiqueta de la plantilla del informe."
)

# Control characters other than tab, newline, carriage return and form feed.
CONTROLES = {chr(c) for c in range(32) if c not in (9, 10, 12, 13)} | {"\x7f"}
INVISIBLES = re.compile(CONTROLES_RE)


def decodificar(datos: bytes) -> str:
    """UTF-8 text without NUL or other control bytes, or ValidationError."""
    if not datos.strip():
        raise forms.ValidationError(MENSAJE_VACIO, code="vacio")
    if b"\x00" in datos:
        raise forms.ValidationError(MENSAJE_BINARIO, code="binario")
    try:
        texto = datos.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise forms.ValidationError(MENSAJE_CODIFICACION, code="codificacion") from error
    if any(c in CONTROLES for c in texto):
        raise forms.ValidationError(MENSAJE_BINARIO, code="binario")
    # Invisible and bidi characters would be refused by the first field holding
    # them; naming the line and the character here tells the user where to look.
    invisible = INVISIBLES.search(texto)
    if invisible:
        raise forms.ValidationError(
            MENSAJE_INVISIBLE,
            code="invisible",
            params={
                "linea": texto.count("\n", 0, invisible.start()) + 1,
                "codigo": f"U+{ord(invisible.group()):04X}",
            },
        )
    return texto
