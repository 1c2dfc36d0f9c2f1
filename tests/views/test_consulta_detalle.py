import pytest
from django.urls import reverse

from informes import presentacion, services
from tests.factories import InformeFactory, admin, analista, revisor

pytestmark = pytest.mark.django_db


def test_root_leads_to_the_report_list(client):
    respuesta = client.get("/")
    assert respuesta.status_code == 302
    assert respuesta.url == "/informes/"


def test_anonymous_user_is_sent_to_login(client):
    respuesta = client.get("/informes/")
    assert respuesta.status_code == 302
    assert respuesta.url.startswith("/cuentas/login/")


def test_login_page_is_in_spanish(client):
    respuesta = client.get("/cuentas/login/")
    assert respuesta.status_code == 200
    assert "Iniciar sesión" in respuesta.content.decode()


def test_analyst_lists_only_own_reports(client):
    ana = analista()
    propio = InformeFactory(autor=ana, nombre_modelo="Modelo propio", filas=False)
    InformeFactory(nombre_modelo="Modelo ajeno", filas=False)
    client.force_login(ana)
    html = client.get("/informes/").content.decode()
    assert propio.nombre_modelo in html
    assert "Modelo ajeno" not in html
    assert "Analista" in html


@pytest.mark.parametrize("rol", [revisor, admin])
def test_reviewers_and_admins_list_every_report(client, rol):
    InformeFactory(nombre_modelo="Modelo A", filas=False)
    InformeFactory(nombre_modelo="Modelo B", filas=False)
    client.force_login(rol())
    html = client.get("/informes/").content.decode()
    assert "Modelo A" in html and "Modelo B" in html


def test_detail_shows_every_section_heading(client):
    informe = InformeFactory()
    client.force_login(informe.autor)
    html = client.get(informe.get_absolute_url()).content.decode()
    for encabezado in ("1. Detalles del Modelo", "9. Monitoreo y Operación del Modelo"):
        assert encabezado in html
    assert "scikit-learn" in html


def test_another_analysts_report_is_not_found(client):
    informe = InformeFactory(filas=False)
    client.force_login(analista())
    assert client.get(informe.get_absolute_url()).status_code == 404


def test_diagram_is_served_only_after_the_report_check(client, settings):
    from django.core.files.base import ContentFile

    from informes import demo, services

    informe = InformeFactory(filas=False)
    diagrama = services.diagrama_agregar(
        informe=informe, archivo=ContentFile(demo.diagrama_png(), name="d.png"), titulo="D"
    )
    url = reverse("informes:diagrama", args=[informe.pk, diagrama.pk])

    client.force_login(informe.autor)
    respuesta = client.get(url)
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "image/png"
    assert respuesta["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in respuesta["Content-Security-Policy"]
    assert b"".join(respuesta.streaming_content).startswith(b"\x89PNG")

    client.force_login(analista())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_diagram_can_be_handed_to_nginx_after_the_check(client, settings):
    from django.core.files.base import ContentFile

    from informes import demo, services

    settings.INFORMES_X_ACCEL_REDIRECT = "/protegido/"
    informe = InformeFactory(filas=False)
    diagrama = services.diagrama_agregar(
        informe=informe, archivo=ContentFile(demo.diagrama_png(), name="d.png"), titulo="D"
    )
    url = reverse("informes:diagrama", args=[informe.pk, diagrama.pk])
    client.force_login(informe.autor)
    respuesta = client.get(url)
    assert respuesta["X-Accel-Redirect"] == f"/protegido/{diagrama.imagen.name}"
    assert respuesta.content == b""
    client.force_login(analista())
    assert client.get(url).status_code == 404


def test_detail_renders_each_markdown_text_once_then_reads_the_cache(client):
    from unittest import mock

    from informes import markdown_seguro

    informe = InformeFactory()
    client.force_login(informe.autor)
    with mock.patch.object(
        presentacion, "renderizar", wraps=markdown_seguro.renderizar
    ) as renderizar:
        client.get(informe.get_absolute_url())
        primeras = renderizar.call_count
        client.get(informe.get_absolute_url())
        assert renderizar.call_count == primeras > 0

        # Changed content is a new key: never a stale page.
        services.informe_guardar(
            informe=informe,
            editor=informe.autor,
            contador_esperado=informe.contador_cambios,
            campos={"descripcion_modelo": "**Nueva**"},
        )
        html = client.get(informe.get_absolute_url()).content.decode()
        assert "<strong>Nueva</strong>" in html
