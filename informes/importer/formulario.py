"""The upload form: only UTF-8 Markdown text, at most ``TAMANO_MAXIMO`` bytes."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models.informe import CONTROLES_RE

TAMANO_MAXIMO = 1024 * 1024
EXTENSIONES = (".md", ".markdown", ".txt")

MENSAJE_VACIO = _("El archivo está vacío.")
MENSAJE_GRANDE = _("El archivo supera 1 MB; suba solo el informe en Markdown.")
MENSAJE_EXTENSION = _("Suba un archivo Markdown (.md).")
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
    invisible = re.search(CONTROLES_RE, texto)
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


class ImportarForm(forms.Form):
    archivo = forms.FileField(
        label=_("Archivo Markdown"),
        help_text=_("Un .md llenado a partir de la plantilla del informe (máximo 1 MB)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".md,.markdown,.txt,text/markdown"}),
    )

    def clean_archivo(self) -> str:
        """The file's decoded text; the upload itself is not kept."""
        archivo = self.cleaned_data["archivo"]
        if archivo.size > TAMANO_MAXIMO:
            raise forms.ValidationError(MENSAJE_GRANDE, code="grande")
        if not (archivo.name or "").lower().endswith(EXTENSIONES):
            raise forms.ValidationError(MENSAJE_EXTENSION, code="extension")
        datos = archivo.read(TAMANO_MAXIMO + 1)
        if len(datos) > TAMANO_MAXIMO:
            raise forms.ValidationError(MENSAJE_GRANDE, code="grande")
        return decodificar(datos)
