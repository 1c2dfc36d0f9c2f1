"""Generated input with Hypothesis sent to the API's writes: malformed bytes, JSON of every
shape, label keys with values of every type, any content type. Never a 500, every refusal
JSON with ``error`` and ``campos``, and a refused write leaves the report as it was.

The test client re-raises any exception a view lets escape, so a 500 fails the example.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from informes import auditoria, limites, plantilla
from informes.models import Estado, EventoAuditoria, Informe
from tests.cliente_api import ClienteAPI, etag, url_informe
from tests.factories import InformeFactory, informe_completo, revisor

pytestmark = pytest.mark.django_db

AJUSTES = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

texto = st.text(max_size=40) | st.sampled_from(["", "3.11", "\u202e", "\x00", "a\nb", "x" * 300])
escalar = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texto
valor_json = st.recursive(
    escalar,
    lambda hijos: st.lists(hijos, max_size=4) | st.dictionaries(texto, hijos, max_size=4),
    max_leaves=12,
)
CLAVES = [
    *plantilla.CAMPOS_SIMPLES,
    *plantilla.CAMPOS_FILAS,
    "no_aplica",
    "estado",
    "comentario",
    "texto",
    "seccion",
    "nombre",
    "version",
]
fila = st.dictionaries(
    st.sampled_from(["nombre", "version", "ruta", "proposito", "valor_ejemplo", "x"]),
    escalar,
    max_size=4,
)
cuerpo_etiquetas = st.dictionaries(
    st.sampled_from(CLAVES) | texto,
    escalar | st.lists(fila | escalar, max_size=3) | st.dictionaries(texto, escalar, max_size=3),
    max_size=6,
)
crudo = st.binary(max_size=200) | st.sampled_from(
    [b"", b"{", b"[" * 5000, b"\xff\xfe", b'{"a": NaN}', b'"\\ud800"', b"null", b"1e999"]
)
cuerpo = st.one_of(
    cuerpo_etiquetas.map(lambda c: json.dumps(c).encode()),
    valor_json.map(lambda v: json.dumps(v).encode()),
    crudo,
)
TIPOS = st.sampled_from(
    [
        "application/json",
        "application/json; charset=latin-1",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz",
        "",
    ]
)


def comprobar(respuesta):
    assert respuesta.status_code < 500, respuesta.content[:300]
    if respuesta.status_code >= 400:
        datos = respuesta.json()
        assert isinstance(datos["error"], str) and datos["error"]
        assert isinstance(datos["campos"], dict)


def enviar(api, metodo, url, datos: bytes, tipo: str, **extra):
    respuesta = api.cliente.generic(metodo, url, datos, content_type=tipo, **api.cabeceras(**extra))
    comprobar(respuesta)
    return respuesta


def estado(informe) -> tuple:
    guardado = Informe.objects.get(pk=informe.pk)
    return (
        auditoria.instantanea(guardado),
        guardado.contador_cambios,
        guardado.estado,
        EventoAuditoria.objects.filter(informe=informe).count(),
    )


@AJUSTES
@given(datos=cuerpo, tipo=TIPOS)
def test_a_malformed_patch_is_refused_as_json_and_changes_nothing(datos, tipo):
    informe = InformeFactory()
    api = ClienteAPI(informe.autor)
    antes = estado(informe)
    respuesta = enviar(api, "PATCH", url_informe(informe), datos, tipo, HTTP_IF_MATCH=etag(informe))
    if respuesta.status_code != 200:
        assert estado(informe) == antes
    else:
        # What was accepted was stored whole: the counter moved once at most.
        assert estado(informe)[1] in (antes[1], antes[1] + 1)


@AJUSTES
@given(datos=cuerpo, tipo=TIPOS)
def test_a_malformed_new_draft_is_refused_as_json_and_creates_nothing(datos, tipo):
    api = ClienteAPI(InformeFactory().autor)
    antes = Informe.objects.count()
    respuesta = enviar(api, "POST", "/api/v1/informes/", datos, tipo)
    assert Informe.objects.count() == antes + (1 if respuesta.status_code == 201 else 0)


@AJUSTES
@given(
    datos=cuerpo,
    tipo=TIPOS,
    ruta=st.sampled_from(["aprobar/", "solicitar-cambios/", "comentarios/", "retirar/"]),
)
def test_malformed_review_writes_are_refused_as_json(datos, tipo, ruta):
    informe = informe_completo(estado=Estado.EN_REVISION)
    juez = ClienteAPI(revisor())
    antes = estado(informe)
    respuesta = enviar(juez, "POST", url_informe(informe, ruta), datos, tipo)
    if respuesta.status_code >= 400:
        assert estado(informe) == antes


@AJUSTES
@given(
    campos=st.dictionaries(
        st.sampled_from(["archivo", "titulo", "leyenda", "otro"]), texto, max_size=4
    ),
    archivo=st.binary(max_size=300),
    nombre=texto,
)
def test_malformed_diagram_uploads_are_refused_as_json(campos, archivo, nombre, media_temporal):
    informe = InformeFactory()
    api = ClienteAPI(informe.autor)
    datos = dict(campos)
    if nombre.strip("\x00"):
        datos["archivo"] = SimpleUploadedFile(nombre.replace("\x00", "")[:50] or "x", archivo)
    antes = estado(informe)
    respuesta = api.multipart(url_informe(informe, "diagramas/"), datos)
    comprobar(respuesta)
    if respuesta.status_code >= 400:
        assert estado(informe) == antes


@AJUSTES
@given(
    parametros=st.dictionaries(
        st.sampled_from(["q", "estado", "autor", "orden", "page", "vencidos"]), texto
    )
)
def test_any_list_query_answers_without_a_500(parametros):
    api = ClienteAPI(revisor())
    comprobar(
        api.get("/api/v1/informes/", {k: v.replace("\x00", "") for k, v in parametros.items()})
    )


def test_a_body_past_the_limit_is_413_without_being_parsed(monkeypatch):
    monkeypatch.setattr(limites, "API_CUERPO_MAXIMO", 1000)
    informe = InformeFactory()
    api = ClienteAPI(informe.autor)
    grande = json.dumps({"descripcion_modelo": "x" * 2000}).encode()
    respuesta = enviar(
        api, "PATCH", url_informe(informe), grande, "application/json", HTTP_IF_MATCH=etag(informe)
    )
    assert respuesta.status_code == 413
