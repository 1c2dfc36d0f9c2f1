"""Diagrams are stored the moment they are chosen, in a real browser: reload without
saving and they are there; a refused file says why beside the input and stores
nothing; too many files are refused before sending; «Quitar», «Subir» and «Bajar»
act at once; a new report is created first."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from informes.models import AccionAuditoria, Diagrama, EventoAuditoria, Informe
from tests.browser.paginas import iniciar_sesion
from tests.factories import CONTRASENA, InformeFactory, analista

pytestmark = pytest.mark.django_db(transaction=True)

ETIQUETA = "Diagrama de Arquitectura"


def png(color="#0b3d91") -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (320, 160), color).save(salida, format="PNG")
    return salida.getvalue()


def archivo(nombre: str, datos: bytes | None = None) -> dict:
    return {"name": nombre, "mimeType": "image/png", "buffer": png() if datos is None else datos}


@pytest.fixture
def informe():
    return InformeFactory(autor=analista(username="ana"))


def abrir(pagina, informe):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{informe.pk}/editar/")


def test_a_chosen_png_is_stored_at_once_and_is_there_after_a_reload(pagina, informe):
    abrir(pagina, informe)
    pagina.get_by_label(ETIQUETA).set_input_files([archivo("flujo.png")])
    expect(pagina.get_by_role("img", name="Miniatura: flujo")).to_be_visible()
    expect(pagina.get_by_text("Se guardó 1 diagrama.")).to_be_visible()
    assert Informe.objects.get(pk=informe.pk).diagramas.count() == 1
    # Nothing else was saved: the page has nothing to ask before leaving.
    expect(pagina.locator("#estado-guardado")).to_have_text("Sin cambios")
    pagina.reload()
    expect(pagina.get_by_role("img", name="Miniatura: flujo")).to_be_visible()
    expect(pagina.get_by_label("Título del diagrama 1")).to_have_value("flujo")
    assert EventoAuditoria.objects.filter(informe=informe, accion=AccionAuditoria.GUARDAR).exists()


def test_a_refused_file_says_why_beside_the_input_and_stores_nothing(pagina, informe):
    abrir(pagina, informe)
    entrada = pagina.get_by_label(ETIQUETA)
    entrada.set_input_files([archivo("falso.png", b"<html><script>alert(1)</script></html>")])
    error = pagina.locator("#id_archivos_error")
    expect(error).to_contain_text("falso.png")
    expect(error).to_contain_text("no es una imagen")
    expect(entrada).to_have_attribute("aria-invalid", "true")
    assert not Diagrama.objects.exists()
    # A good file afterwards clears the message.
    entrada.set_input_files([archivo("bueno.png")])
    expect(pagina.get_by_role("img", name="Miniatura: bueno")).to_be_visible()
    expect(error).to_be_hidden()


def test_more_files_than_one_upload_takes_are_refused_before_sending(pagina, informe):
    abrir(pagina, informe)
    enviados = []
    pagina.on("request", lambda r: enviados.append(r.url) if "/diagramas/subir/" in r.url else None)
    pagina.get_by_label(ETIQUETA).set_input_files([archivo(f"d{i}.png") for i in range(11)])
    expect(pagina.locator("#id_archivos_error")).to_have_text(
        "Suba como máximo 10 diagramas a la vez."
    )
    pagina.wait_for_timeout(300)
    assert enviados == [] and not Diagrama.objects.exists()


def test_quitar_removes_a_diagram_at_once_and_the_trail_records_it(pagina, informe):
    abrir(pagina, informe)
    pagina.get_by_label(ETIQUETA).set_input_files([archivo("uno.png"), archivo("dos.png")])
    expect(pagina.get_by_role("img", name="Miniatura: dos")).to_be_visible()
    pagina.get_by_role("button", name="Quitar el diagrama 1").click()
    expect(pagina.get_by_role("img", name="Miniatura: uno")).to_have_count(0)
    expect(pagina.get_by_label("Título del diagrama 1")).to_have_value("dos")
    assert list(Informe.objects.get(pk=informe.pk).diagramas.values_list("titulo", flat=True)) == [
        "dos"
    ]
    ultimo = EventoAuditoria.objects.filter(informe=informe).order_by("-pk").first()
    assert ultimo.accion == AccionAuditoria.GUARDAR and ultimo.cambios[0]["campo"] == "diagramas"
    # The page's lock counter followed: typing afterwards saves, no conflict.
    pagina.get_by_label("Hardware Requerido").fill("Después de quitar")
    expect(pagina.locator("#estado-guardado")).to_have_text(re.compile(r"^Guardado"))


def test_moving_a_diagram_down_is_stored_by_the_autosave(pagina, informe):
    abrir(pagina, informe)
    pagina.get_by_label(ETIQUETA).set_input_files([archivo("primero.png"), archivo("segundo.png")])
    expect(pagina.get_by_role("img", name="Miniatura: segundo")).to_be_visible()
    pagina.get_by_role("button", name="Bajar diagrama 1").click()
    expect(pagina.get_by_label("Título del diagrama 1")).to_have_value("segundo")
    expect(pagina.get_by_role("button", name="Subir diagrama 1")).to_be_hidden()
    expect(pagina.locator("#estado-guardado")).to_have_text(re.compile(r"^Guardado"))
    orden = Informe.objects.get(pk=informe.pk).diagramas.values_list("titulo", flat=True)
    assert list(orden) == ["segundo", "primero"]


def test_a_file_chosen_on_a_new_report_creates_it_first(pagina):
    analista(username="ana")
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto("/informes/nuevo/")
    pagina.get_by_label(ETIQUETA).set_input_files([archivo("arquitectura.png")])
    expect(pagina.get_by_role("img", name="Miniatura: arquitectura")).to_be_visible()
    informe = Informe.objects.get()
    pagina.wait_for_url(f"**/informes/{informe.pk}/editar/")
    assert informe.diagramas.count() == 1
    expect(pagina.get_by_role("link", name="Ver el informe")).to_be_visible()
