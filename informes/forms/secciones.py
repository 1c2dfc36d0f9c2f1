"""A ModelForm per template section, built from ``plantilla`` so labels never drift.

Each field keeps the template's label as its label and the template's hint as
its help text (the model takes both from ``plantilla``). Markdown labels get a
textarea; every field may stay empty, so an incomplete draft saves.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import plantilla
from ..models import Informe
from ..models.informe import LARGO_MARKDOWN, VALIDADORES_LINEA, validar_sin_control

LARGO_MOTIVO = 500


def _widget(etiqueta: plantilla.Etiqueta) -> forms.Widget:
    if etiqueta.tipo == plantilla.Tipo.MARKDOWN:
        return forms.Textarea(
            attrs={"rows": 6, "class": "form-control campo-markdown", "data-markdown": "1"}
        )
    return forms.TextInput(attrs={"class": "form-control"})


def _formulario_de_seccion(seccion: plantilla.Seccion) -> type[forms.ModelForm]:
    etiquetas = [e for e in seccion.etiquetas if not e.es_filas]
    meta = type(
        "Meta",
        (),
        {
            "model": Informe,
            "fields": [e.campo for e in etiquetas],
            "widgets": {e.campo: _widget(e) for e in etiquetas},
        },
    )
    nombre = f"Seccion{seccion.numero}Form"
    return type(nombre, (forms.ModelForm,), {"Meta": meta, "seccion": seccion})


FORMULARIOS_SECCION: dict[int, type[forms.ModelForm]] = {
    s.numero: _formulario_de_seccion(s) for s in plantilla.SECCIONES
}


def nombre_no_aplica(campo: str) -> str:
    return f"no_aplica__{campo}"


class NoAplicaForm(forms.Form):
    """A reason per label; a label with a reason counts as «No aplica»."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for etiqueta in plantilla.ETIQUETAS:
            self.fields[nombre_no_aplica(etiqueta.campo)] = forms.CharField(
                label=_("Motivo por el que no aplica"),
                max_length=LARGO_MOTIVO,
                required=False,
                strip=True,
                validators=VALIDADORES_LINEA,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    @classmethod
    def iniciales(cls, no_aplica: dict[str, str]) -> dict[str, str]:
        return {nombre_no_aplica(c): m for c, m in (no_aplica or {}).items()}

    def valores(self) -> dict[str, str]:
        return {
            e.campo: self.cleaned_data[nombre_no_aplica(e.campo)]
            for e in plantilla.ETIQUETAS
            if self.cleaned_data.get(nombre_no_aplica(e.campo))
        }


def nombre_nota(numero: int) -> str:
    return f"nota__{numero}"


class NotasForm(forms.Form):
    """A section's unclassified text (left by an import), shown while it holds any.

    Emptying the box removes it; its text is meant to be moved to its labels.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for seccion in plantilla.SECCIONES:
            self.fields[nombre_nota(seccion.numero)] = forms.CharField(
                label=_("Texto sin clasificar"),
                help_text=_(
                    "Texto del archivo importado que no correspondía a ninguna etiqueta de esta "
                    "sección. Páselo a la etiqueta que corresponda y vacíe este cuadro."
                ),
                max_length=LARGO_MARKDOWN,
                required=False,
                validators=[validar_sin_control],
                widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
            )

    @classmethod
    def iniciales(cls, notas: dict[str, str]) -> dict[str, str]:
        return {nombre_nota(int(n)): t for n, t in (notas or {}).items()}

    def valores(self) -> dict[str, str]:
        return {
            str(s.numero): self.cleaned_data[nombre_nota(s.numero)]
            for s in plantilla.SECCIONES
            if self.cleaned_data.get(nombre_nota(s.numero))
        }
