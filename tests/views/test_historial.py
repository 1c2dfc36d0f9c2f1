"""Saves through the edit form and autosave land in the audit trail, field by field,
and the Historial page shows them under the template's labels."""

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from informes import demo, plantilla
from informes.models import AccionAuditoria, EventoAuditoria, Informe
from tests.factories import InformeFactory
from tests.formularios import datos_formulario, filas, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def informe():
    return InformeFactory()


@pytest.fixture
def autor(client, informe):
    client.force_login(informe.autor)
    return informe.autor


def editar(client, informe, datos, archivos=None):
    post = dict(datos)
    if archivos:
        post["archivos"] = archivos
    respuesta = client.post(reverse("informes:editar", args=[informe.pk]), post)
    assert respuesta.status_code == 302, respuesta.content.decode()[:2000]
    informe.refresh_from_db()


def autoguardar(client, informe, datos):
    respuesta = client.post(reverse("informes:autoguardar", args=[informe.pk]), datos)
    assert respuesta.status_code == 200, respuesta.content
    informe.refresh_from_db()


def guardados(informe):
    return list(
        EventoAuditoria.objects.filter(informe=informe, accion=AccionAuditoria.GUARDAR).order_by(
            "pk"
        )
    )


def ultimo_guardado(informe) -> dict:
    """The changes of the latest save, by field."""
    eventos = guardados(informe)
    assert eventos, "no save was recorded"
    return {c["campo"]: c for c in eventos[-1].cambios}


def historial(client, informe) -> str:
    respuesta = client.get(reverse("informes:historial", args=[informe.pk]))
    assert respuesta.status_code == 200
    return unescape(respuesta.content.decode())


def texto_de(campo: str) -> str:
    return plantilla.etiqueta(campo).texto


def test_a_form_save_records_who_and_a_changed_field(client, informe, autor):
    editar(client, informe, datos_formulario(informe, comunicacion="Correo semanal."))
    [evento] = guardados(informe)
    assert evento.usuario == autor
    assert (evento.estado_desde, evento.estado_hasta) == ("borrador", "borrador")
    assert evento.cambios == [
        {
            "campo": "comunicacion",
            "tipo": "texto",
            "antes": demo.CAMPOS["comunicacion"],
            "despues": "Correo semanal.",
        }
    ]


def test_a_form_save_records_library_rows_added_removed_and_changed(client, informe, autor):
    primera, segunda, *resto = demo.BIBLIOTECAS
    nuevas = [
        {"nombre": primera["nombre"], "version": "99.1"},  # changed
        *resto,  # kept; the second is removed
        {"nombre": "polars", "version": "1.2"},  # added
    ]
    editar(client, informe, datos_formulario(informe, **filas("bibliotecas", nuevas)))
    bibliotecas = ultimo_guardado(informe)["bibliotecas"]
    assert bibliotecas["agregadas"] == [{"nombre": "polars", "version": "1.2"}]
    assert bibliotecas["eliminadas"] == [segunda]
    assert bibliotecas["cambiadas"] == [
        {"antes": primera, "despues": {"nombre": primera["nombre"], "version": "99.1"}}
    ]
    assert set(ultimo_guardado(informe)) == {"bibliotecas"}


def test_a_form_save_records_a_diagram_uploaded_then_deleted(client, informe, autor):
    editar(
        client,
        informe,
        datos_formulario(informe, leyenda_nueva="Vista general"),
        SimpleUploadedFile("flujo.png", png()),
    )
    agregado = ultimo_guardado(informe)["diagramas"]
    assert [(d["titulo"], d["leyenda"]) for d in agregado["agregadas"]] == [
        ("flujo", "Vista general")
    ]
    assert len(agregado["agregadas"][0]["huella"]) == 64
    editar(client, informe, datos_formulario(informe, **{"diagramas-0-DELETE": "on"}))
    eliminado = ultimo_guardado(informe)["diagramas"]
    assert [d["titulo"] for d in eliminado["eliminadas"]] == ["flujo"]
    assert eliminado["agregadas"] == []
    assert len(guardados(informe)) == 2


def test_a_form_save_records_a_no_aplica_mark_and_its_removal(client, informe, autor):
    editar(client, informe, datos_formulario(informe, **{"no_aplica__rutas": "No lee archivos"}))
    assert ultimo_guardado(informe)["rutas"] == {
        "campo": "rutas",
        "tipo": "no_aplica",
        "antes": "",
        "despues": "No lee archivos",
    }
    editar(client, informe, datos_formulario(informe, **{"no_aplica__rutas": ""}))
    assert ultimo_guardado(informe)["rutas"]["despues"] == ""


def test_an_autosave_records_its_changes_too(client, informe, autor):
    autoguardar(client, informe, datos_formulario(informe, hardware_requerido="Dos GPU."))
    [evento] = guardados(informe)
    assert evento.usuario == autor
    assert [c["campo"] for c in evento.cambios] == ["hardware_requerido"]
    assert evento.cambios[0]["despues"] == "Dos GPU."


def test_saving_the_form_unchanged_records_no_entry(client, informe, autor):
    antes = EventoAuditoria.objects.count()
    editar(client, informe, datos_formulario(informe))
    autoguardar(client, informe, datos_formulario(informe))
    # The saves went through (the counter moved) but changed nothing worth recording.
    assert Informe.objects.get(pk=informe.pk).contador_cambios == 2
    assert EventoAuditoria.objects.count() == antes
    assert guardados(informe) == []


def test_saving_a_report_with_a_diagram_unchanged_records_no_entry(client, informe, autor):
    editar(client, informe, datos_formulario(informe), SimpleUploadedFile("red.png", png()))
    assert len(guardados(informe)) == 1
    editar(client, informe, datos_formulario(informe))
    autoguardar(client, informe, datos_formulario(informe))
    assert len(guardados(informe)) == 1


def test_historial_shows_each_save_under_the_template_labels(client, informe, autor):
    editar(client, informe, datos_formulario(informe, comunicacion="Correo semanal."))
    nuevas = [*demo.BIBLIOTECAS, {"nombre": "polars", "version": "1.2"}]
    editar(client, informe, datos_formulario(informe, **filas("bibliotecas", nuevas)))
    editar(client, informe, datos_formulario(informe), SimpleUploadedFile("flujo.png", png()))
    editar(client, informe, datos_formulario(informe, **{"no_aplica__rutas": "No lee archivos"}))
    autoguardar(client, informe, datos_formulario(informe, hardware_requerido="Dos GPU."))
    html = historial(client, informe)
    for campo in ("comunicacion", "bibliotecas", "diagramas", "rutas", "hardware_requerido"):
        assert f"<strong>{texto_de(campo)}</strong>" in html, campo
    assert "Correo semanal." in html and demo.CAMPOS["comunicacion"] in html
    assert "+ Agregado: polars · 1.2" in html
    assert "+ Agregado: flujo" in html
    assert f"<strong>{texto_de('rutas')}</strong> (No aplica)" in html
    assert "No lee archivos" in html and "Dos GPU." in html
    # Image fingerprints are for matching, not for reading.
    huella = ultimo_guardado_de_diagramas(informe)
    assert huella and huella not in html
    # The factory writes directly, so the five saves are the whole trail.
    assert html.count('data-testid="evento"') == len(guardados(informe)) == 5


def ultimo_guardado_de_diagramas(informe) -> str:
    for evento in reversed(guardados(informe)):
        for cambio in evento.cambios:
            if cambio["campo"] == "diagramas":
                return cambio["agregadas"][0]["huella"]
    return ""
