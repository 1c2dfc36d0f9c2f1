"""On a 390 px wide phone no page scrolls sideways (wide tables scroll inside their own
box), the save status stays in view, and the row inputs are wide enough to type in."""

import pytest
from playwright.sync_api import expect

from informes import services
from informes.models import Estado, Informe
from tests.browser.paginas import iniciar_sesion
from tests.factories import CONTRASENA, InformeFactory, analista, informe_completo, revisor

pytestmark = pytest.mark.django_db(transaction=True)

TELEFONO = {"width": 390, "height": 844}
LARGO = "palabra" * 25  # one long word, such as a path or a URL


def desborde(pagina) -> int:
    """Pixels the page is wider than the screen (0: nothing scrolls sideways), with every
    folded part (history entries, «No aplica», replies) open."""
    pagina.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    return pagina.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )


@pytest.fixture
def telefono(navegador, live_server):
    contexto = navegador.new_context(
        base_url=live_server.url, locale="es-CO", viewport=TELEFONO, is_mobile=True
    )
    pagina = contexto.new_page()
    pagina.set_default_timeout(30_000)
    yield pagina
    contexto.close()


@pytest.fixture
def informes():
    """A long-worded report in review with a comment and a reply, and a second version."""
    ana = analista(username="ana")
    rita = revisor(username="rita")
    v1 = informe_completo(autor=ana, estado=Estado.APROBADO)
    v2 = services.informe_nueva_version(informe=v1, usuario=ana)
    services.informe_guardar(
        informe=v2,
        editor=ana,
        contador_esperado=v2.contador_cambios,
        campos={
            "nombre_modelo": f"Modelo {LARGO}",
            "descripcion_modelo": f"| a | b | c | d | e | f |\n|---|---|---|---|---|---|\n"
            f"| {LARGO} | {LARGO} | 3 | 4 | 5 | 6 |",
        },
        filas={"rutas": [{"ruta": f"/srv/{LARGO}", "proposito": LARGO}]},
    )
    v2 = services.informe_enviar(informe=Informe.objects.get(pk=v2.pk), usuario=ana)
    comentario = services.comentario_agregar(informe=v2, revisor=rita, texto=LARGO, seccion=1)
    services.comentario_responder(comentario=comentario, usuario=ana, texto=LARGO)
    borrador = InformeFactory(autor=ana)
    return v2, borrador


def test_no_page_scrolls_sideways_on_a_phone(telefono, informes):
    en_revision, borrador = informes
    telefono.goto("/cuentas/login/")
    assert desborde(telefono) <= 0, "login"
    iniciar_sesion(telefono, "ana", CONTRASENA)
    paginas = [
        "/informes/",
        "/informes/nuevo/",
        f"/informes/{borrador.pk}/editar/",
        f"/informes/{en_revision.pk}/",
        f"/informes/{en_revision.pk}/historial/",
        f"/informes/{en_revision.pk}/comparar/",
        f"/informes/{borrador.pk}/descartar/",
        "/informes/importar/",
    ]
    for url in paginas:
        telefono.goto(url)
        assert desborde(telefono) <= 0, url
    telefono.context.clear_cookies()  # signed out (the menu is folded on a phone)
    iniciar_sesion(telefono, "rita", CONTRASENA)
    for url in ["/revision/", f"/informes/{en_revision.pk}/"]:
        telefono.goto(url)
        assert desborde(telefono) <= 0, url


def test_on_a_phone_rows_are_usable_and_the_save_status_stays_in_view(telefono, informes):
    _en_revision, borrador = informes
    iniciar_sesion(telefono, "ana", CONTRASENA)
    telefono.goto(f"/informes/{borrador.pk}/editar/")
    ruta = telefono.get_by_label("Ruta 1", exact=True)
    ruta.scroll_into_view_if_needed()
    # A row's input takes most of the screen's width, with its column name above it.
    assert ruta.bounding_box()["width"] > 250
    expect(telefono.get_by_text("Ruta 1", exact=True)).to_be_visible()
    ruta.fill("/srv/telefono")
    expect(telefono.locator("#estado-guardado")).to_be_in_viewport()
    expect(telefono.locator("#estado-guardado")).to_have_text("Sin guardar")
