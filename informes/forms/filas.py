"""Repeatable rows as formsets, one per listed kind of ``informes.filas``.

Rows are values: the service replaces the stored list with the submitted one,
so the formsets need no row ids. Blank extra rows are ignored; a DELETE box
removes a row without JavaScript. A kind whose key is unique in a report
refuses a repeated key beside the repeated row.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import filas as tipos_de_fila
from .. import limites

FILAS_EXTRA = 2
FILAS_MAXIMAS = limites.FILAS_MAXIMAS
ERROR_FILAS = _("Esta lista admite como máximo %(num)d filas: quite las que sobran.")
ERROR_VARIABLE_DUPLICADA = tipos_de_fila.VARIABLES.mensaje_repetida
LARGO_REQUISITOS = 50_000


class FilaForm(forms.ModelForm):
    """A row whose fields carry Bootstrap classes; labels name the column."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for campo in self.fields.values():
            campo.widget.attrs.setdefault("class", "form-control form-control-sm")
            # Column hints show once under the table, not in every row.
            campo.ayuda_columna, campo.help_text = campo.help_text, ""


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

    tipo: tipos_de_fila.TipoFila  # set for each kind by ``formset_de``

    def clean(self):
        super().clean()
        if not self.tipo.clave_unica:
            return
        vistas = set()
        for formulario in self.forms:
            datos = getattr(formulario, "cleaned_data", None) or {}
            clave = self.tipo.clave_de(datos)
            if datos.get("DELETE") or not any(clave):
                continue
            if clave in vistas:
                columna = self.tipo.clave[0]
                mensaje = self.tipo.mensaje_repetida % {columna: datos[columna]}
                formulario.add_error(columna, mensaje)
            vistas.add(clave)


def formset_de(tipo: tipos_de_fila.TipoFila) -> type[FilasFormSet]:
    """The formset of one kind of row: its model's fields, in the kind's columns."""
    formulario = forms.modelform_factory(tipo.modelo, form=FilaForm, fields=tipo.nombres)
    base = type(f"{tipo.modelo.__name__}FormSet", (FilasFormSet,), {"tipo": tipo})
    return forms.formset_factory(
        formulario,
        formset=base,
        extra=FILAS_EXTRA,
        can_delete=True,
        max_num=FILAS_MAXIMAS,
        # Rows past the cap (added in the browser) come back with the message.
        absolute_max=limites.FILAS_LEIDAS,
        validate_max=True,
    )


FORMSETS_FILAS = {campo: formset_de(tipo) for campo, tipo in tipos_de_fila.LISTAS.items()}
VariablesEntornoFormSet = FORMSETS_FILAS["variables_entorno"]


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
