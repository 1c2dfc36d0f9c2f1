"""Diagrams stored when chosen and removed at once: the JSON endpoints and their service.

Files are checked exactly as a save's uploads; the report's caps again inside the
transaction; every refusal is JSON beside the input, stores nothing and leaves no
file; the lock counter is handed back only to a page that was up to date.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from informes import images, limites, services
from informes.forms.diagramas import ERROR_DEMASIADOS, ERROR_SIN_ARCHIVOS
from informes.models import AccionAuditoria, Diagrama, Estado, EventoAuditoria, Informe
from tests.factories import InformeFactory, admin, analista, revisor
from tests.formularios import ocultos_esperados

pytestmark = pytest.mark.django_db


def png(ancho=40, alto=20, color="red") -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (ancho, alto), color).save(salida, format="PNG")
    return salida.getvalue()


def subida(nombre="plano.png", datos=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, png() if datos is None else datos, "image/png")


def archivos_guardados(media) -> list:
    carpeta = media / "diagramas"
    return [p for p in carpeta.rglob("*") if p.is_file()] if carpeta.exists() else []


@pytest.fixture
def informe():
    return InformeFactory(autor=analista())


@pytest.fixture
def cliente(informe):
    cliente = Client()
    cliente.force_login(informe.autor)
    return cliente


def subir(cliente, informe, archivos, contador=None, **extra):
    contador = informe.contador_cambios if contador is None else contador
    return cliente.post(
        reverse("informes:subir_diagramas", args=[informe.pk]),
        {"archivos": archivos, "contador_cambios": str(contador), **extra},
        HTTP_ACCEPT="application/json",
    )


def test_a_chosen_file_is_stored_re_encoded_and_listed_with_the_new_counter(
    cliente, informe, media_temporal
):
    respuesta = subir(cliente, informe, [subida("flujo de datos.png")])
    assert respuesta.status_code == 200
    j = respuesta.json()
    (diagrama,) = Informe.objects.get(pk=informe.pk).diagramas.all()
    assert j["ok"] and j["mensaje"] == "Se guardó 1 diagrama."
    assert j["diagramas"] == [
        {
            "pk": diagrama.pk,
            "titulo": "flujo de datos",
            "leyenda": "",
            "ancho": 40,
            "alto": 20,
            "url": reverse("informes:diagrama", args=[informe.pk, diagrama.pk]),
            "quitar": reverse("informes:quitar_diagrama", args=[informe.pk, diagrama.pk]),
        }
    ]
    actual = Informe.objects.get(pk=informe.pk)
    assert j["ocultos"] == ocultos_esperados(actual)
    assert actual.contador_cambios == informe.contador_cambios + 1
    # Stored under a random name, never the uploaded one, and recorded in the trail.
    assert "flujo" not in diagrama.imagen.name and diagrama.sha256
    evento = EventoAuditoria.objects.filter(informe=informe).latest("pk")
    assert evento.accion == AccionAuditoria.GUARDAR and evento.usuario == informe.autor
    assert evento.cambios[0]["campo"] == "diagramas"


def test_several_files_are_stored_together_in_order(cliente, informe):
    respuesta = subir(cliente, informe, [subida("a.png"), subida("b.png"), subida("c.png")])
    assert respuesta.json()["mensaje"] == "Se guardaron 3 diagramas."
    titulos = Informe.objects.get(pk=informe.pk).diagramas.values_list("titulo", flat=True)
    assert list(titulos) == ["a", "b", "c"]


def test_a_page_that_missed_another_save_gets_no_new_counter(cliente, informe):
    respuesta = subir(cliente, informe, [subida()], contador=informe.contador_cambios - 1 + 5)
    assert respuesta.status_code == 200
    assert respuesta.json()["ocultos"] == {}
    assert Informe.objects.get(pk=informe.pk).diagramas.count() == 1


@pytest.mark.parametrize("contador", ["", "abc", "1e9", "-1", "9" * 40])
def test_a_malformed_counter_is_no_error_and_gets_no_new_counter(cliente, informe, contador):
    respuesta = subir(cliente, informe, [subida()], contador=contador)
    assert respuesta.status_code == 200 and respuesta.json()["ocultos"] == {}


@pytest.mark.parametrize(
    ("nombre", "datos", "mensaje"),
    [
        ("pagina.png", b"<html><script>alert(1)</script></html>", images.ERROR_NO_IMAGEN),
        ("plano.html.png", None, images.ERROR_DOBLE_EXTENSION),
        ("plano.gif", None, images.ERROR_EXTENSION),
        ("plano.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, images.ERROR_NO_IMAGEN),
    ],
)
def test_a_refused_file_says_why_beside_the_input_and_stores_nothing(
    cliente, informe, media_temporal, nombre, datos, mensaje
):
    respuesta = subir(cliente, informe, [subida(nombre, datos)])
    assert respuesta.status_code == 400
    j = respuesta.json()
    assert not j["ok"] and list(j["errores"]) == ["archivos"]
    assert j["errores"]["archivos"] == [f"{nombre}: {mensaje}"]
    assert j["mensaje"] == j["errores"]["archivos"][0]
    actual = Informe.objects.get(pk=informe.pk)
    assert actual.diagramas.count() == 0 and actual.contador_cambios == informe.contador_cambios
    assert archivos_guardados(media_temporal) == []


def test_one_bad_file_refuses_the_whole_upload(cliente, informe, media_temporal):
    respuesta = subir(cliente, informe, [subida("bueno.png"), subida("malo.png", b"texto")])
    assert respuesta.status_code == 400
    assert respuesta.json()["errores"]["archivos"] == [f"malo.png: {images.ERROR_NO_IMAGEN}"]
    assert not Diagrama.objects.exists() and archivos_guardados(media_temporal) == []


def test_more_files_than_one_upload_takes_and_none_are_refused(cliente, informe):
    demasiados = [subida(f"d{i}.png") for i in range(limites.ARCHIVOS_POR_SUBIDA + 1)]
    respuesta = subir(cliente, informe, demasiados)
    assert respuesta.status_code == 400
    assert respuesta.json()["errores"]["archivos"] == [str(ERROR_DEMASIADOS)]
    respuesta = subir(cliente, informe, [])
    assert respuesta.status_code == 400
    assert respuesta.json()["errores"]["archivos"] == [str(ERROR_SIN_ARCHIVOS)]
    assert not Diagrama.objects.exists()


def test_a_full_report_refuses_one_more_diagram(cliente, informe):
    for i in range(limites.DIAGRAMAS_POR_INFORME):
        services.diagrama_agregar(
            informe=informe, archivo=ContentFile(png(), name=f"d{i}.png"), titulo=f"d{i}"
        )
    informe.refresh_from_db()
    respuesta = subir(cliente, informe, [subida()])
    assert respuesta.status_code == 400
    assert respuesta.json()["errores"]["archivos"] == [str(images.ERROR_DIAGRAMAS_INFORME)]
    assert informe.diagramas.count() == limites.DIAGRAMAS_POR_INFORME


def test_the_service_checks_the_reports_caps_again_and_leaves_no_file(informe, media_temporal):
    """Two pages may upload at once: the caps are counted again on what is stored."""
    limpias = [images.limpiar_imagen(ContentFile(png(), name=f"n{i}.png")) for i in range(2)]
    for i in range(limites.DIAGRAMAS_POR_INFORME - 1):
        services.diagrama_agregar(
            informe=informe, archivo=ContentFile(png(), name=f"d{i}.png"), titulo=f"d{i}"
        )
    antes = set(archivos_guardados(media_temporal))
    nuevos = [services.DiagramaNuevo(imagen=limpia, titulo="n") for limpia in limpias]
    with pytest.raises(ValidationError):
        services.diagramas_subir(
            informe=informe, usuario=informe.autor, nuevos=nuevos, contador_visto=None
        )
    assert informe.diagramas.count() == limites.DIAGRAMAS_POR_INFORME - 1
    assert set(archivos_guardados(media_temporal)) == antes


def test_quitar_removes_the_diagram_and_its_file_and_records_it(
    cliente, informe, media_temporal, django_capture_on_commit_callbacks
):
    subir(cliente, informe, [subida("uno.png"), subida("dos.png")])
    informe.refresh_from_db()
    uno = informe.diagramas.get(titulo="uno")
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = cliente.post(
            reverse("informes:quitar_diagrama", args=[informe.pk, uno.pk]),
            {"contador_cambios": str(informe.contador_cambios)},
            HTTP_ACCEPT="application/json",
        )
    assert respuesta.status_code == 200
    actual = Informe.objects.get(pk=informe.pk)
    assert respuesta.json() == {
        "ok": True,
        "mensaje": "Diagrama quitado.",
        "ocultos": ocultos_esperados(actual),
    }
    assert list(actual.diagramas.values_list("titulo", flat=True)) == ["dos"]
    assert len(archivos_guardados(media_temporal)) == 1
    evento = EventoAuditoria.objects.filter(informe=informe).latest("pk")
    assert evento.cambios[0]["campo"] == "diagramas" and evento.usuario == informe.autor


def test_quitar_a_diagram_already_removed_or_of_another_report_is_404(cliente, informe):
    otro = InformeFactory(autor=analista())
    ajeno = services.diagrama_agregar(
        informe=otro, archivo=ContentFile(png(), name="x.png"), titulo="Ajeno"
    )
    url = reverse("informes:quitar_diagrama", args=[informe.pk, ajeno.pk])
    respuesta = cliente.post(url, HTTP_ACCEPT="application/json")
    assert respuesta.status_code == 404 and respuesta.json()["ok"] is False
    assert Diagrama.objects.filter(pk=ajeno.pk).exists()
    url = reverse("informes:quitar_diagrama", args=[informe.pk, 999_999])
    assert cliente.post(url).status_code == 404


@pytest.mark.parametrize("nombre", ["informes:subir_diagramas", "informes:quitar_diagrama"])
def test_refusals_are_json_401_403_404_and_405(informe, nombre):
    diagrama = services.diagrama_agregar(
        informe=informe, archivo=ContentFile(png(), name="x.png"), titulo="X"
    )
    args = [informe.pk] if nombre == "informes:subir_diagramas" else [informe.pk, diagrama.pk]
    url = reverse(nombre, args=args)
    anonimo = Client().post(url, {"archivos": [subida()]})
    assert anonimo.status_code == 401 and anonimo.json()["sesion_expirada"] is True
    for usuario, codigo in [(revisor(), 403), (admin(), 403), (analista(), 404)]:
        cliente = Client()
        cliente.force_login(usuario)
        respuesta = cliente.post(url, {"archivos": [subida()]})
        assert respuesta.status_code == codigo, usuario
        assert respuesta.json()["ok"] is False and respuesta.json()["mensaje"]
    cliente = Client()
    cliente.force_login(informe.autor)
    assert cliente.get(url).status_code == 405
    assert Informe.objects.get(pk=informe.pk).diagramas.count() == 1


@pytest.mark.parametrize("estado", [Estado.EN_REVISION, Estado.APROBADO, Estado.DESCARTADO])
def test_no_diagram_changes_once_the_report_is_not_editable(informe, estado):
    diagrama = services.diagrama_agregar(
        informe=informe, archivo=ContentFile(png(), name="x.png"), titulo="X"
    )
    Informe.objects.filter(pk=informe.pk).update(estado=estado)
    cliente = Client()
    cliente.force_login(informe.autor)
    esperado = 404 if estado == Estado.DESCARTADO else 403
    respuesta = subir(cliente, informe, [subida()])
    assert respuesta.status_code == esperado
    url = reverse("informes:quitar_diagrama", args=[informe.pk, diagrama.pk])
    assert cliente.post(url).status_code == esperado
    assert Diagrama.objects.filter(informe=informe).count() == 1


def test_the_service_refuses_a_user_who_may_not_edit(informe):
    limpia = images.limpiar_imagen(ContentFile(png(), name="n.png"))
    with pytest.raises(services.EdicionNoPermitida):
        services.diagramas_subir(
            informe=informe,
            usuario=revisor(),
            nuevos=[services.DiagramaNuevo(imagen=limpia, titulo="n")],
            contador_visto=None,
        )
    assert not Diagrama.objects.exists()
