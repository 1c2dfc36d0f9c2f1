"""The report's text budget: saves and imports past it are refused with a message."""

import pytest
from django.core.exceptions import ValidationError

from informes import limites, plantilla, services
from informes.exporters import markdown
from informes.models import Informe
from informes.services.texto import MENSAJE_TEXTO_EXCEDIDO, texto_total
from tests.factories import InformeFactory, analista
from tests.formularios import datos_formulario, editar_url, html_de

pytestmark = pytest.mark.django_db

MARKDOWN = [e.campo for e in plantilla.ETIQUETAS if e.tipo == plantilla.Tipo.MARKDOWN]


def repartido(total: int) -> dict[str, str]:
    """``total`` characters of text over the Markdown labels, none past its own limit."""
    por_campo, sobra = divmod(total, len(MARKDOWN))
    return {c: "t" * (por_campo + (i < sobra)) for i, c in enumerate(MARKDOWN)}


def sin_texto() -> dict[str, str]:
    return dict.fromkeys(plantilla.CAMPOS_SIMPLES, "")


def test_a_report_at_the_budget_is_created_and_one_character_more_is_not():
    campos = {**sin_texto(), **repartido(limites.TEXTO_POR_INFORME)}
    informe = services.informe_crear(autor=analista(), campos=campos)
    assert texto_total(getattr(informe, c) for c in plantilla.CAMPOS_SIMPLES) == (
        limites.TEXTO_POR_INFORME
    )
    with pytest.raises(ValidationError) as error:
        services.informe_crear(
            autor=analista(), campos={**campos, "nombre_modelo": "x"}, no_aplica={}
        )
    assert error.value.code == "texto_excedido"
    assert Informe.objects.count() == 1


def test_no_aplica_reasons_count_too():
    campos = {**sin_texto(), **repartido(limites.TEXTO_POR_INFORME)}
    with pytest.raises(ValidationError):
        services.informe_crear(
            autor=analista(), campos=campos, no_aplica={"nombre_modelo": "Sin nombre aún"}
        )


def test_a_save_past_the_budget_shows_the_message_and_keeps_the_typed_text(client):
    informe = InformeFactory()
    client.force_login(informe.autor)
    campos = repartido(limites.TEXTO_POR_INFORME + 1)
    respuesta = client.post(editar_url(informe), datos_formulario(informe, **campos))
    html = html_de(respuesta)
    assert respuesta.status_code == 400
    assert "caracteres de texto entre todas sus etiquetas" in html
    assert 'class="alert alert-danger"' in html
    assert campos[MARKDOWN[0]] in html  # the typed text comes back
    guardado = Informe.objects.get(pk=informe.pk)
    assert guardado.contador_cambios == informe.contador_cambios


def test_the_message_names_the_total_and_the_maximum():
    campos = {**sin_texto(), **repartido(limites.TEXTO_POR_INFORME + 5)}
    with pytest.raises(ValidationError) as error:
        services.informe_crear(autor=analista(), campos=campos)
    mensaje = error.value.messages[0]
    assert mensaje == MENSAJE_TEXTO_EXCEDIDO % error.value.params
    assert f"{limites.TEXTO_POR_INFORME + 5:,}".replace(",", ".") in mensaje
    assert f"{limites.TEXTO_POR_INFORME:,}".replace(",", ".") in mensaje


def test_an_import_past_the_budget_creates_nothing_and_says_why():
    original = InformeFactory()
    Informe.objects.filter(pk=original.pk).update(**repartido(limites.TEXTO_POR_INFORME + 1))
    texto = markdown.exportar(Informe.objects.get(pk=original.pk))
    with pytest.raises(ValidationError) as error:
        services.informe_importar(autor=original.autor, texto=texto)
    assert error.value.code == "texto_excedido"
    assert Informe.objects.count() == 1


def test_an_autosave_past_the_budget_says_why_and_writes_nothing(client):
    from django.urls import reverse

    informe = InformeFactory()
    client.force_login(informe.autor)
    campos = repartido(limites.TEXTO_POR_INFORME + 1)
    respuesta = client.post(
        reverse("informes:autoguardar", args=[informe.pk]), datos_formulario(informe, **campos)
    )
    assert respuesta.status_code == 400
    assert "caracteres de texto entre todas sus etiquetas" in respuesta.json()["mensaje"]
    guardado = Informe.objects.get(pk=informe.pk)
    assert guardado.contador_cambios == informe.contador_cambios


def test_unclassified_notes_count_too():
    campos = {**sin_texto(), **repartido(limites.TEXTO_POR_INFORME - 3)}
    with pytest.raises(ValidationError):
        services.informe_crear(autor=analista(), campos=campos, notas={"2": "cuatro"})
