import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from informes import demo, services
from informes.models import Biblioteca, Estado, Informe
from tests.factories import analista, informe_completo, revisor

pytestmark = pytest.mark.django_db


def dos_versiones():
    """v1 approved with a diagram, v2 a draft whose phase, rows and diagram differ."""
    v1 = informe_completo()
    services.diagrama_agregar(
        informe=v1, archivo=ContentFile(demo.diagrama_png(), name="d.png"), titulo="Antiguo"
    )
    v1 = services.informe_enviar(informe=v1, usuario=v1.autor)
    v1 = services.informe_aprobar(informe=v1, revisor=revisor())
    v2 = services.informe_nueva_version(informe=v1, usuario=v1.autor)
    Informe.objects.filter(pk=v2.pk).update(fase_liberacion="Fase de disponibilidad general")
    Biblioteca.objects.create(informe=v2, nombre="polars", version="1.0", orden=9)
    v2.diagramas.get().delete()
    services.diagrama_agregar(
        informe=v2, archivo=ContentFile(demo.diagrama_png(), name="n.png"), titulo="Nuevo"
    )
    return v1, v2


def filas_cambiadas(html: str) -> str:
    """The changed rows' text, tags left out (changed words are marked inside a text)."""
    filas = "".join(parte.split("</tr>")[0] for parte in html.split('data-testid="cambiado"')[1:])
    return re.sub(r"<[^>]+>", "", filas)


def test_compare_shows_two_versions_side_by_side_with_changes_highlighted(client):
    v1, v2 = dos_versiones()
    client.force_login(v1.autor)
    url = reverse("informes:comparar", args=[v2.pk]) + f"?a={v1.pk}&b={v2.pk}"
    respuesta = client.get(url)
    assert respuesta.status_code == 200
    cambiadas = filas_cambiadas(respuesta.content.decode())
    assert "Fase de Liberación" in cambiadas
    assert "Fase de disponibilidad general" in cambiadas
    assert "polars" in cambiadas and "Agregada en B" in cambiadas
    assert "Antiguo" in cambiadas and "Eliminada en B" in cambiadas
    assert "Nuevo" in cambiadas
    assert "Nombre del Modelo" not in cambiadas


def test_compare_defaults_to_the_previous_version(client):
    v1, v2 = dos_versiones()
    client.force_login(revisor())
    respuesta = client.get(reverse("informes:comparar", args=[v2.pk]))
    assert (respuesta.context["a"].pk, respuesta.context["b"].pk) == (v1.pk, v2.pk)


def test_comparing_a_version_with_itself_shows_no_changes(client):
    v1, _v2 = dos_versiones()
    client.force_login(v1.autor)
    url = reverse("informes:comparar", args=[v1.pk]) + f"?a={v1.pk}&b={v1.pk}"
    respuesta = client.get(url)
    assert respuesta.context["hay_cambios"] is False
    assert 'data-testid="cambiado"' not in respuesta.content.decode()


@pytest.mark.parametrize("valor", ["abc", "999999", "-1", "1e3"])
def test_a_version_outside_the_series_is_not_found(client, valor):
    _v1, v2 = dos_versiones()
    client.force_login(v2.autor)
    url = reverse("informes:comparar", args=[v2.pk]) + f"?a={valor}"
    assert client.get(url).status_code == 404


def test_a_report_of_another_series_cannot_be_compared(client):
    _v1, v2 = dos_versiones()
    ajeno = informe_completo(autor=v2.autor)
    client.force_login(v2.autor)
    url = reverse("informes:comparar", args=[v2.pk]) + f"?a={ajeno.pk}"
    assert client.get(url).status_code == 404


def test_analyst_outside_the_series_gets_not_found(client):
    _v1, v2 = dos_versiones()
    client.force_login(analista())
    assert client.get(reverse("informes:comparar", args=[v2.pk])).status_code == 404


def test_detail_links_to_compare_only_when_the_series_has_several_versions(client):
    v1, v2 = dos_versiones()
    solo = informe_completo(estado=Estado.APROBADO)
    client.force_login(revisor())
    assert (
        reverse("informes:comparar", args=[v2.pk])
        in client.get(v2.get_absolute_url()).content.decode()
    )
    assert (
        reverse("informes:comparar", args=[solo.pk])
        not in client.get(solo.get_absolute_url()).content.decode()
    )
