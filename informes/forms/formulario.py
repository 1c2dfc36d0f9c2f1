"""The whole report form: section forms, row formsets, diagrams and «No aplica», together.

Bound and validated as one; it also gives the service's arguments, the form's
snapshot and the description of which inputs fill each label.
"""

import copy
import json
from dataclasses import dataclass, field

from django import forms

from .. import auditoria, completitud, filas, plantilla
from ..models import Informe
from .diagramas import DiagramasExistentesFormSet, SubirDiagramasForm
from .filas import FORMSETS_FILAS, RequisitosForm
from .secciones import FORMULARIOS_SECCION, NoAplicaForm, NotasForm, nombre_no_aplica, nombre_nota


class ControlForm(forms.Form):
    """What the page loaded: the lock counter and the base a merge starts from.

    The save compares the counter with the stored one; the base (a token of
    fingerprints, ``auditoria.huellas``) tells a merge what this page changed.
    A base that is not one merges as none; its length is checked when read.
    """

    contador_cambios = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    base = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)


@dataclass
class Elemento:
    etiqueta: plantilla.Etiqueta
    campo: forms.BoundField | None = None
    formset: forms.BaseFormSet | None = None
    no_aplica: forms.BoundField | None = None
    nuevo_grupo: bool = False


@dataclass
class Bloque:
    seccion: plantilla.Seccion
    elementos: list[Elemento] = field(default_factory=list)
    llenas: int = 0
    nota: forms.BoundField | None = None  # the section's unclassified text, while it has any

    @property
    def total(self) -> int:
        return len(self.seccion.etiquetas)

    @property
    def completa(self) -> bool:
        return self.llenas == self.total

    @property
    def tiene_errores(self) -> bool:
        if self.nota is not None and self.nota.errors:
            return True
        for e in self.elementos:
            if e.campo is not None and e.campo.errors:
                return True
            if e.no_aplica is not None and e.no_aplica.errors:
                return True
            if e.formset is not None and (
                e.formset.non_form_errors() or any(f.errors for f in e.formset.forms)
            ):
                return True
        return False


