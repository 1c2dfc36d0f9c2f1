"""The form of a new personal access token: its name, its validity and its scope."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import limites
from ..models import TokenAcceso

DIAS = (7, 30, 90, 180, limites.TOKEN_DIAS_MAXIMOS)
ALCANCE_LECTURA = "lectura"
ALCANCE_ESCRITURA = "escritura"


class TokenForm(forms.ModelForm):
    """Name, days until it expires and whether it may write."""

    dias = forms.TypedChoiceField(
        label=_("Vigencia"),
        choices=[(d, _("%(n)s días") % {"n": d}) for d in DIAS],
        coerce=int,
        initial=limites.TOKEN_DIAS_PREDETERMINADOS,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    alcance = forms.ChoiceField(
        label=_("Alcance"),
        choices=[
            (ALCANCE_LECTURA, _("Solo lectura: consultar y exportar informes")),
            (ALCANCE_ESCRITURA, _("Lectura y escritura: también crear, editar y revisar")),
        ],
        initial=ALCANCE_LECTURA,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = TokenAcceso
        fields = ["nombre"]
        help_texts = {
            "nombre": _("Para reconocerlo después, p. ej., «Portátil» o «CI del repositorio»."),
        }
        widgets = {"nombre": forms.TextInput(attrs={"class": "form-control"})}

    def servicio(self) -> dict:
        """The keyword arguments of ``services.token_crear`` (without the user)."""
        return {
            "nombre": self.cleaned_data["nombre"],
            "dias": self.cleaned_data["dias"],
            "solo_lectura": self.cleaned_data["alcance"] != ALCANCE_ESCRITURA,
        }
