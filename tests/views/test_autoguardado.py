"""The autosave's JSON contract with the page: ``ok``, ``mensaje``, ``ocultos``,
``recargar``; refusals that name their fields (400), 403, 404, the 409 with where it
is settled, and a new report's URLs, title and link."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from informes.models import Informe
from tests.factories import InformeFactory, analista, revisor
from tests.formularios import datos_formulario, filas, ocultos_esperados

pytestmark = pytest.mark.django_db


@pytest.fixture
def informe():
    return InformeFactory(autor=analista())


@pytest.fixture
def cliente(informe):
    cliente = Client()
    cliente.force_login(informe.autor)
    return cliente


def autoguardar(cliente, informe, **cambios):
    return cliente.post(
        reverse("informes:autoguardar", args=[informe.pk]), datos_formulario(informe, **cambios)
    )


def test_a_save_hands_the_page_its_hidden_inputs_and_the_servers_time(cliente, informe):
    respuesta = autoguardar(cliente, informe, hardware_requerido="GPU")
    assert respuesta.status_code == 200
    j = respuesta.json()
    actual = Informe.objects.get(pk=informe.pk)
    assert j["ok"] is True and j["recargar"] is False
    assert j["ocultos"] == ocultos_esperados(actual)
    assert re.fullmatch(r"Guardado \d\d:\d\d", j["mensaje"])
    assert actual.hardware_requerido == "GPU"


def test_a_refusal_names_each_label_and_puts_each_message_under_its_input(cliente, informe):
    datos = {
        "version_python": "no es versión",
        "no_aplica__hardware_requerido": "línea\u202eoculta",
        **filas("bibliotecas", [{"nombre": "pandas", "version": "dos"}]),
    }
    respuesta = autoguardar(cliente, informe, **datos)
    assert respuesta.status_code == 400
    j = respuesta.json()
    assert j["ok"] is False
    # In the template's order.
    assert j["etiquetas"] == ["Python", "Bibliotecas de Terceros", "Hardware Requerido"]
    assert j["mensaje"] == (
        "No se guardó: corrija «Python», «Bibliotecas de Terceros», «Hardware Requerido»."
    )
    assert set(j["errores"]) == {
        "version_python",
        "no_aplica__hardware_requerido",
        "bibliotecas-0-version",
    }
    assert all(isinstance(m, str) and m for ms in j["errores"].values() for m in ms)
    assert Informe.objects.get(pk=informe.pk).contador_cambios == informe.contador_cambios


def test_a_true_conflict_is_a_409_that_says_where_to_settle_it(cliente, informe):
    pagina = datos_formulario(informe, hardware_requerido="GPU de esta página")
    assert autoguardar(cliente, informe, hardware_requerido="GPU de otra página").status_code == 200
    respuesta = cliente.post(reverse("informes:autoguardar", args=[informe.pk]), pagina)
    assert respuesta.status_code == 409
    j = respuesta.json()
    assert j["ok"] is False and j["conflicto"] is True and j["mensaje"]
    assert re.fullmatch(rf"/informes/{informe.pk}/conflicto/[\w-]{{22}}/", j["url"])
    assert Informe.objects.get(pk=informe.pk).hardware_requerido == "GPU de otra página"


def test_a_new_reports_first_autosave_tells_its_urls_title_and_estado():
    cliente = Client()
    cliente.force_login(analista())
    respuesta = cliente.post(
        reverse("informes:autoguardar_nuevo"), datos_formulario(None, nombre_modelo="Modelo X")
    )
    informe = Informe.objects.get()
    j = respuesta.json()
    assert j["titulo"] == "Modelo X v1" and j["estado"] == "Borrador"
    assert j["urls"] == {
        "accion": f"/informes/{informe.pk}/editar/",
        "autoguardar": f"/informes/{informe.pk}/autoguardar/",
        "vista_previa": f"/informes/{informe.pk}/vista-previa-markdown/",
        "subir_diagramas": f"/informes/{informe.pk}/diagramas/subir/",
        "detalle": f"/informes/{informe.pk}/",
    }
    assert j["ocultos"] == ocultos_esperados(informe)


def test_refusals_are_json_with_a_message(informe):
    url = reverse("informes:autoguardar", args=[informe.pk])
    for usuario, codigo in [(revisor(), 403), (analista(), 404)]:
        cliente = Client()
        cliente.force_login(usuario)
        respuesta = cliente.post(url, datos_formulario(informe))
        assert respuesta.status_code == codigo
        assert respuesta.json()["ok"] is False and respuesta.json()["mensaje"]
    nuevo = Client()
    nuevo.force_login(revisor())
    respuesta = nuevo.post(reverse("informes:autoguardar_nuevo"), datos_formulario(None))
    assert respuesta.status_code == 403 and respuesta.json()["mensaje"]


def test_the_edit_page_starts_with_an_honest_status_and_the_scripts_texts(cliente, informe):
    html = cliente.get(reverse("informes:editar", args=[informe.pk])).content.decode()
    assert re.search(r'id="estado-guardado"[^>]*>Sin cambios</span>', html)
    assert 'data-sin-conexion="Sin conexión: se reintentará"' in html
    assert f'data-subir-diagramas="/informes/{informe.pk}/diagramas/subir/"' in html
    assert 'data-maximo="200"' in html  # «Agregar fila» stops at limites.FILAS_MAXIMAS
    assert "Resolver el conflicto" in html