class FormularioInforme:
    """Every part of the report form, bound to ``data`` (a POST) or to ``informe``."""

    def __init__(self, *, informe: Informe | None = None, data=None, files=None):
        self.informe = informe
        self.ligado = data is not None
        # The forms work on a copy: the caller's report keeps its stored values.
        instancia = copy.copy(informe) if informe is not None else Informe()
        self.secciones = {
            n: clase(data, instance=instancia, use_required_attribute=False)
            for n, clase in FORMULARIOS_SECCION.items()
        }
        self.no_aplica = NoAplicaForm(
            data, initial=NoAplicaForm.iniciales(informe.no_aplica if informe else {})
        )
        self.notas = NotasForm(data, initial=NotasForm.iniciales(informe.notas if informe else {}))
        self.filas = {}
        for tipo, clase in FORMSETS_FILAS.items():
            iniciales = []
            if informe is not None and informe.pk and data is None:
                iniciales = [filas.LISTAS[tipo].valores(f) for f in getattr(informe, tipo).all()]
            self.filas[tipo] = clase(data, prefix=tipo, initial=iniciales)
        guardados = list(informe.diagramas.all()) if informe is not None and informe.pk else []
        self.diagramas = DiagramasExistentesFormSet(
            data,
            prefix="diagramas",
            diagramas=guardados,
            initial=[{"pk": d.pk, "titulo": d.titulo, "leyenda": d.leyenda} for d in guardados],
        )
        self.subida = SubirDiagramasForm(data, files, existentes=self.diagramas)
        self.requisitos = RequisitosForm(data)
        contador = informe.contador_cambios if informe is not None else 0
        base = ""
        if data is None and informe is not None and informe.pk:
            # From the same reads as the values shown, so base and page agree.
            base = auditoria.token_de(auditoria.contenido(informe))
        self.control = ControlForm(data, initial={"contador_cambios": contador, "base": base})

    # --- Validation and the service's arguments.

    def partes(self) -> list:
        return [
            *self.secciones.values(),
            self.no_aplica,
            self.notas,
            *self.filas.values(),
            self.diagramas,
            self.subida,
            self.requisitos,
            self.control,
        ]

    def es_valido(self) -> bool:
        validos = [p.is_valid() for p in self.partes()]  # every part, for every message
        return all(validos)

    def contador(self) -> int:
        return self.control.cleaned_data["contador_cambios"]

    def base(self) -> str | None:
        """The base token the page posted (None when it posted none)."""
        return self.control.cleaned_data.get("base") or None

    def campos(self) -> dict[str, str]:
        campos = {}
        for formulario in self.secciones.values():
            campos.update(formulario.cleaned_data)
        return campos

    def datos_servicio(self, *, autoguardado: bool = False) -> dict:
        """The keyword arguments of ``services.informe_guardar`` (without the counter)."""
        diagramas = self.diagramas.valores()
        if autoguardado:
            # Autosave never deletes a diagram: only an explicit save does.
            diagramas = [{**d, "borrar": False} for d in diagramas]
        return {
            "campos": self.campos(),
            "no_aplica": self.no_aplica.valores(),
            "notas": self.notas.valores(),
            "filas": {tipo: fs.filas() for tipo, fs in self.filas.items()},
            "diagramas": diagramas,
            "diagramas_nuevos": [] if autoguardado else self.subida.nuevos(),
        }

    def diagramas_conservados(self) -> list[dict]:
        """The stored diagrams a valid form keeps, in its order, with its titles and captions.

        Each carries what a page needs to show it (``pk``, ``informe_id``, size)
        and its image's fingerprint (``huella``). New uploads are not among
        them: they are stored only when the form is saved.
        """
        guardados = self.diagramas.diagramas
        return [
            {
                "pk": d.pk,
                "informe_id": d.informe_id,
                "ancho": d.ancho,
                "alto": d.alto,
                "titulo": valores["titulo"],
                "leyenda": valores["leyenda"],
                "huella": d.sha256,
            }
            for valores in self.diagramas.valores()
            if not valores["borrar"] and (d := guardados.get(valores["pk"])) is not None
        ]

    def instantanea(self) -> dict:
        """What saving this valid form would store, as a snapshot (``auditoria.instantanea``).

        The preview and the conflict page show it; a diff against the stored
        report's snapshot tells what the save would change.
        """
        coautores = ()
        if self.informe is not None and self.informe.pk:
            coautores = [c.username for c in self.informe.coautores.all()]
        return auditoria.instantanea_de(
            campos=self.campos(),
            no_aplica=self.no_aplica.valores(),
            filas={
                **{tipo: fs.filas() for tipo, fs in self.filas.items()},
                "diagramas": self.diagramas_conservados(),
            },
            coautores=coautores,
            notas=self.notas.valores(),
        )

    def cantidad_errores(self) -> int:
        total = 0
        for parte in self.partes():
            if isinstance(parte, forms.BaseFormSet):
                total += len(parte.non_form_errors()) + sum(len(f.errors) for f in parte.forms)
            else:
                total += len(parte.errors)
        return total

    # --- Layout for the template.

    def bloques(self) -> list[Bloque]:
        resultado = []
        for seccion in plantilla.SECCIONES:
            formulario = self.secciones[seccion.numero]
            nota = self.notas[nombre_nota(seccion.numero)]
            bloque = Bloque(seccion, nota=nota if nota.value() else None)
            grupo_anterior = ""
            for etiqueta in seccion.etiquetas:
                elemento = Elemento(
                    etiqueta,
                    no_aplica=self.no_aplica[nombre_no_aplica(etiqueta.campo)],
                    nuevo_grupo=bool(etiqueta.grupo) and etiqueta.grupo != grupo_anterior,
                )
                grupo_anterior = etiqueta.grupo
                if etiqueta.campo == "diagramas":
                    elemento.formset = self.diagramas
                elif etiqueta.es_filas:
                    elemento.formset = self.filas[etiqueta.campo]
                else:
                    elemento.campo = formulario[etiqueta.campo]
                if self._llena(elemento):
                    bloque.llenas += 1
                bloque.elementos.append(elemento)
            resultado.append(bloque)
        return resultado

    def regla_completitud(self) -> dict[str, dict]:
        """Per label, the inputs whose values fill it (``completitud.llena`` applies).

        The page's script receives it as JSON (a data attribute of the form)
        and counts filled labels as the server does: a label is filled when its
        «No aplica» reason, one of its ``campos``, a column of a row of
        ``filas`` not marked for removal, or a file of ``archivos`` has a value.
        """
        reglas = {}
        for numero, formulario in self.secciones.items():
            for etiqueta in plantilla.SECCIONES[numero - 1].etiquetas:
                regla = {"no_aplica": self.no_aplica[nombre_no_aplica(etiqueta.campo)].html_name}
                if etiqueta.campo == "diagramas":
                    # A stored diagram fills it by its mere presence (its id).
                    regla["filas"] = {"prefijo": self.diagramas.prefix, "columnas": ["pk"]}
                    regla["archivos"] = self.subida["archivos"].html_name
                elif etiqueta.es_filas:
                    formset = self.filas[etiqueta.campo]
                    columnas = list(filas.LISTAS[etiqueta.campo].nombres)
                    regla["filas"] = {"prefijo": formset.prefix, "columnas": columnas}
                else:
                    regla["campos"] = [formulario[etiqueta.campo].html_name]
                reglas[etiqueta.campo] = regla
        return reglas

    def regla_completitud_json(self) -> str:
        return json.dumps(self.regla_completitud())

    def _llena(self, elemento: Elemento) -> bool:
        motivo = elemento.no_aplica.value() or ""
        if elemento.campo is not None:
            return completitud.llena(elemento.campo.value() or "", motivo)
        formset = elemento.formset
        columnas = ["pk"] if formset is self.diagramas else filas.LISTAS[formset.prefix].nombres
        # Rows typed but not valid yet count too; rows marked for removal do not.
        valores = [
            {c: f[c].value() for c in columnas}
            for f in formset.forms
            if not (f["DELETE"].value() if "DELETE" in f.fields else False)
        ]
        return completitud.llena(valores, motivo)
