"""The form's errors as the page's script shows them: by input name, and the labels they concern."""

from dataclasses import dataclass, field

from django import forms

from .formulario import FormularioInforme


@dataclass
class Errores:
    """Messages by the name of the input they belong to (a list's own, by its prefix),
    and the template's labels that hold them, in the template's order."""

    por_campo: dict[str, list[str]] = field(default_factory=dict)
    etiquetas: list[str] = field(default_factory=list)

    def agregar(self, nombre: str, mensajes) -> bool:
        mensajes = [str(m) for m in mensajes]
        if mensajes:
            self.por_campo.setdefault(nombre, []).extend(mensajes)
        return bool(mensajes)


def _del_formset(errores: Errores, formset: forms.BaseFormSet) -> bool:
    hay = errores.agregar(formset.prefix, formset.non_form_errors())
    for formulario in formset.forms:
        for nombre, mensajes in formulario.errors.items():
            if nombre in formulario.fields:
                hay |= errores.agregar(formulario[nombre].html_name, mensajes)
            else:
                hay |= errores.agregar(formset.prefix, mensajes)
    return hay


def errores_de(formulario: FormularioInforme) -> Errores:
    """Every message of a form that did not validate, named as the page names its inputs."""
    errores = Errores()
    subida = formulario.subida
    for bloque in formulario.bloques():
        for elemento in bloque.elementos:
            hay = errores.agregar(elemento.no_aplica.html_name, elemento.no_aplica.errors)
            if elemento.campo is not None:
                hay |= errores.agregar(elemento.campo.html_name, elemento.campo.errors)
            if elemento.formset is not None:
                hay |= _del_formset(errores, elemento.formset)
            if elemento.formset is formulario.diagramas:
                for nombre in subida.errors:
                    hay |= errores.agregar(subida[nombre].html_name, subida.errors[nombre])
            if hay:
                errores.etiquetas.append(str(elemento.etiqueta.texto))
    # Only a tampered post gets here (the lock counter); the message still names it.
    for nombre, mensajes in formulario.control.errors.items():
        errores.agregar(nombre, mensajes)
    return errores
