import re
from io import StringIO

import pytest
from django.core.management import call_command

from tests.browser.paginas import iniciar_sesion

pytestmark = pytest.mark.django_db(transaction=True)


def contrasenas_demo(settings) -> dict[str, str]:
    settings.DEBUG = True
    salida = StringIO()
    call_command("cargar_demo", stdout=salida)
    return dict(re.findall(r"usuario: (\w+)\s+contraseña: (\S+)", salida.getvalue()))


def test_demo_analyst_logs_in_and_sees_the_demo_report(pagina, settings):
    contrasenas = contrasenas_demo(settings)
    iniciar_sesion(pagina, "analista", contrasenas["analista"])
    pagina.get_by_role("link", name="Clasificador de actividad económica CIIU").click()
    pagina.get_by_role("heading", name="1. Detalles del Modelo").wait_for()
    assert pagina.get_by_role("img", name="Arquitectura de despliegue").is_visible()
    assert "Analista" in pagina.get_by_test_id("usuario").inner_text()
