"""Who calls the API (views/api/autenticacion.py, services/tokens.py): Bearer tokens, their
scope, expiry and revocation, the session with its CSRF check, logs without the token, and
requests a minute in the shared cache."""

import datetime
import json
import logging

import pytest
from django.test import Client
from django.utils import timezone

from informes import limites, services
from informes.models import Informe, TokenAcceso, huella_token
from informes.registro import FormatoJSON
from tests.cliente_api import ClienteAPI, etag, url_informe
from tests.factories import InformeFactory, analista

pytestmark = pytest.mark.django_db

LISTA = "/api/v1/informes/"


@pytest.fixture
def ana():
    return analista()


def test_a_token_authenticates_as_its_user_and_records_its_last_use(ana):
    informe = InformeFactory(autor=ana, filas=False)
    api = ClienteAPI(ana)
    assert api.token.ultimo_uso is None
    respuesta = api.get(LISTA)
    assert respuesta.status_code == 200
    assert [r["id"] for r in respuesta.json()["resultados"]] == [informe.pk]
    assert TokenAcceso.objects.get(pk=api.token.pk).ultimo_uso is not None


def test_only_the_tokens_sha256_is_stored(ana):
    token, texto = services.token_crear(usuario=ana, nombre="CI")
    assert texto.startswith("inf_pat_") and len(texto) > 40
    fila = TokenAcceso.objects.filter(pk=token.pk).values().get()
    assert fila["huella"] == huella_token(texto)
    assert not any(texto in str(valor) for valor in fila.values())
    assert texto.startswith(fila["inicio"]) and len(fila["inicio"]) == 12


def test_without_credentials_the_api_answers_401_asking_for_a_bearer_token():
    respuesta = Client().get(LISTA)
    assert respuesta.status_code == 401
    assert respuesta["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in respuesta.json()["error"]


@pytest.mark.parametrize(
    "cabecera",
    ["Bearer inf_pat_inventado", "Bearer", "Bearer a b", "Bearer " + "x" * 5000, "Bearer ñandú"],
)
def test_an_unknown_or_malformed_token_is_401(cabecera):
    respuesta = Client().get(LISTA, HTTP_AUTHORIZATION=cabecera)
    assert respuesta.status_code == 401
    assert respuesta.json()["error"]


def test_a_revoked_token_is_401_saying_it_was_revoked(ana):
    api = ClienteAPI(ana)
    assert api.get(LISTA).status_code == 200
    services.token_revocar(token=api.token, usuario=ana)
    respuesta = api.get(LISTA)
    assert respuesta.status_code == 401
    assert "revocado" in respuesta.json()["error"]


def test_an_expired_token_is_401_saying_when_it_expired(ana):
    api = ClienteAPI(ana)
    TokenAcceso.objects.filter(pk=api.token.pk).update(
        expira=timezone.now() - datetime.timedelta(seconds=1)
    )
    respuesta = api.get(LISTA)
    assert respuesta.status_code == 401
    assert "expiró" in respuesta.json()["error"]


def test_the_token_of_a_deactivated_account_is_401(ana):
    api = ClienteAPI(ana)
    ana.is_active = False
    ana.save()
    assert api.get(LISTA).status_code == 401


def test_a_read_only_token_reads_but_every_write_is_403(ana):
    informe = InformeFactory(autor=ana)
    api = ClienteAPI(ana, solo_lectura=True)
    assert api.get(url_informe(informe)).status_code == 200
    assert api.get(url_informe(informe, "exportar.md")).status_code == 200
    escrituras = [
        api.post(LISTA, {"nombre_modelo": "x"}),
        api.patch(url_informe(informe), {"nombre_modelo": "x"}, HTTP_IF_MATCH=etag(informe)),
        api.post(url_informe(informe, "enviar/")),
    ]
    for respuesta in escrituras:
        assert respuesta.status_code == 403
        assert "solo lectura" in respuesta.json()["error"]
    assert Informe.objects.count() == 1
    assert Informe.objects.get(pk=informe.pk).contador_cambios == informe.contador_cambios


def test_a_read_write_token_writes(ana):
    informe = InformeFactory(autor=ana)
    api = ClienteAPI(ana, solo_lectura=False)
    respuesta = api.patch(url_informe(informe), {"nombre_modelo": "x"}, HTTP_IF_MATCH=etag(informe))
    assert respuesta.status_code == 200


def test_the_browsers_session_needs_the_csrf_token_to_write(ana):
    cliente = Client(enforce_csrf_checks=True)
    cliente.force_login(ana)
    assert cliente.get(LISTA).status_code == 200
    cuerpo = json.dumps({"nombre_modelo": "Desde el navegador"})
    sin = cliente.post(LISTA, cuerpo, content_type="application/json")
    assert sin.status_code == 403 and "CSRF" in sin.json()["error"]
    assert not Informe.objects.exists()
    cliente.get("/api/v1/docs/")  # the page sets the CSRF cookie
    con = cliente.post(
        LISTA,
        cuerpo,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=cliente.cookies["csrftoken"].value,
    )
    assert con.status_code == 201


def test_token_use_is_logged_by_its_id_never_the_token(ana, caplog):
    api = ClienteAPI(ana)
    revocado = ClienteAPI(ana)
    services.token_revocar(token=revocado.token, usuario=ana)
    with caplog.at_level(logging.INFO, logger="informes.eventos"):
        api.get(LISTA)
        revocado.get(LISTA)
    lineas = [FormatoJSON().format(r) for r in caplog.records]
    usados = [json.loads(x) for x in lineas if '"api_token_usado"' in x]
    rechazados = [json.loads(x) for x in lineas if '"api_token_rechazado"' in x]
    assert usados[0]["usuario"] == ana.username
    assert usados[0]["detalle"]["credencial"] == api.token.pk
    assert rechazados[0]["detalle"]["credencial"] == revocado.token.pk
    texto = "\n".join(lineas)
    assert api.texto not in texto and revocado.texto not in texto
    assert api.texto[12:] not in texto


def test_past_the_limit_a_minute_the_api_answers_429_per_token(ana, monkeypatch):
    monkeypatch.setattr(limites, "API_PETICIONES_POR_MINUTO", 3)
    api, otro = ClienteAPI(ana), ClienteAPI(ana)
    assert [api.get(LISTA).status_code for _ in range(3)] == [200, 200, 200]
    respuesta = api.get(LISTA)
    assert respuesta.status_code == 429
    assert int(respuesta["Retry-After"]) >= 1
    assert "Demasiadas peticiones" in respuesta.json()["error"]
    # The count is kept per token: another token of the same user still gets through.
    assert otro.get(LISTA).status_code == 200
