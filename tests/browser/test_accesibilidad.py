"""axe-core on every page of the report form: no serious or critical finding."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import CONTRASENA, InformeFactory, analista

from .conftest import iniciar_sesion
from .test_formulario import grupos, grupos_al_terminar  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def hallazgos_graves(pagina) -> list[str]:
    # evaluate() is not subject to the page's CSP, unlike an injected <script>.
    pagina.evaluate(AXE.read_text())
    resultado = pagina.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in resultado["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def informe():
    ana = analista(username="ana")
    return InformeFactory(autor=ana)


def test_login_page_has_no_serious_findings(pagina):
    pagina.goto("/cuentas/login/")
    assert hallazgos_graves(pagina) == []


def test_list_page_has_no_serious_findings(pagina, informe):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto("/informes/?orden=modelo")
    assert hallazgos_graves(pagina) == []


def test_new_report_form_has_no_serious_findings(pagina, informe):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto("/informes/nuevo/")
    assert hallazgos_graves(pagina) == []


def test_edit_form_with_errors_shown_has_no_serious_findings(pagina, informe):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{informe.pk}/editar/")
    pagina.get_by_label("Python").fill("no es versión")
    pagina.get_by_role("button", name="Guardar borrador").click()
    pagina.locator("#resumen-errores").wait_for()
    assert hallazgos_graves(pagina) == []


def test_detail_page_has_no_serious_findings(pagina, informe):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{informe.pk}/")
    assert hallazgos_graves(pagina) == []


def test_the_form_is_usable_by_keyboard_alone(pagina, informe):
    iniciar_sesion(pagina, "ana", CONTRASENA)
    pagina.goto(f"/informes/{informe.pk}/editar/")
    # The skip link comes first and lands on the content.
    pagina.keyboard.press("Tab")
    assert pagina.evaluate("document.activeElement.textContent").strip() == "Saltar al contenido"
    # Tabbing reaches the save button and then the first field, each visibly focused.
    alcanzados = []
    for _ in range(60):
        pagina.keyboard.press("Tab")
        alcanzados.append(
            pagina.evaluate(
                "(() => { const e = document.activeElement;"
                " return [(e.id || e.textContent || '').trim(),"
                " getComputedStyle(e).outlineStyle + getComputedStyle(e).boxShadow]; })()"
            )
        )
        if alcanzados[-1][0] == "id_nombre_modelo":
            break
    nombres = [nombre for nombre, _ in alcanzados]
    assert "Guardar borrador" in nombres and nombres[-1] == "id_nombre_modelo"
    for nombre, estilo in alcanzados:
        assert estilo != "nonenone", f"{nombre} has no visible focus"
    pagina.keyboard.press("End")
    pagina.keyboard.type(" editado")
    assert pagina.get_by_label("Nombre del Modelo").input_value().endswith(" editado")
