"""«Enviar a revisión» from the edit form: it saves first, then sends; an incomplete
report comes back to the form naming every missing label, each a link to its field."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from informes.models import Estado, Informe
from tests.factories import analista, informe_completo, revisor
from tests.formularios import datos_formulario

pytestmark = pytest.mark.django_db


def editar_url(informe):
    return reverse("informes:editar", args=[informe.pk])


def test_a_complete_report_is_saved_then_sent(client):
    informe = informe_completo(autor=analista())
    client.force_login(informe.autor)
    datos = datos_formulario(informe, hardware_requerido="Último cambio", accion="enviar")
    respuesta = client.post(editar_url(informe), datos)
    assert respuesta.status_code == 302 and respuesta.url == informe.get_absolute_url()
    enviado = Informe.objects.get(pk=informe.pk)
    assert enviado.estado == Estado.EN_REVISION
    assert enviado.hardware_requerido == "Último cambio"


def test_an_incomplete_report_is_saved_and_every_missing_label_named_with_a_link(client):
    informe = informe_completo(autor=analista())
    client.force_login(informe.autor)
    datos = datos_formulario(
        informe, comunicacion="", linaje_modelos="", hardware_requerido="Guardado", accion="enviar"
    )
    respuesta = client.post(editar_url(informe), datos)
    assert respuesta.url == editar_url(informe)
    guardado, mensaje = [str(m) for m in get_messages(respuesta.wsgi_request)]
    assert guardado == "Borrador guardado."
    for campo, texto in [("comunicacion", "Comunicación"), ("linaje_modelos", "Linaje")]:
        assert re.search(
            rf'<a href="#etiqueta-{campo}" data-etiqueta-pendiente="{campo}">{texto}', mensaje
        ), campo
    assert 'href="#seccion-5"' in mensaje and 'href="#seccion-9"' in mensaje
    guardado = Informe.objects.get(pk=informe.pk)
    assert guardado.estado == Estado.BORRADOR and guardado.hardware_requerido == "Guardado"
    # Each link lands on an element of the form with that id.
    html = client.get(editar_url(informe)).content.decode()
    assert 'id="etiqueta-comunicacion"' in html and 'id="etiqueta-linaje_modelos"' in html


def test_an_invalid_form_is_neither_saved_nor_sent(client):
    informe = informe_completo(autor=analista())
    client.force_login(informe.autor)
    datos = datos_formulario(informe, version_python="no", accion="enviar")
    assert client.post(editar_url(informe), datos).status_code == 400
    assert Informe.objects.get(pk=informe.pk).estado == Estado.BORRADOR


def test_the_report_pages_refusal_links_each_label_to_its_field_in_the_form(client):
    informe = informe_completo(autor=analista())
    Informe.objects.filter(pk=informe.pk).update(comunicacion="")
    client.force_login(informe.autor)
    respuesta = client.post(reverse("informes:enviar", args=[informe.pk]), follow=True)
    assert f'href="{editar_url(informe)}#etiqueta-comunicacion"' in respuesta.content.decode()


def test_the_form_offers_sending_only_to_who_may_send(client):
    informe = informe_completo(autor=analista())
    client.force_login(informe.autor)
    boton = 'value="enviar"'
    assert boton in client.get(editar_url(informe)).content.decode()
    assert boton in client.get(reverse("informes:nuevo")).content.decode()
    client.force_login(revisor())
    assert (
        client.post(editar_url(informe), datos_formulario(informe, accion="enviar")).status_code
        == 403
    )
    assert Informe.objects.get(pk=informe.pk).estado == Estado.BORRADOR
