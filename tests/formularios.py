"""What the report form posts, as a browser would: fields, rows, files; where errors show."""

import io
import re
from html import unescape
from html.parser import HTMLParser

from django.forms import BaseFormSet
from django.urls import reverse
from PIL import Image

from informes import auditoria
from informes.forms import FormularioInforme
from informes.models import Informe


def datos_formulario(informe=None, **cambios) -> dict:
    """Every field of the report form with the values the page shows, then ``cambios``."""
    formulario = FormularioInforme(informe=informe)
    datos = {}
    for parte in formulario.partes():
        formularios = [parte]
        if isinstance(parte, BaseFormSet):
            formularios = [parte.management_form, *parte.forms]
        for f in formularios:
            for campo in f:
                if campo.name in ("archivos", "DELETE"):
                    continue
                valor = campo.value()
                if valor is not None:
                    datos[campo.html_name] = valor
    datos.update(cambios)
    return datos


def filas(prefijo: str, lista: list[dict]) -> dict:
    """Management and row data for a row formset, replacing what it had."""
    datos = {f"{prefijo}-TOTAL_FORMS": str(len(lista)), f"{prefijo}-INITIAL_FORMS": "0"}
    for i, fila in enumerate(lista):
        for campo, valor in fila.items():
            datos[f"{prefijo}-{i}-{campo}"] = valor
    return datos


def editar_url(informe):
    return reverse("informes:editar", args=[informe.pk])


def png(color="red", ancho=40, alto=20) -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (ancho, alto), color).save(salida, format="PNG")
    return salida.getvalue()


def html_de(respuesta) -> str:
    return respuesta.content.decode()


def error_junto_a(html: str, id_campo: str) -> str:
    """The text of the error shown next to the field with id ``id_campo``."""
    encontrado = re.search(rf'id="{re.escape(id_campo)}_error"[^>]*>(.*?)</div>', html, re.S)
    assert encontrado, f"no error next to {id_campo}"
    return unescape(encontrado.group(1))


NO_ENVIADOS = {"submit", "button", "reset", "image", "file"}


class ControlesDelFormulario(HTMLParser):
    """The name/value pairs a browser would post from the report form.

    Controls inside a ``<template>`` (the blank row the script clones) are not
    part of the form. ``marcar_todo`` ticks every checkbox, the worst case.
    """

    def __init__(self, marcar_todo: bool):
        super().__init__(convert_charrefs=True)
        self.marcar_todo = marcar_todo
        self.pares: list[tuple[str, str]] = []
        self.en_formulario = self.en_plantilla = False
        self.area: list | None = None

    def handle_starttag(self, etiqueta, atributos):
        atributos = dict(atributos)
        if etiqueta == "form" and atributos.get("id") == "formulario-informe":
            self.en_formulario = True
        if etiqueta == "template":
            self.en_plantilla = True
        if not self.en_formulario or self.en_plantilla or not atributos.get("name"):
            return
        assert etiqueta != "select", "a select: count its options here"
        if etiqueta == "textarea":
            self.area = [atributos["name"], ""]
        elif etiqueta == "input":
            tipo = atributos.get("type", "text")
            if tipo in NO_ENVIADOS:
                return
            if tipo == "checkbox" and not (self.marcar_todo or "checked" in atributos):
                return
            defecto = "on" if tipo == "checkbox" else ""
            self.pares.append((atributos["name"], atributos.get("value") or defecto))

    def handle_data(self, datos):
        if self.area is not None:
            self.area[1] += datos

    def handle_endtag(self, etiqueta):
        if etiqueta == "textarea" and self.area is not None:
            nombre, valor = self.area
            self.pares.append((nombre, unescape(valor).removeprefix("\n")))
            self.area = None
        if etiqueta == "template":
            self.en_plantilla = False
        if etiqueta == "form":
            self.en_formulario = False


def controles(html: str, *, marcar_todo: bool = False) -> dict[str, str]:
    lector = ControlesDelFormulario(marcar_todo)
    lector.feed(html)
    datos = dict(lector.pares)
    assert len(datos) == len(lector.pares), "a name posted twice"
    return datos


def ocultos_esperados(informe) -> dict[str, str]:
    """The hidden inputs after a save the page was up to date for: counter and stored base."""
    actual = Informe.objects.get(pk=informe.pk)
    return {
        "contador_cambios": str(actual.contador_cambios),
        "base": auditoria.token_de(auditoria.contenido(actual)),
    }
