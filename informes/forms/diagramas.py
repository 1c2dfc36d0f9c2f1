"""Architecture diagrams: the stored ones (title, caption, order, delete) and uploads."""

import re
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .. import images, limites, plantilla
from ..models import Diagrama
from ..models.informe import CONTROLES_RE, SALTOS_RE, VALIDADORES_LINEA
from ..services import DiagramaNuevo

ARCHIVOS_MAXIMOS = limites.ARCHIVOS_POR_SUBIDA
ERROR_DEMASIADOS = format_lazy(
    _("Suba como máximo {n} diagramas a la vez."), n=limites.ARCHIVOS_POR_SUBIDA
)
ERROR_SIN_ARCHIVOS = _("Elija al menos un archivo.")
AYUDA_LIMITES = format_lazy(
    _(
        "PNG, JPEG, WebP o SVG (el SVG se convierte en PNG); hasta {mb} MB y {mp} megapíxeles "
        "cada uno; hasta {n} a la vez, y un informe admite {diagramas} diagramas que suman "
        "{total} megapíxeles."
    ),
    mb=limites.TAMANO_DIAGRAMA // (1024 * 1024),
    mp=limites.PIXELES_DIAGRAMA // 1_000_000,
    n=limites.ARCHIVOS_POR_SUBIDA,
    diagramas=limites.DIAGRAMAS_POR_INFORME,
    total=limites.PIXELES_POR_INFORME // 1_000_000,
)


class SubidaMultiple(forms.ClearableFileInput):
    allow_multiple_selected = True


class CampoArchivos(forms.FileField):
    """Several files; each is checked in ``SubirDiagramasForm.clean_archivos``."""

    def clean(self, data, initial=None):
        return data


class DiagramaForm(forms.ModelForm):
    """A stored diagram: its title and caption are editable, its order kept by position."""

    pk = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Diagrama
        fields = ["titulo", "leyenda"]
        widgets = {
            "titulo": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "leyenda": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        }


class DiagramasFormSet(forms.BaseFormSet):
    def __init__(self, *args, diagramas=(), **kwargs):
        self.diagramas = {d.pk: d for d in diagramas}
        super().__init__(*args, **kwargs)

    def con_diagramas(self):
        """Each form with its stored diagram (None when it was removed meanwhile)."""
        resultado = []
        for formulario in self.forms:
            pk = formulario["pk"].value()
            try:
                diagrama = self.diagramas.get(int(pk))
            except (TypeError, ValueError):
                diagrama = None
            resultado.append((formulario, diagrama))
        return resultado

    def get_form_kwargs(self, index):
        return {"use_required_attribute": False}

    def conservados(self) -> list[Diagrama]:
        """The stored diagrams this save keeps: all but those marked «Eliminar»."""
        borrados = {
            diagrama.pk
            for formulario, diagrama in self.con_diagramas()
            if diagrama is not None and formulario["DELETE"].value()
        }
        return [d for pk, d in self.diagramas.items() if pk not in borrados]

    def valores(self) -> list[dict]:
        return [
            {
                "pk": f.cleaned_data.get("pk"),
                "titulo": f.cleaned_data.get("titulo", ""),
                "leyenda": f.cleaned_data.get("leyenda", ""),
                "borrar": bool(f.cleaned_data.get("DELETE")),
            }
            for f in self.forms
            if f.cleaned_data
        ]


DiagramasExistentesFormSet = forms.formset_factory(
    DiagramaForm,
    formset=DiagramasFormSet,
    extra=0,
    can_delete=True,
    max_num=limites.DIAGRAMAS_POR_INFORME,
    absolute_max=limites.DIAGRAMAS_LEIDOS,
)


class SubirDiagramasForm(forms.Form):
    """New diagrams; each file is validated and re-encoded here, before any save.

    ``existentes`` (the stored diagrams' formset) tells how many diagrams and
    pixels the report keeps, so the report's caps are checked beside the field.
    """

    archivos = CampoArchivos(
        label=plantilla.etiqueta("diagramas").texto,
        help_text=plantilla.etiqueta("diagramas").pista,
        required=False,
        widget=SubidaMultiple(
            attrs={
                "class": "form-control",
                "accept": ".png,.jpg,.jpeg,.webp,.svg",
            }
        ),
    )
    titulo_nuevo = forms.CharField(
        label=_("Título de los diagramas nuevos"),
        help_text=_("Si lo deja vacío, se usa el nombre del archivo."),
        max_length=200,
        required=False,
        validators=VALIDADORES_LINEA,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    leyenda_nueva = forms.CharField(
        label=_("Leyenda de los diagramas nuevos"),
        max_length=500,
        required=False,
        validators=VALIDADORES_LINEA,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    ayuda_limites = AYUDA_LIMITES

    def __init__(self, *args, existentes: DiagramasFormSet | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.existentes = existentes

    def guardados(self) -> list:
        """The stored diagrams the report keeps once this save is done."""
        return self.existentes.conservados() if self.existentes is not None else []

    def clean_archivos(self):
        archivos = self.files.getlist(self.add_prefix("archivos")) if self.files else []
        if len(archivos) > ARCHIVOS_MAXIMOS:
            raise ValidationError(ERROR_DEMASIADOS, code="demasiados")
        if not archivos:
            return []
        # One budget for every file of this save: the report's room for diagrams
        # and pixels once this save's deletions are done, and the seconds they share.
        presupuesto = images.Presupuesto.para(self.guardados(), len(archivos))
        limpias, errores = [], []
        for archivo in archivos:
            try:
                limpias.append((archivo.name, images.limpiar_imagen(archivo, presupuesto)))
            except ValidationError as error:
                errores.extend(f"{archivo.name}: {m}" for m in error.messages)
        if errores:
            raise ValidationError(errores)
        return limpias

    def nuevos(self) -> list[DiagramaNuevo]:
        titulo = self.cleaned_data.get("titulo_nuevo", "")
        leyenda = self.cleaned_data.get("leyenda_nueva", "")
        resultado = []
        for nombre, limpia in self.cleaned_data.get("archivos") or []:
            # A file's name may hide what a typed title may not: drop it silently.
            del_archivo = re.sub(SALTOS_RE, " ", re.sub(CONTROLES_RE, "", PurePath(nombre).stem))
            propio = titulo or del_archivo.strip()[:200] or str(_("Diagrama"))
            resultado.append(DiagramaNuevo(imagen=limpia, titulo=propio, leyenda=leyenda))
        return resultado


class SubidaInmediataForm(SubirDiagramasForm):
    """Files the page uploads the moment they are chosen: the report keeps every stored
    diagram, so all of them count against its caps. Checked exactly as a save's uploads."""

    def __init__(self, data, files, *, diagramas):
        super().__init__(data, files)
        self.diagramas = list(diagramas)

    def guardados(self) -> list:
        return self.diagramas

    def clean_archivos(self):
        archivos = super().clean_archivos()
        if not archivos:
            raise ValidationError(ERROR_SIN_ARCHIVOS, code="sin_archivos")
        return archivos
