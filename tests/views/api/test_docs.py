"""The API's description (views/api/docs.py) and its errors outside any view (errores.py):
a valid OpenAPI 3 schema naming every API URL, docs from vendored files only, JSON for
any path under /api/ that matches nothing or breaks."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, RequestFactory
from django.urls import URLPattern, reverse
from drf_spectacular.validation import validate_schema

from informes.urls import api_urls
from informes.views.api import errores

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_3_and_names_every_api_url():
    respuesta = Client().get("/api/v1/openapi.json")
    assert respuesta.status_code == 200
    esquema = respuesta.json()
    validate_schema(esquema)
    assert esquema["openapi"].startswith("3.")
    rutas = set(esquema["paths"])
    for patron in api_urls:
        assert isinstance(patron, URLPattern)
        if patron.name in ("openapi", "docs"):
            continue
        ruta = "/api/v1/" + re.sub(r"<int:(\w+)>", r"{\1}", str(patron.pattern))
        assert ruta.replace("{pk}", "{id}") in rutas, ruta
    assert esquema["components"]["securitySchemes"]["tokenPersonal"] == {
        "type": "http",
        "scheme": "bearer",
    }
    informe = esquema["components"]["schemas"]["Informe"]["properties"]
    assert {"etiquetas", "completitud", "acciones", "etag", "advertencias"} <= set(informe)


def test_the_docs_page_loads_only_vendored_files_under_the_strict_csp():
    respuesta = Client().get(reverse("api:docs"))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "<style" not in html and "<script>" not in html and " style=" not in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    for ruta in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(ruta), ruta
    politica = respuesta["Content-Security-Policy"]
    assert "unsafe-inline" not in politica and "script-src 'self'" in politica


@pytest.mark.parametrize("ruta", ["/api/", "/api/v1/", "/api/v2/informes/", "/api/v1/informes/x/"])
def test_a_path_under_api_that_matches_nothing_is_a_json_404(ruta):
    respuesta = Client().get(ruta)
    assert respuesta.status_code == 404
    assert respuesta["Content-Type"] == "application/json"
    assert respuesta.json() == {"error": str(errores.MENSAJE_NO_ENCONTRADO), "campos": {}}


def test_elsewhere_the_apps_own_error_pages_stay():
    respuesta = Client().get("/no-existe/")
    assert respuesta.status_code == 404 and respuesta["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("manejador", "estado"),
    [
        (lambda r: errores.error_servidor(r), 500),
        (lambda r: errores.peticion_invalida(r, None), 400),
        (lambda r: errores.prohibido(r, None), 403),
    ],
)
def test_the_project_error_handlers_answer_json_under_api(manejador, estado):
    respuesta = manejador(RequestFactory().get("/api/v1/informes/"))
    assert respuesta.status_code == estado
    assert set(json.loads(respuesta.content)) == {"error", "campos"}
    html = manejador(RequestFactory().get("/informes/"))
    assert html.status_code == estado and b"<html" in html.content.lower()
