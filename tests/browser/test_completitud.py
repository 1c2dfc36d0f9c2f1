"""The form's per-section counts in the browser follow the server's rule (``regla_completitud``)."""

import re

import pytest
from playwright.sync_api import expect

from informes import services
from tests.browser.paginas import iniciar_sesion
from tests.factories import CONTRASENA, analista

pytestmark = pytest.mark.django_db(transaction=True)


def insignia(pagina, numero: int):
    return pagina.locator(f"[data-completitud='seccion-{numero}']")


def test_counts_follow_typing_rows_removal_and_no_aplica(pagina):
    autor = analista(username="ana")
    informe = services.informe_crear(autor=autor)
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{informe.pk}/editar/")
    expect(insignia(pagina, 1)).to_have_text("0/2")
    pagina.get_by_label("Nombre del Modelo").fill("Clasificador")
    expect(insignia(pagina, 1)).to_have_text("1/2")

    # Section 7: a path typed in a row fills its label; removing the row empties it.
    expect(insignia(pagina, 7)).to_have_text("0/3")
    rutas = pagina.get_by_role("group", name="Rutas de Acceso a los Archivos", exact=True)
    rutas.get_by_label("Ruta 1", exact=True).fill("/srv/modelo.pkl")
    expect(insignia(pagina, 7)).to_have_text("1/3")
    rutas.get_by_role("button", name=re.compile("^Quitar")).first.click()
    expect(insignia(pagina, 7)).to_have_text("0/3")

    # A «No aplica» reason fills the label as well.
    bloque = pagina.locator("[data-etiqueta='variables_entorno']")
    bloque.locator("summary", has_text="No aplica").click()
    bloque.locator("[name='no_aplica__variables_entorno']").fill("No usa variables")
    expect(insignia(pagina, 7)).to_have_text("1/3")
