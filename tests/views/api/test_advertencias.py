"""The API's warnings (views/api/advertencias.py): the report's possible credentials as
its page lists them, each named by the field as the API names it, never in clear."""

import json

import pytest

from informes import services
from informes.models import Informe
from tests.cliente_api import ClienteAPI, url_informe
from tests.factories import InformeFactory, informe_completo

pytestmark = pytest.mark.django_db

CLAVE = "Xq7rT2vLp9"
URL = f"postgres://app:{CLAVE}@db.interno:5432/modelos"


def test_every_finding_says_its_field_and_none_shows_the_credential():
    informe = InformeFactory(instrucciones_configuracion=f"DATABASE_URL={URL}")
    Informe.objects.filter(pk=informe.pk).update(
        no_aplica={"diagramas": f"ver {URL}"}, notas={"4": f"Copia en {URL}"}
    )
    respuesta = ClienteAPI(informe.autor).get(url_informe(informe))
    assert respuesta.status_code == 200
    advertencias = respuesta.json()["advertencias"]
    assert {a["campo"] for a in advertencias} == {
        "instrucciones_configuracion",
        "no_aplica.diagramas",
        "notas.4",
    }
    assert all(a["descripcion"] and not a["inofensivo"] for a in advertencias)
    assert CLAVE not in json.dumps(advertencias)  # the labels' own values are the author's


def test_a_finding_marked_harmless_says_so():
    informe = InformeFactory(instrucciones_configuracion=f"DATABASE_URL={URL}")
    cliente = ClienteAPI(informe.autor)
    [advertencia] = cliente.get(url_informe(informe)).json()["advertencias"]
    services.secreto_marcar_inofensivo(
        informe=Informe.objects.get(pk=informe.pk), usuario=informe.autor,
        huella=advertencia["huella"],
    )  # fmt: skip
    [marcada] = cliente.get(url_informe(informe)).json()["advertencias"]
    assert marcada["inofensivo"] is True and marcada["huella"] == advertencia["huella"]


def test_a_report_without_credentials_has_no_warnings():
    informe = InformeFactory()
    respuesta = ClienteAPI(informe.autor).get(url_informe(informe))
    assert respuesta.json()["advertencias"] == []


def test_sending_is_refused_naming_each_pending_credential_until_marked():
    informe = informe_completo()
    Informe.objects.filter(pk=informe.pk).update(instrucciones_configuracion=f"URL={URL}")
    cliente = ClienteAPI(informe.autor)
    respuesta = cliente.post(url_informe(informe, "enviar/"))
    assert respuesta.status_code == 409
    datos = respuesta.json()
    assert list(datos["campos"]) == ["instrucciones_configuracion"]
    [advertencia] = datos["advertencias"]
    assert CLAVE not in respuesta.content.decode()
    services.secreto_marcar_inofensivo(
        informe=Informe.objects.get(pk=informe.pk), usuario=informe.autor,
        huella=advertencia["huella"],
    )  # fmt: skip
    assert cliente.post(url_informe(informe, "enviar/")).status_code == 200
