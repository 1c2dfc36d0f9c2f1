"""The upload form: a report in Markdown (``.md``) or a zip with its diagrams (``.zip``)."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import limites
from . import comprimido
from .texto import (
    CONTROLES,
    EXTENSIONES,
    MENSAJE_BINARIO,
    MENSAJE_CODIFICACION,
    MENSAJE_EXTENSION,
    MENSAJE_GRANDE,
    MENSAJE_INVISIBLE,
    MENSAJE_SIN_PLANTILLA,
    MENSAJE_VACIO,
    TAMANO_MAXIMO,
    decodificar,
)

__all__ = [
    "CONTROLES",
    "MENSAJE_BINARIO",
    "MENSAJE_CODIFICACION",
    "MENSAJE_EXTENSION",
    "MENSAJE_GRANDE",
    "MENSAJE_INVISIBLE",
    "MENSAJE_SIN_PLANTILLA",
    "MENSAJE_VACIO",
    "TAMANO_MAXIMO",
    "ImportarForm",
    "Subida",
    "decodificar",
]


@dataclass
class Subida:
    """The report's text, and for a zip the zip itself, to read its diagrams from."""

    texto: str
    paquete: comprimido.Paquete | None = None


class ImportarForm(forms.Form):
    archivo = forms.FileField(
        label=_("Archivo Markdown o zip"),
        help_text=_(
            "Un .md llenado a partir de la plantilla del informe (máximo 1 MB), o un .zip con "
            "el .md y sus diagramas, como el que descarga «Exportar Markdown» con diagramas "
            "(máximo 100 MB)."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".md,.markdown,.txt,.zip,text/markdown,application/zip"}
        ),
    )

    def clean_archivo(self) -> Subida:
        """The file's decoded text (and its zip); the upload itself is not kept."""
        archivo = self.cleaned_data["archivo"]
        nombre = (archivo.name or "").lower()
        if nombre.endswith(".zip"):
            if archivo.size > limites.IMPORTACION_ZIP_TAMANO:
                raise forms.ValidationError(
                    comprimido.MENSAJE_ZIP_GRANDE,
                    code="zip_grande",
                    params={"mb": limites.IMPORTACION_ZIP_TAMANO // (1024 * 1024)},
                )
            paquete = comprimido.abrir(archivo.file)
            return Subida(paquete.texto, paquete)
        if archivo.size > TAMANO_MAXIMO:
            raise forms.ValidationError(MENSAJE_GRANDE, code="grande")
        if not nombre.endswith(EXTENSIONES):
            raise forms.ValidationError(MENSAJE_EXTENSION, code="extension")
        datos = archivo.read(TAMANO_MAXIMO + 1)
        if len(datos) > TAMANO_MAXIMO:
            raise forms.ValidationError(MENSAJE_GRANDE, code="grande")
        return Subida(decodificar(datos))
