"""The conflict page's form: per conflict, keep this page's value, the stored one, or the box's.

Each conflict (``auditoria.Conflicto``) gets a required choice and an editable
box filled with this page's value. The box is checked with the report form's
own fields (the section's field, the «No aplica» reason, the row's columns)
only when it is the value chosen, and its errors show beside it.
"""

import copy
from dataclasses import dataclass

from django import forms
from django.db.models import Field
from django.utils.translation import gettext_lazy as _

from .. import auditoria
from .. import filas as tipos_de_fila
from ..models import Informe
from ..models.informe import LARGO_MARKDOWN, validar_sin_control
from .diagramas import DiagramaForm
from .filas import FORMSETS_FILAS
from .secciones import FORMULARIOS_SECCION, NoAplicaForm, nombre_no_aplica

MIO, GUARDADO, EDITADO = "mio", "guardado", "editado"
MENSAJE_DECIDA = _("Elija qué valor conservar.")


@dataclass(frozen=True)
class Verificador:
    """A box's form field (its widget and label) and the model field that checks it."""

    campo: forms.Field
    modelo: Field | None = None  # None: the form field checks it (a «No aplica» reason)
    titulo: str = ""

    def limpiar(self, valor: str) -> str:
        # The form field bounds the length (a TextField's model field does not);
        # the model field runs the validators the report form runs on save.
        valor = self.campo.clean(valor)
        return valor if self.modelo is None else self.modelo.clean(valor, None)


def _texto(campo: str) -> dict[str, Verificador]:
    for clase in FORMULARIOS_SECCION.values():
        if campo in clase.base_fields:
            return {"": Verificador(clase.base_fields[campo], Informe._meta.get_field(campo))}
    raise KeyError(campo)


def _motivo(campo: str) -> dict[str, Verificador]:
    return {"": Verificador(NoAplicaForm().fields[nombre_no_aplica(campo)])}


def _nota(numero: str) -> dict[str, Verificador]:
    campo = forms.CharField(
        label=auditoria.Conflicto.TITULO_NOTA % numero,
        max_length=LARGO_MARKDOWN,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[validar_sin_control],
    )
    return {"": Verificador(campo)}


def _fila(campo: str) -> dict[str, Verificador]:
    tipo = tipos_de_fila.TIPOS[campo]
    clase = DiagramaForm if tipo.imagen else FORMSETS_FILAS[campo].form
    return {
        c.nombre: Verificador(
            clase.base_fields[c.nombre], tipo.modelo._meta.get_field(c.nombre), c.titulo
        )
        for c in tipo.columnas
    }


VERIFICADORES = {"texto": _texto, "no_aplica": _motivo, "nota": _nota, "fila": _fila}


class ResolucionForm(forms.Form):
    """A decision per conflict; ``decisiones()`` gives the service's ``decisiones``."""

    def __init__(self, conflictos: list[auditoria.Conflicto], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflictos = conflictos
        self.verificadores: dict[str, dict[str, Verificador]] = {}
        for c in conflictos:
            opciones = [
                (MIO, _("Conservar el mío")),
                (GUARDADO, _("Conservar el guardado")),
                (EDITADO, _("Usar el recuadro")),
            ]
            verificadores = VERIFICADORES[c.tipo](c.campo)
            if imagen_perdida(c):
                # The other save removed the diagram and its image: it cannot come back.
                opciones, verificadores = [opciones[1]], {}
            self.fields[self.nombre_decision(c)] = forms.ChoiceField(
                choices=opciones,
                widget=forms.RadioSelect,
                error_messages={"required": MENSAJE_DECIDA},
            )
            inicial = c.mio if c.mio is not None else c.guardado
            for columna, verificador in verificadores.items():
                valor = (inicial or {}).get(columna, "") if c.tipo == "fila" else inicial or ""
                self.fields[self.nombre_valor(c, columna)] = _recuadro(verificador, valor)
            self.verificadores[c.firma] = verificadores

    @staticmethod
    def nombre_decision(c: auditoria.Conflicto) -> str:
        return f"decision-{c.firma}"

    @staticmethod
    def nombre_valor(c: auditoria.Conflicto, columna: str = "") -> str:
        return f"valor-{c.firma}" + (f"-{columna}" if columna else "")

    def clean(self):
        datos = super().clean()
        for c in self.conflictos:
            if datos.get(self.nombre_decision(c)) != EDITADO:
                continue
            verificadores = self.verificadores[c.firma]
            nombres = {col: self.nombre_valor(c, col) for col in verificadores}
            if c.tipo == "fila" and not any((datos.get(n) or "").strip() for n in nombres.values()):
                continue  # an empty box removes the row
            for columna, verificador in verificadores.items():
                try:
                    datos[nombres[columna]] = verificador.limpiar(datos.get(nombres[columna], ""))
                except forms.ValidationError as error:
                    self.add_error(nombres[columna], error)
        return datos

    def decisiones(self) -> dict:
        """{firma: value} for the service: text, reason, a row's values, or None (removed)."""
        resultado = {}
        for c in self.conflictos:
            eleccion = self.cleaned_data[self.nombre_decision(c)]
            if eleccion == MIO:
                resultado[c.firma] = c.mio
            elif eleccion == GUARDADO:
                resultado[c.firma] = c.guardado
            elif c.tipo == "fila":
                fila = {
                    col: self.cleaned_data.get(self.nombre_valor(c, col)) or ""
                    for col in self.verificadores[c.firma]
                }
                resultado[c.firma] = fila if any(v.strip() for v in fila.values()) else None
            else:
                resultado[c.firma] = self.cleaned_data.get(self.nombre_valor(c)) or ""
        return resultado


def _recuadro(verificador: Verificador, inicial) -> forms.CharField:
    """The editable box: free text here, checked by ``verificador`` when chosen."""
    widget = copy.deepcopy(verificador.campo.widget)
    widget.attrs.pop("data-markdown", None)
    etiqueta = verificador.titulo or verificador.campo.label
    return forms.CharField(label=etiqueta, required=False, strip=False, initial=inicial,
                           widget=widget)  # fmt: skip


def imagen_perdida(c: auditoria.Conflicto) -> bool:
    """A diagram this page edited and the other save removed, with its image."""
    return c.tipo == "fila" and c.guardado is None and tipos_de_fila.TIPOS[c.campo].imagen
