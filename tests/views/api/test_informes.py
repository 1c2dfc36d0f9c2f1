"""The API's reports (views/api/informes.py, representacion, forms/api): the list with the
list page's filters and pagination at a constant query count, one report read, a draft
created and patched under ETag/If-Match."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from informes import plantilla
from informes.models import Estado, Informe
from informes.views.acceso import POR_PAGINA
from tests.cliente_api import ClienteAPI, etag, url_informe
from tests.factories import InformeFactory, analista, informe_completo, revisor
from tests.volumen import PAGINAS_LISTA, Volumen

pytestmark = pytest.mark.django_db

LISTA = "/api/v1/informes/"


# --- The list.


def consultas(api: ClienteAPI, parametros: dict) -> int:
    api.get(LISTA, parametros)  # the token's last use is written at most once a minute
    with CaptureQueriesContext(connection) as contexto:
        respuesta = api.get(LISTA, parametros)
    assert respuesta.status_code == 200, respuesta.content
    return len(contexto.captured_queries)


@pytest.mark.parametrize("rol", ["analista", "revisor"])
def test_the_list_costs_the_same_queries_at_30_and_300_reports(rol):
    volumen = Volumen()
    api = ClienteAPI(volumen.ana if rol == "analista" else revisor())
    volumen.agregar(30)
    pocos = {str(p): consultas(api, p) for p in PAGINAS_LISTA}
    volumen.agregar(270)
    muchos = {str(p): consultas(api, p) for p in PAGINAS_LISTA}
    assert muchos == pocos
    assert len(api.get(LISTA).json()["resultados"]) == POR_PAGINA


def test_the_list_pages_filters_and_sorts_as_the_list_page_does():
    volumen = Volumen()
    volumen.agregar(60)
    api = ClienteAPI(revisor())
    datos = api.get(LISTA, {"estado": Estado.EN_REVISION, "orden": "modelo"}).json()
    esperados = Informe.objects.filter(estado=Estado.EN_REVISION).order_by("nombre_modelo", "pk")
    assert datos["cantidad"] == esperados.count() == 15
    assert [r["id"] for r in datos["resultados"]] == [i.pk for i in esperados]
    assert {r["estado"] for r in datos["resultados"]} == {Estado.EN_REVISION}
    primera = api.get(LISTA).json()
    assert (primera["pagina"], primera["paginas"], primera["anterior"]) == (1, 3, None)
    segunda = api.get(primera["siguiente"]).json()
    assert segunda["pagina"] == 2 and segunda["anterior"].endswith("page=1")
    # A page past the end shows the last one, a malformed page the first, as the page does.
    assert api.get(LISTA, {"page": "99"}).json()["pagina"] == 3
    assert api.get(LISTA, {"page": "x"}).json()["pagina"] == 1
    buscados = api.get(LISTA, {"q": "00007"}).json()["resultados"]
    assert [r["nombre_modelo"] for r in buscados] == ["Detector de fraude 00007"]


def test_an_analyst_lists_only_the_reports_they_may_see():
    ana = analista()
    propio = InformeFactory(autor=ana, filas=False)
    InformeFactory(filas=False)
    ids = [r["id"] for r in ClienteAPI(ana).get(LISTA).json()["resultados"]]
    assert ids == [propio.pk]


@pytest.mark.parametrize(
    ("parametros", "campo"), [({"estado": "perdido"}, "estado"), ({"autor": "²"}, "autor")]
)
def test_a_malformed_filter_is_a_400_naming_it(parametros, campo):
    respuesta = ClienteAPI(revisor()).get(LISTA, parametros)
    assert respuesta.status_code == 400
    assert list(respuesta.json()["campos"]) == [campo]


# --- One report.


def test_a_report_shows_its_29_labels_by_field_with_the_templates_text(media_temporal):
    informe = informe_completo()
    Informe.objects.filter(pk=informe.pk).update(
        no_aplica={"diagramas": "Sin diagrama.", "hardware_requerido": "Sin requisitos especiales."}
    )
    respuesta = ClienteAPI(informe.autor).get(url_informe(informe))
    assert respuesta.status_code == 200
    assert respuesta["ETag"] == etag(informe)
    assert respuesta["Cache-Control"] == "private, no-store"
    datos = respuesta.json()
    etiquetas = datos["etiquetas"]
    assert list(etiquetas) == [e.campo for e in plantilla.ETIQUETAS]
    assert len(etiquetas) == 29
    for seccion in plantilla.SECCIONES:
        for etiqueta in seccion.etiquetas:
            mostrada = etiquetas[etiqueta.campo]
            assert (mostrada["etiqueta"], mostrada["seccion"], mostrada["tipo"]) == (
                etiqueta.texto,
                seccion.numero,
                etiqueta.tipo,
            )
    assert etiquetas["nombre_modelo"]["valor"] == informe.nombre_modelo
    assert etiquetas["bibliotecas"]["filas"][0] == {"nombre": "scikit-learn", "version": "1.5.2"}
    assert etiquetas["variables_entorno"]["filas"][0]["nombre"] == "MODEL_PATH"
    assert etiquetas["hardware_requerido"]["no_aplica"] == "Sin requisitos especiales."
    assert etiquetas["nombre_modelo"]["no_aplica"] == ""
    assert [s["seccion"] for s in datos["completitud"]] == list(range(1, 10))
    assert all(s["completa"] for s in datos["completitud"]) and datos["completo"]
    assert datos["acciones"] == sorted(
        [
            "ver",
            "exportar",
            "historial",
            "comparar",
            "editar",
            "enviar",
            "descartar",
            "resolver_comentario",
            "reabrir_comentario",
            "responder_comentario",
        ]  # fmt: skip
    )
    assert datos["autor"]["usuario"] == informe.autor.username
    assert datos["enlaces"]["pagina"] == f"http://testserver/informes/{informe.pk}/"


def test_completeness_names_the_labels_still_pending():
    ana = analista()
    informe = InformeFactory(autor=ana, filas=False, hardware_requerido="")
    datos = ClienteAPI(ana).get(url_informe(informe)).json()
    tercera = datos["completitud"][2]
    assert tercera["pendientes"] == ["bibliotecas", "hardware_requerido"]
    assert (tercera["llenas"], tercera["total"], tercera["completa"]) == (1, 3, False)
    assert not datos["completo"]


# --- Creating a draft.


def test_creating_a_draft_fills_what_the_body_names():
    ana = analista()
    cuerpo = {
        "nombre_modelo": "Pronóstico de demanda",
        "version_python": "3.11",
        "bibliotecas": [{"nombre": "pandas", "version": "2.2.3"}],
        "variables_entorno": [{"nombre": "MODEL_PATH", "proposito": "Ruta del modelo"}],
        "no_aplica": {"diagramas": "Un solo servicio."},
    }
    respuesta = ClienteAPI(ana).post(LISTA, cuerpo)
    assert respuesta.status_code == 201, respuesta.json()
    informe = Informe.objects.get()
    assert respuesta["Location"] == f"http://testserver/api/v1/informes/{informe.pk}/"
    assert respuesta["ETag"] == etag(informe)
    assert (informe.autor, informe.estado, informe.version) == (ana, Estado.BORRADOR, 1)
    assert informe.nombre_modelo == "Pronóstico de demanda" and informe.version_python == "3.11"
    assert list(informe.bibliotecas.values("nombre", "version")) == cuerpo["bibliotecas"]
    variable = informe.variables_entorno.get()
    assert (variable.nombre, variable.valor_ejemplo) == ("MODEL_PATH", "")
    assert informe.no_aplica == {"diagramas": "Un solo servicio."}
    assert informe.eventos.count() == 2  # created, then its first content saved


def test_a_reviewer_cannot_create_a_draft():
    respuesta = ClienteAPI(revisor()).post(LISTA, {"nombre_modelo": "x"})
    assert respuesta.status_code == 403
    assert not Informe.objects.exists()


def test_invalid_values_are_refused_beside_each_field_and_nothing_is_created():
    cuerpo = {
        "version_python": "tres",
        "nombre_modelo": "dos\nlíneas",
        "descripcion_modelo": 12,
        "bibliotecas": [{"nombre": "pandas", "version": "2"}, {"nombre": "x y", "version": "a"}],
        "variables_entorno": [{"nombre": "A"}, {"nombre": "A"}],
        "estado": "aprobado",
        "autor": 1,
        "no_aplica": {"inventada": "x"},
    }
    respuesta = ClienteAPI(analista()).post(LISTA, cuerpo)
    assert respuesta.status_code == 400
    campos = respuesta.json()["campos"]
    assert set(campos) >= {
        "descripcion_modelo",
        "bibliotecas.1.nombre",
        "bibliotecas.1.version",
        "estado",
        "autor",
    }
    assert not Informe.objects.exists()
    # The model's own checks, once the types are right.
    cuerpo = {k: v for k, v in cuerpo.items() if k not in ("estado", "autor", "descripcion_modelo")}
    cuerpo["bibliotecas"] = cuerpo["bibliotecas"][:1]
    campos = ClienteAPI(analista()).post(LISTA, cuerpo).json()["campos"]
    assert set(campos) == {
        "version_python",
        "nombre_modelo",
        "variables_entorno.1.nombre",
        "no_aplica.inventada",
    }
    assert not Informe.objects.exists()


def test_a_text_longer_than_the_form_allows_is_refused():
    respuesta = ClienteAPI(analista()).post(LISTA, {"descripcion_modelo": "x" * 20_001})
    assert respuesta.status_code == 400
    assert list(respuesta.json()["campos"]) == ["descripcion_modelo"]


def test_more_rows_than_the_form_holds_are_refused():
    filas = [{"nombre": f"paquete{i}", "version": "1.0"} for i in range(201)]
    respuesta = ClienteAPI(analista()).post(LISTA, {"bibliotecas": filas})
    assert respuesta.status_code == 400 and "bibliotecas" in respuesta.json()["campos"]


# --- Patching a draft.


@pytest.fixture
def borrador():
    informe = InformeFactory(autor=analista())
    return informe, ClienteAPI(informe.autor)


def test_a_patch_without_if_match_is_428_and_changes_nothing(borrador):
    informe, api = borrador
    respuesta = api.patch(url_informe(informe), {"nombre_modelo": "Otro"})
    assert respuesta.status_code == 428
    assert "If-Match" in respuesta.json()["error"]
    assert Informe.objects.get(pk=informe.pk).nombre_modelo == informe.nombre_modelo


def test_a_patch_changes_only_what_it_names_and_moves_the_etag(borrador):
    informe, api = borrador
    antes = etag(informe)
    respuesta = api.patch(
        url_informe(informe),
        {"plataforma_despliegue": "OpenShift", "no_aplica": {"hardware_requerido": "Ninguno."}},
        HTTP_IF_MATCH=antes,
    )
    assert respuesta.status_code == 200, respuesta.json()
    assert respuesta["ETag"] == etag(informe) != antes
    guardado = Informe.objects.get(pk=informe.pk)
    assert guardado.plataforma_despliegue == "OpenShift"
    assert guardado.nombre_modelo == informe.nombre_modelo
    assert guardado.bibliotecas.count() == 4  # rows not named stay
    assert guardado.no_aplica == {"hardware_requerido": "Ninguno."}
    # An empty reason removes the mark; other marks stay.
    api.patch(
        url_informe(informe),
        {"no_aplica": {"hardware_requerido": "", "diagramas": "Sin diagrama."}},
        HTTP_IF_MATCH=respuesta["ETag"],
    )
    assert Informe.objects.get(pk=informe.pk).no_aplica == {"diagramas": "Sin diagrama."}


def test_rows_sent_replace_the_stored_list(borrador):
    informe, api = borrador
    filas = [{"nombre": "numpy", "version": ">=1.26,<2"}]
    respuesta = api.patch(url_informe(informe), {"bibliotecas": filas}, HTTP_IF_MATCH=etag(informe))
    assert respuesta.status_code == 200
    assert list(informe.bibliotecas.values("nombre", "version")) == filas
    assert respuesta.json()["etiquetas"]["bibliotecas"]["filas"] == filas


def test_a_stale_write_gets_412_with_the_current_version(borrador):
    informe, api = borrador
    visto = etag(informe)
    assert api.patch(url_informe(informe), {"nombre_modelo": "Primero"}, HTTP_IF_MATCH=visto)
    respuesta = api.patch(url_informe(informe), {"nombre_modelo": "Segundo"}, HTTP_IF_MATCH=visto)
    assert respuesta.status_code == 412
    datos = respuesta.json()
    assert datos["actual"]["etiquetas"]["nombre_modelo"]["valor"] == "Primero"
    assert respuesta["ETag"] == datos["actual"]["etag"] == etag(informe)
    assert Informe.objects.get(pk=informe.pk).nombre_modelo == "Primero"
    # With the current ETag the same write goes through.
    otra = api.patch(
        url_informe(informe), {"nombre_modelo": "Segundo"}, HTTP_IF_MATCH=respuesta["ETag"]
    )
    assert otra.status_code == 200


@pytest.mark.parametrize(
    "valor", ['"informe-999999-0"', 'W/"informe-1-0"', "cualquiera", '"informe-x-1"']
)
def test_an_if_match_that_is_not_this_reports_etag_is_412(borrador, valor):
    informe, api = borrador
    respuesta = api.patch(url_informe(informe), {"nombre_modelo": "x"}, HTTP_IF_MATCH=valor)
    assert respuesta.status_code == 412
    assert Informe.objects.get(pk=informe.pk).contador_cambios == informe.contador_cambios


def test_if_match_star_writes_over_whatever_is_current(borrador):
    informe, api = borrador
    respuesta = api.patch(url_informe(informe), {"nombre_modelo": "Estrella"}, HTTP_IF_MATCH="*")
    assert respuesta.status_code == 200


def test_fields_nobody_may_set_are_refused_by_name(borrador):
    informe, api = borrador
    prohibidos = {
        "estado": "aprobado",
        "autor": 1,
        "version": 9,
        "serie": "x",
        "contador_cambios": 99,
        "aprobado_por": 1,
        "coautores": [1],
        "diagramas": [],
    }
    respuesta = api.patch(url_informe(informe), prohibidos, HTTP_IF_MATCH=etag(informe))
    assert respuesta.status_code == 400
    assert set(respuesta.json()["campos"]) == set(prohibidos)
    guardado = Informe.objects.get(pk=informe.pk)
    assert (guardado.estado, guardado.version, guardado.contador_cambios) == (
        Estado.BORRADOR,
        1,
        informe.contador_cambios,
    )


@pytest.mark.parametrize("estado", [Estado.EN_REVISION, Estado.APROBADO, Estado.ARCHIVADO])
def test_a_report_that_is_not_editable_refuses_a_patch_with_403(estado):
    informe = informe_completo(estado=estado)
    api = ClienteAPI(informe.autor)
    respuesta = api.patch(url_informe(informe), {"nombre_modelo": "x"}, HTTP_IF_MATCH="*")
    assert respuesta.status_code == 403
    assert respuesta.json()["error"]
