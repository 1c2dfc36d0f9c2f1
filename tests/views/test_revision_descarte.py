"""Discarding a draft never sent to review: its author alone, after a confirmation page;
recorded in the trail; kept (its audit entries protect it) but seen by nobody; the
series' other versions unchanged."""

import pytest
from django.test import Client
from django.urls import reverse

from informes import policy, services
from informes.flujo import Accion
from informes.models import AccionAuditoria, Estado, EventoAuditoria, Informe
from tests.factories import InformeFactory, analista, informe_completo, revisor

pytestmark = pytest.mark.django_db


def url(informe):
    return reverse("informes:descartar", args=[informe.pk])


@pytest.fixture
def borrador():
    return InformeFactory(autor=analista(), nombre_modelo="Modelo que sobra")


@pytest.fixture
def cliente(borrador):
    cliente = Client()
    cliente.force_login(borrador.autor)
    return cliente


def test_the_author_confirms_then_the_draft_is_gone_for_everyone_but_its_trail(cliente, borrador):
    pagina = cliente.get(url(borrador))
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert "Descartar borrador" in html and "Modelo que sobra" in html
    assert Informe.objects.get(pk=borrador.pk).estado == Estado.BORRADOR  # asking changes nothing
    respuesta = cliente.post(url(borrador), {"contador": borrador.contador_cambios}, follow=True)
    assert respuesta.redirect_chain[-1][0] == reverse("informes:lista")
    assert "Se descartó el borrador (versión 1)" in respuesta.content.decode()
    descartado = Informe.objects.get(pk=borrador.pk)  # kept: the trail protects it
    assert descartado.estado == Estado.DESCARTADO
    evento = EventoAuditoria.objects.filter(informe=borrador).latest("pk")
    assert (evento.accion, evento.estado_desde, evento.estado_hasta, evento.usuario) == (
        AccionAuditoria.DESCARTAR,
        Estado.BORRADOR,
        Estado.DESCARTADO,
        borrador.autor,
    )
    assert "Modelo que sobra" not in cliente.get(reverse("informes:lista")).content.decode()
    assert (
        cliente.get(reverse("informes:lista"), {"q": "sobra"}).context["pagina"].paginator.count
        == 0
    )
    for nombre in ("detalle", "editar", "historial", "exportar_md"):
        assert cliente.get(reverse(f"informes:{nombre}", args=[borrador.pk])).status_code == 404
    jueza = Client()
    jueza.force_login(revisor())
    assert jueza.get(reverse("informes:detalle", args=[borrador.pk])).status_code == 404


def test_discarding_version_two_leaves_version_one_as_it_was(client):
    ana = analista()
    v1 = informe_completo(autor=ana, estado=Estado.APROBADO)
    v2 = services.informe_nueva_version(informe=v1, usuario=ana)
    client.force_login(ana)
    antes = Informe.objects.filter(pk=v1.pk).values().get()
    respuesta = client.post(url(v2), {"contador": v2.contador_cambios})
    assert respuesta.url == v1.get_absolute_url()
    assert Informe.objects.filter(pk=v1.pk).values().get() == antes
    detalle = client.get(v1.get_absolute_url()).content.decode()
    assert "v2" not in detalle  # the versions' list leaves it out
    # The series may have a new version again: the discarded one is not open.
    v3 = services.informe_nueva_version(informe=Informe.objects.get(pk=v1.pk), usuario=ana)
    assert v3.version == 3
    historial = client.get(reverse("informes:historial", args=[v1.pk])).content.decode()
    assert "Borrador descartado" in historial


def test_a_draft_once_sent_to_review_cannot_be_discarded(cliente):
    informe = informe_completo(autor=analista())
    services.informe_enviar(informe=informe, usuario=informe.autor)
    informe = services.informe_retirar(
        informe=Informe.objects.get(pk=informe.pk), usuario=informe.autor
    )
    assert informe.estado == Estado.BORRADOR
    assert not policy.puede(informe, informe.autor, Accion.DESCARTAR)
    cliente.force_login(informe.autor)
    assert cliente.get(url(informe)).status_code == 403
    assert cliente.post(url(informe)).status_code == 403
    assert Informe.objects.get(pk=informe.pk).estado == Estado.BORRADOR


def test_only_its_author_may_discard(borrador):
    coautor = analista()
    borrador.coautores.add(coautor)
    for usuario, codigo in [(coautor, 403), (revisor(), 403), (analista(), 404)]:
        cliente = Client()
        cliente.force_login(usuario)
        assert cliente.get(url(borrador)).status_code == codigo
        assert cliente.post(url(borrador)).status_code == codigo
    assert Informe.objects.get(pk=borrador.pk).estado == Estado.BORRADOR


def test_a_page_that_missed_a_save_is_told_and_discards_nothing(cliente, borrador):
    respuesta = cliente.post(
        url(borrador), {"contador": borrador.contador_cambios + 1}, follow=True
    )
    assert str(services.MENSAJE_CONFLICTO) in respuesta.content.decode()
    assert Informe.objects.get(pk=borrador.pk).estado == Estado.BORRADOR


def test_a_discarded_draft_refuses_every_write(borrador):
    services.informe_descartar(informe=borrador, usuario=borrador.autor)
    descartado = Informe.objects.get(pk=borrador.pk)
    with pytest.raises(services.InformeNoEditable):
        services.informe_guardar(
            informe=descartado,
            editor=borrador.autor,
            contador_esperado=descartado.contador_cambios,
            campos={"nombre_modelo": "Resucitado"},
        )
    assert Informe.objects.get(pk=borrador.pk).nombre_modelo == "Modelo que sobra"


def test_the_lists_estado_filter_does_not_offer_discarded(cliente, borrador):
    html = cliente.get(reverse("informes:lista")).content.decode()
    assert 'value="descartado"' not in html
    respuesta = cliente.get(reverse("informes:lista"), {"estado": "descartado"})
    assert respuesta.status_code == 400


def test_the_report_page_offers_discarding_as_a_link_to_the_confirmation(cliente, borrador):
    html = cliente.get(borrador.get_absolute_url()).content.decode()
    assert f'<form method="get" action="{url(borrador)}">' in html


@pytest.mark.parametrize("contador", ["", "abc", "-1", "9" * 40, "1e3"])
def test_a_malformed_counter_is_no_error(cliente, borrador, contador):
    respuesta = cliente.post(url(borrador), {"contador": contador})
    assert respuesta.status_code == 302
