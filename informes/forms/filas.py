"""Repeatable rows: bibliotecas, rutas and variables de entorno, as formsets.

Rows are values: the service replaces the stored list with the submitted one,
so the formsets need no row ids. Blank extra rows are ignored; a DELETE box
removes a row without JavaScript.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import limites
from ..models import Biblioteca, RutaArchivo, VariableEntorno

FILAS_EXTRA = 2
FILAS_MAXIMAS = limites.FILAS_MAXIMAS
ERROR_FILAS = _("Esta lista admite como máximo %(num)d filas: quite las que sobran.")
ERROR_VARIABLE_DUPLICADA = _("La variable %(nombre)s ya está en la lista: cada nombre va una vez.")
LARGO_REQUISITOS = 50_000


class FilaForm(forms.ModelForm):
    """A row whose fields carry Bootstrap classes; labels name the column."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for campo in self.fields.values():
            campo.widget.attrs.setdefault("class", "form-control form-control-sm")
            # Column hints show once under the table, not in every row.
            campo.ayuda_columna, campo.help_text = campo.help_text, ""


class BibliotecaForm(FilaForm):
    class Meta:
        model = Biblioteca
        fields = ["nombre", "version"]


class RutaForm(FilaForm):
    class Meta:
        model = RutaArchivo
        fields = ["ruta", "proposito"]


class VariableEntornoForm(FilaForm):
    class Meta:
        model = VariableEntorno
        fields = ["nombre", "proposito", "valor_ejemplo"]


class FilasFormSet(forms.BaseFormSet):
    default_error_messages = {"too_many_forms": ERROR_FILAS}

    def _construct_form(self, i, **kwargs):
        # A row left entirely blank is skipped, never an error: bound formsets
        # get no initial values, so "changed" means "something typed".
        kwargs.setdefault("empty_permitted", True)
        kwargs.setdefault("use_required_attribute", False)
        return super()._construct_form(i, **kwargs)

    def filas(self) -> list[dict]:
        """The kept rows, in order, as dicts of values."""
        return [
            {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
            for f in self.forms
            if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


class VariablesFormSet(FilasFormSet):
    def clean(self):
        super().clean()
        vistos = set()
        for formulario in self.forms:
            datos = getattr(formulario, "cleaned_data", None) or {}
            if datos.get("DELETE") or not datos.get("nombre"):
                continue
            nombre = datos["nombre"]
            if nombre in vistos:
                formulario.add_error("nombre", ERROR_VARIABLE_DUPLICADA % {"nombre": nombre})
            vistos.add(nombre)


def _formset(form, base=FilasFormSet):
    return forms.formset_factory(
        form,
        formset=base,
        extra=FILAS_EXTRA,
        can_delete=True,
        max_num=FILAS_MAXIMAS,
        # Rows past the cap (added in the browser) come back with the message.
        absolute_max=limites.FILAS_LEIDAS,
        validate_max=True,
    )


BibliotecasFormSet = _formset(BibliotecaForm)
RutasFormSet = _formset(RutaForm)
VariablesEntornoFormSet = _formset(VariableEntornoForm, VariablesFormSet)

FORMSETS_FILAS = {
    "bibliotecas": BibliotecasFormSet,
    "rutas": RutasFormSet,
    "variables_entorno": VariablesEntornoFormSet,
}


class RequisitosForm(forms.Form):
    """A pasted requirements.txt or ``pip freeze`` output, turned into library rows."""

    requisitos = forms.CharField(
        label=_("Pegar requirements.txt"),
        help_text=_(
            "Pegue un requirements.txt o la salida de pip freeze y pulse «Agregar bibliotecas»: "
            "cada paquete se vuelve una fila que puede corregir."
        ),
        required=False,
        max_length=LARGO_REQUISITOS,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control font-monospace"}),
    )
