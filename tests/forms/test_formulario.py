"""The report form follows the template: labels, hints, order, rows."""

import pytest

from informes import plantilla
from informes.forms import FORMULARIOS_SECCION, FormularioInforme, con_filas_extra
from informes.forms.filas import FILAS_EXTRA, VariablesEntornoFormSet
from tests.formularios import datos_formulario

pytestmark = pytest.mark.django_db


def test_each_section_form_labels_its_fields_with_the_template_words():
    for seccion in plantilla.SECCIONES:
        formulario = FORMULARIOS_SECCION[seccion.numero]()
        simples = [e for e in seccion.etiquetas if not e.es_filas]
        assert list(formulario.fields) == [e.campo for e in simples]
        for etiqueta in simples:
            campo = formulario.fields[etiqueta.campo]
            assert campo.label == etiqueta.texto
            assert campo.help_text == etiqueta.pista
            assert not campo.required


def test_the_layout_walks_all_29_labels_in_template_order():
    bloques = FormularioInforme().bloques()
    assert [b.seccion.encabezado for b in bloques] == [s.encabezado for s in plantilla.SECCIONES]
    etiquetas = [e.etiqueta for b in bloques for e in b.elementos]
    assert etiquetas == list(plantilla.ETIQUETAS) and len(etiquetas) == 29


def test_an_empty_form_is_a_valid_draft():
    formulario = FormularioInforme(data=datos_formulario())
    assert formulario.es_valido(), formulario.cantidad_errores()
    assert formulario.datos_servicio()["filas"] == {
        "bibliotecas": [],
        "rutas": [],
        "variables_entorno": [],
    }


def test_completeness_counts_values_and_no_aplica_marks():
    datos = datos_formulario(nombre_modelo="M", **{"no_aplica__descripcion_modelo": "No hay"})
    primero = FormularioInforme(data=datos).bloques()[0]
    assert (primero.llenas, primero.total) == (2, 2)


def test_blank_rows_are_ignored_and_rows_keep_their_order():
    datos = {
        "variables_entorno-TOTAL_FORMS": "3",
        "variables_entorno-INITIAL_FORMS": "0",
        "variables_entorno-0-nombre": "B",
        "variables_entorno-2-nombre": "A",
    }
    formset = VariablesEntornoFormSet(datos, prefix="variables_entorno")
    assert formset.is_valid()
    assert [f["nombre"] for f in formset.filas()] == ["B", "A"]


def test_adding_rows_keeps_values_and_adds_blanks():
    from django.http import QueryDict

    datos = QueryDict(mutable=True)
    datos.update(datos_formulario(nombre_modelo="Conservado"))
    nuevo = con_filas_extra(datos)
    assert nuevo["nombre_modelo"] == "Conservado"
    assert int(nuevo["rutas-TOTAL_FORMS"]) == int(datos["rutas-TOTAL_FORMS"]) + FILAS_EXTRA
