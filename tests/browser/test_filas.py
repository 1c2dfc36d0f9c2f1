"""«Agregar fila» stops at the list's cap (limites.FILAS_MAXIMAS) and says so."""

import re

import pytest
from playwright.sync_api import expect

from informes import limites, services
from tests.browser.paginas import iniciar_sesion
from tests.factories import CONTRASENA, analista

pytestmark = pytest.mark.django_db(transaction=True)


def test_adding_rows_stops_at_the_cap_with_a_message(pagina):
    ana = analista(username="ana")
    rutas = [{"ruta": f"/srv/{i}", "proposito": ""} for i in range(limites.FILAS_MAXIMAS - 1)]
    informe = services.informe_crear(autor=ana, filas={"rutas": rutas})
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{informe.pk}/editar/")
    grupo = pagina.get_by_role("group", name="Rutas de Acceso a los Archivos", exact=True)
    agregar = grupo.get_by_role("button", name=re.compile("^Agregar fila"))
    aviso = f"Esta lista admite como máximo {limites.FILAS_MAXIMAS} filas."
    # The form shows one blank row after the 199 stored: the list is full.
    expect(agregar).to_be_disabled()
    expect(grupo.get_by_text(aviso)).to_be_visible()
    grupo.get_by_role("button", name="Quitar fila 1", exact=True).click()
    expect(agregar).to_be_enabled()
    expect(grupo.get_by_text(aviso)).to_have_count(0)
    agregar.click()
    expect(agregar).to_be_disabled()
    expect(grupo.get_by_text(aviso)).to_be_visible()
