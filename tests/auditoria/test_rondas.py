"""Review rounds: each «Enviar a revisión» keeps what was sent; «Comparar» shows what changed."""

import re

import pytest
from django.urls import reverse

from informes import auditoria, services
from informes.models import AuditoriaInmutable, RondaRevision
from tests.factories import analista, informe_completo, revisor

pytestmark = pytest.mark.django_db


def enviar(informe):
    return services.informe_enviar(informe=informe, usuario=informe.autor)


def devolver(informe, quien):
    return services.informe_solicitar_cambios(informe=informe, revisor=quien, comentario="Más.")


def corregir(informe, **campos):
    return services.informe_guardar(
        informe=informe, editor=informe.autor, contador_esperado=informe.contador_cambios,
        campos=campos,
    )  # fmt: skip


def test_each_send_starts_a_numbered_round_holding_what_was_sent():
    informe = informe_completo()
    rev = revisor()
    informe = enviar(informe)
    informe = devolver(informe, rev)
    informe = corregir(informe, criterios_exito="Precisión mayor al 90 % en producción.")
    informe = enviar(informe)
    primera, segunda = RondaRevision.objects.filter(informe=informe)
    assert (primera.numero, segunda.numero) == (1, 2)
    assert primera.enviada_por == informe.autor
    assert segunda.instantanea == auditoria.instantanea(informe)
    assert (
        primera.instantanea["campos"]["criterios_exito"] != "Precisión mayor al 90 % en producción."
    )


def test_rounds_are_never_changed_or_deleted():
    informe = enviar(informe_completo())
    ronda = RondaRevision.objects.get(informe=informe)
    with pytest.raises(AuditoriaInmutable):
        ronda.save()
    with pytest.raises(AuditoriaInmutable):
        ronda.delete()
    with pytest.raises(AuditoriaInmutable):
        RondaRevision.objects.filter(pk=ronda.pk).update(numero=9)


def test_a_refused_send_starts_no_round():
    informe = informe_completo()
    informe.__class__.objects.filter(pk=informe.pk).update(nombre_modelo="")
    informe.refresh_from_db()
    with pytest.raises(services.InformeIncompleto):
        enviar(informe)
    assert not RondaRevision.objects.exists()


@pytest.fixture
def devuelto():
    """Sent once, sent back by a reviewer, then corrected by the analyst in one word."""
    anterior = "El modelo supera un F1 de 0,9 en validación y en producción."
    informe = corregir(informe_completo(), criterios_exito=anterior)
    rev = revisor()
    informe = enviar(informe)
    informe = devolver(informe, rev)
    informe = corregir(informe, criterios_exito=anterior.replace("F1", "exactitud"))
    return informe, rev, anterior


def test_a_reviewer_compares_the_round_sent_back_with_now_by_default(client, devuelto):
    informe, rev, _anterior = devuelto
    client.force_login(rev)
    respuesta = client.get(reverse("informes:comparar", args=[informe.pk]))
    assert respuesta.status_code == 200
    a, b = respuesta.context["a"], respuesta.context["b"]
    assert a.ronda == RondaRevision.objects.get(informe=informe) and b.ronda is None
    html = respuesta.content.decode()
    assert "v1 · ronda 1" in html
    # Word by word: only the changed word is marked, inside the unchanged text.
    assert re.search(r'<ins class="palabra-agregada">exactitud</ins>', html)
    assert re.search(r'<del class="palabra-quitada">F1</del>', html)


def test_rounds_and_versions_are_chosen_by_their_values_and_strangers_are_404(client, devuelto):
    informe, rev, _anterior = devuelto
    ronda = RondaRevision.objects.get(informe=informe)
    client.force_login(rev)
    url = reverse("informes:comparar", args=[informe.pk])
    respuesta = client.get(url, {"a": str(informe.pk), "b": f"r{ronda.pk}"})
    assert (respuesta.context["a"].ronda, respuesta.context["b"].ronda) == (None, ronda)
    ajena = RondaRevision.objects.get(informe=enviar(informe_completo()))
    for valor in (f"r{ajena.pk}", "r", "rx", "r999999"):
        assert client.get(url, {"a": valor}).status_code == 404


def test_once_sent_again_the_default_is_the_round_sent_back_against_the_new_one(client, devuelto):
    informe, rev, _anterior = devuelto
    informe = enviar(informe)
    client.force_login(rev)
    respuesta = client.get(reverse("informes:comparar", args=[informe.pk]))
    assert respuesta.context["a"].ronda.numero == 1
    assert respuesta.context["hay_cambios"]


def test_the_detail_page_links_to_compare_once_a_version_was_sent(client):
    informe = informe_completo()
    client.force_login(informe.autor)
    url = reverse("informes:comparar", args=[informe.pk])
    assert url not in client.get(informe.get_absolute_url()).content.decode()
    enviar(informe)
    assert url in client.get(informe.get_absolute_url()).content.decode()


def test_an_analyst_outside_the_series_cannot_compare_its_rounds(client, devuelto):
    informe, _rev, _anterior = devuelto
    client.force_login(analista())
    assert client.get(reverse("informes:comparar", args=[informe.pk])).status_code == 404
