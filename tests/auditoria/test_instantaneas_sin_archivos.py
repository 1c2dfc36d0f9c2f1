"""Snapshots and diffs are pure: they read the database, never a stored file."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.urls import reverse

from informes import auditoria, demo, services
from informes.models import Diagrama, EventoAuditoria
from tests.factories import InformeFactory
from tests.formularios import datos_formulario

pytestmark = pytest.mark.django_db


@pytest.fixture
def aperturas(monkeypatch):
    """Every file a storage opens while the test runs, by name."""
    abiertos = []
    original = Storage.open

    def abrir(self, name, mode="rb"):
        abiertos.append(name)
        return original(self, name, mode)

    monkeypatch.setattr(Storage, "open", abrir)
    return abiertos


@pytest.fixture
def con_cinco_diagramas():
    informe = InformeFactory()
    for numero in range(5):
        services.diagrama_agregar(
            informe=informe,
            archivo=ContentFile(demo.diagrama_png(), name=f"d{numero}.png"),
            titulo=f"Diagrama {numero}",
            usuario=informe.autor,
        )
    informe.refresh_from_db()
    return informe


def test_an_autosave_of_a_report_with_five_diagrams_opens_no_image_file(
    client, con_cinco_diagramas, aperturas
):
    informe = con_cinco_diagramas
    client.force_login(informe.autor)
    datos = datos_formulario(
        informe, nombre_modelo="Otro nombre", **{"diagramas-0-titulo": "Nuevo"}
    )
    respuesta = client.post(reverse("informes:autoguardar", args=[informe.pk]), datos)
    assert respuesta.status_code == 200, respuesta.content
    assert respuesta.json()["ok"]
    ultimo = EventoAuditoria.objects.filter(informe=informe).first()
    assert {c["campo"] for c in ultimo.cambios} == {"nombre_modelo", "diagramas"}
    assert aperturas == []


def test_a_snapshot_fingerprints_diagrams_from_the_recorded_sha256(con_cinco_diagramas, aperturas):
    informe = con_cinco_diagramas
    huellas = [d["huella"] for d in auditoria.instantanea(informe)["filas"]["diagramas"]]
    assert huellas == list(
        Diagrama.objects.filter(informe=informe).values_list("sha256", flat=True)
    )
    assert all(len(h) == 64 for h in huellas)
    assert aperturas == []


def test_the_migration_fingerprints_diagrams_stored_before_it(con_cinco_diagramas):
    import importlib

    from django.apps import apps

    migracion = importlib.import_module("informes.migrations.0010_huella_diagramas")
    esperadas = dict(Diagrama.objects.values_list("pk", "sha256"))
    Diagrama.objects.update(sha256="")
    migracion.calcular_huellas(apps, None)
    assert dict(Diagrama.objects.values_list("pk", "sha256")) == esperadas


def test_a_diagram_uploaded_through_the_admin_is_fingerprinted_too(con_cinco_diagramas):
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    datos = demo.diagrama_png()
    diagrama = Diagrama(informe=con_cinco_diagramas, titulo="Desde el admin", orden=9)
    diagrama.imagen = SimpleUploadedFile("admin.png", datos, content_type="image/png")
    diagrama.save()
    assert Diagrama.objects.get(pk=diagrama.pk).sha256 == hashlib.sha256(datos).hexdigest()


def test_the_preview_lays_out_the_forms_snapshot_and_saves_nothing(client, con_cinco_diagramas):
    informe = con_cinco_diagramas
    client.force_login(informe.autor)
    datos = datos_formulario(
        informe,
        accion="vista_previa",
        **{"diagramas-0-titulo": "Título sin guardar", "bibliotecas-0-nombre": "polars"},
    )
    respuesta = client.post(reverse("informes:editar", args=[informe.pk]), datos)
    assert respuesta.status_code == 200
    vista = respuesta.context["vista_previa"]
    elementos = {e.etiqueta.campo: e for s in vista for e in s.elementos}
    assert elementos["bibliotecas"].filas[0]["nombre"] == "polars"
    assert elementos["diagramas"].filas[0]["titulo"] == "Título sin guardar"
    html = respuesta.content.decode()
    primero = Diagrama.objects.filter(informe=informe).first()
    assert reverse("informes:diagrama", args=[informe.pk, primero.pk]) in html
    assert not Diagrama.objects.filter(titulo="Título sin guardar").exists()


def test_the_conflict_page_lists_exactly_the_labels_that_differ(client):
    informe = InformeFactory()
    client.force_login(informe.autor)
    url = reverse("informes:editar", args=[informe.pk])
    visto = datos_formulario(informe)
    services.informe_guardar(
        informe=informe,
        editor=informe.autor,
        contador_esperado=informe.contador_cambios,
        campos={"hardware_requerido": "Otra persona"},
    )
    respuesta = client.post(url, {**visto, "hardware_requerido": "Yo"})
    assert respuesta.status_code == 409
    conflictos = [c["conflicto"] for c in respuesta.context["conflictos"]]
    assert [c.campo for c in conflictos] == ["hardware_requerido"]
    assert (conflictos[0].mio, conflictos[0].guardado) == ("Yo", "Otra persona")
