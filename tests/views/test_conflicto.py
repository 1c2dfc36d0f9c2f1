"""views.conflicto and the saves that reach it: two editors of one draft, over HTTP."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from informes import auditoria, services
from informes.models import EventoAuditoria, Informe
from informes.services.errores import MENSAJE_FUSIONADO
from informes.views.conflicto import MENSAJE_DECIDA_TODO, MENSAJE_OTRA_VEZ, MENSAJE_VENCIDO
from tests.factories import InformeFactory, analista
from tests.formularios import datos_formulario, filas, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def informe():
    informe = InformeFactory()
    informe.coautores.add(analista())
    return informe


def cliente_de(usuario) -> Client:
    cliente = Client()
    cliente.force_login(usuario)
    return cliente


def editar(informe):
    return reverse("informes:editar", args=[informe.pk])


def autoguardar(informe):
    return reverse("informes:autoguardar", args=[informe.pk])


def abrir(informe) -> dict:
    """The form as a page opened now shows it: values, counter and base."""
    return datos_formulario(Informe.objects.get(pk=informe.pk))


def guardado(informe) -> Informe:
    return Informe.objects.get(pk=informe.pk)


def decidir(cliente, pagina, valores: dict):
    """Post the conflict page as the browser does: the decisions and what it was shown."""
    return cliente.post(pagina.context["accion"], {"visto": pagina.context["visto"], **valores})


def test_two_editors_changing_different_labels_both_land_without_a_conflict(informe):
    ana, luis = cliente_de(informe.autor), cliente_de(informe.coautores.get())
    pagina_ana, pagina_luis = abrir(informe), abrir(informe)
    assert ana.post(editar(informe), {**pagina_ana, "comunicacion": "De Ana"}).status_code == 302
    respuesta = luis.post(editar(informe), {**pagina_luis, "hardware_requerido": "De Luis"})
    assert respuesta.status_code == 302
    final = guardado(informe)
    assert (final.comunicacion, final.hardware_requerido) == ("De Ana", "De Luis")
    assert final.contador_cambios == 2
    ultimo = EventoAuditoria.objects.filter(informe=informe).latest("pk")
    assert ultimo.comentario == str(MENSAJE_FUSIONADO)
    assert [c["campo"] for c in ultimo.cambios] == ["hardware_requerido"]


def test_an_autosave_merges_and_tells_the_page_to_reload_with_its_new_hidden_values(informe):
    ana, luis = cliente_de(informe.autor), cliente_de(informe.coautores.get())
    pagina_ana, pagina_luis = abrir(informe), abrir(informe)
    assert ana.post(autoguardar(informe), {**pagina_ana, "comunicacion": "De Ana"}).json()["ok"]
    respuesta = luis.post(autoguardar(informe), {**pagina_luis, "hardware_requerido": "De Luis"})
    datos = respuesta.json()
    assert respuesta.status_code == 200 and datos["ok"] and datos["recargar"] is True
    final = guardado(informe)
    assert datos["ocultos"] == {
        "contador_cambios": str(final.contador_cambios),
        "base": auditoria.token_de(auditoria.contenido(final)),
    }
    # The page, with its new hidden values, saves again without meeting anything.
    otra = {**pagina_luis, **datos["ocultos"], "comunicacion": "De Ana", "fase_liberacion": "Y"}
    datos = luis.post(autoguardar(informe), otra).json()
    assert datos["ok"] and datos["recargar"] is False
    assert guardado(informe).fase_liberacion == "Y"


def test_the_same_label_changed_twice_is_offered_alone_and_keeping_mine_stores_it(informe):
    ana, luis = cliente_de(informe.autor), cliente_de(informe.coautores.get())
    pagina_ana, pagina_luis = abrir(informe), abrir(informe)
    ana.post(editar(informe), {**pagina_ana, "hardware_requerido": "Ana", "comunicacion": "Ana"})
    respuesta = luis.post(
        editar(informe), {**pagina_luis, "hardware_requerido": "Luis", "fase_liberacion": "Luis"}
    )
    assert respuesta.status_code == 409
    html = respuesta.content.decode()
    assert "Conservar el mío" in html and "Conservar el guardado" in html
    [item] = respuesta.context["conflictos"]
    assert (item["conflicto"].campo, item["conflicto"].mio) == ("hardware_requerido", "Luis")
    assert respuesta.context["propios"] == ["Fase de Liberación"]
    assert respuesta.context["ajenos"] == ["Comunicación"]
    assert guardado(informe).fase_liberacion != "Luis"  # nothing written yet

    decision = item["decision"].html_name
    assert decidir(luis, respuesta, {decision: "mio"}).status_code == 302
    final = guardado(informe)
    assert (final.hardware_requerido, final.fase_liberacion, final.comunicacion) == (
        "Luis", "Luis", "Ana",
    )  # fmt: skip


def test_keeping_the_stored_value_or_the_edited_box_stores_that(informe):
    ana, luis = cliente_de(informe.autor), cliente_de(informe.coautores.get())
    pagina_ana, pagina_luis = abrir(informe), abrir(informe)
    ana.post(editar(informe), {**pagina_ana, "hardware_requerido": "Ana"})
    respuesta = luis.post(editar(informe), {**pagina_luis, "hardware_requerido": "Luis"})
    [item] = respuesta.context["conflictos"]
    decision, caja = item["decision"].html_name, item["recuadro"][0].html_name
    decidir(luis, respuesta, {decision: "editado", caja: "Ana y Luis"})
    assert guardado(informe).hardware_requerido == "Ana y Luis"


def test_a_conflict_page_writes_nothing_until_every_conflict_is_decided(informe):
    ana, luis = cliente_de(informe.autor), cliente_de(informe.coautores.get())
    pagina_ana, pagina_luis = abrir(informe), abrir(informe)
    ana.post(editar(informe), {**pagina_ana, "hardware_requerido": "Ana", "comunicacion": "Ana"})
    respuesta = luis.post(
        editar(informe), {**pagina_luis, "hardware_requerido": "Luis", "comunicacion": "Luis"}
    )
    primero, segundo = respuesta.context["conflictos"]
    antes = guardado(informe).contador_cambios
    respuesta = decidir(luis, respuesta, {primero["decision"].html_name: "mio"})
    assert respuesta.status_code == 400
    assert str(MENSAJE_DECIDA_TODO) in respuesta.content.decode()
    assert "Elija qué valor conservar." in respuesta.content.decode()
    assert guardado(informe).contador_cambios == antes


def test_an_invalid_edited_box_is_refused_beside_it_and_nothing_is_written(informe):
    ana, luis = cliente_de(informe.autor), cliente_de(informe.coautores.get())
    pagina_ana, pagina_luis = abrir(informe), abrir(informe)
    ana.post(editar(informe), {**pagina_ana, "version_python": "3.12"})
    respuesta = luis.post(editar(informe), {**pagina_luis, "version_python": "3.13"})
    [item] = respuesta.context["conflictos"]
    decision, caja = item["decision"].html_name, item["recuadro"][0].html_name
    respuesta = decidir(luis, respuesta, {decision: "editado", caja: "tres"})
    assert respuesta.status_code == 400
    assert f'id="{item["recuadro"][0].id_for_label}_error"' in respuesta.content.decode()
    assert guardado(informe).version_python == "3.12"


def test_a_save_landing_while_deciding_brings_the_page_back_and_merges_again(informe):
    ana, luis = cliente_de(informe.autor), cliente_de(informe.coautores.get())
    pagina_ana, pagina_luis = abrir(informe), abrir(informe)
    ana.post(editar(informe), {**pagina_ana, "hardware_requerido": "Ana"})
    respuesta = luis.post(editar(informe), {**pagina_luis, "hardware_requerido": "Luis"})
    [item] = respuesta.context["conflictos"]
    decision = item["decision"].html_name
    # Ana saves again: the same label, and another one.
    otra_vez = {"hardware_requerido": "Ana 2", "comunicacion": "C"}
    ana.post(editar(informe), {**abrir(informe), **otra_vez})
    respuesta = decidir(luis, respuesta, {decision: "mio"})
    assert respuesta.status_code == 409
    assert str(MENSAJE_OTRA_VEZ) in respuesta.content.decode()
    [nuevo] = respuesta.context["conflictos"]
    assert nuevo["conflicto"].guardado == "Ana 2"
    assert decidir(luis, respuesta, {nuevo["decision"].html_name: "mio"}).status_code == 302
    final = guardado(informe)
    assert (final.hardware_requerido, final.comunicacion) == ("Luis", "C")


def test_an_autosave_conflict_answers_409_with_the_conflict_pages_address(informe):
    ana, luis = cliente_de(informe.autor), cliente_de(informe.coautores.get())
    pagina_ana, pagina_luis = abrir(informe), abrir(informe)
    ana.post(autoguardar(informe), {**pagina_ana, "comunicacion": "Ana"})
    respuesta = luis.post(autoguardar(informe), {**pagina_luis, "comunicacion": "Luis"})
    datos = respuesta.json()
    assert respuesta.status_code == 409
    assert datos["ok"] is False and datos["conflicto"] is True and datos["mensaje"]
    pagina = luis.get(datos["url"])
    assert pagina.status_code == 200
    assert [i["conflicto"].campo for i in pagina.context["conflictos"]] == ["comunicacion"]
    # The address is the user's own: another editor is sent to the form, seeing nothing.
    ajeno = ana.get(datos["url"])
    assert ajeno.status_code == 302 and ajeno.url == editar(informe)
    assert "Luis" not in ana.get(editar(informe)).content.decode().split("comunicacion")[0]


def test_a_decided_or_unknown_conflict_address_leads_back_to_the_form(informe):
    luis = cliente_de(informe.coautores.get())
    url = reverse("informes:conflicto", args=[informe.pk, "A" * 22])
    respuesta = luis.get(url, follow=True)
    assert respuesta.redirect_chain == [(editar(informe), 302)]
    assert str(MENSAJE_VENCIDO) in respuesta.content.decode()
    assert luis.get(reverse("informes:conflicto", args=[informe.pk, "corta"])).status_code == 302


def test_unchanged_rows_are_never_listed_as_conflicts(informe):
    ana, luis = cliente_de(informe.autor), cliente_de(informe.coautores.get())
    inicio = [{"ruta": "/srv/a", "proposito": "A"}, {"ruta": "/srv/b", "proposito": "B"}]
    variables = [{"nombre": "X", "proposito": "x", "valor_ejemplo": ""}]
    ana.post(editar(informe), {**abrir(informe), **filas("rutas", inicio),
                               **filas("variables_entorno", variables)})  # fmt: skip
    pagina_ana, pagina_luis = abrir(informe), abrir(informe)
    ana.post(editar(informe), {**pagina_ana, **filas("rutas", [{**inicio[0], "proposito": "Ana"},
                                                               inicio[1]])})  # fmt: skip
    suyas = [{**inicio[0], "proposito": "Luis"}, inicio[1]]
    respuesta = luis.post(
        editar(informe), {**pagina_luis, **filas("rutas", suyas), "comunicacion": "Luis"}
    )
    [item] = respuesta.context["conflictos"]
    conflicto = item["conflicto"]
    assert (conflicto.campo, conflicto.mio, conflicto.guardado) == (
        "rutas", {"ruta": "/srv/a", "proposito": "Luis"}, {"ruta": "/srv/a", "proposito": "Ana"},
    )  # fmt: skip
    html = respuesta.content.decode()
    # Neither the path nobody touched nor the untouched list of variables shows.
    assert "/srv/b" not in html and "Variables de Entorno" not in html


def test_files_chosen_with_a_conflicting_save_are_said_to_be_lost(informe):
    ana, luis = cliente_de(informe.autor), cliente_de(informe.coautores.get())
    pagina_ana, pagina_luis = abrir(informe), abrir(informe)
    ana.post(editar(informe), {**pagina_ana, "hardware_requerido": "Ana"})
    post = {
        **pagina_luis,
        "hardware_requerido": "Luis",
        "archivos": SimpleUploadedFile("a.png", png()),
    }
    respuesta = luis.post(editar(informe), post)
    assert respuesta.status_code == 409
    assert "vuelva a elegirlos" in respuesta.content.decode()
    assert not guardado(informe).diagramas.exists()


def test_a_page_without_a_base_meets_every_difference_as_a_conflict(informe):
    luis = cliente_de(informe.coautores.get())
    pagina = abrir(informe)
    del pagina["base"]
    services.informe_guardar(
        informe=informe, editor=informe.autor, contador_esperado=0, campos={"comunicacion": "A"}
    )
    respuesta = luis.post(editar(informe), {**pagina, "hardware_requerido": "Luis"})
    campos = {i["conflicto"].campo for i in respuesta.context["conflictos"]}
    assert campos == {"comunicacion", "hardware_requerido"}


def test_a_sections_note_changed_on_both_pages_is_decided_in_its_own_box(informe):
    Informe.objects.filter(pk=informe.pk).update(notas={"4": "Importada"})
    ana, luis = cliente_de(informe.autor), cliente_de(informe.coautores.get())
    pagina_ana, pagina_luis = abrir(informe), abrir(informe)
    assert pagina_ana["nota__4"] == "Importada"
    ana.post(editar(informe), {**pagina_ana, "nota__4": "De Ana"})
    respuesta = luis.post(editar(informe), {**pagina_luis, "nota__4": "De Luis"})
    assert respuesta.status_code == 409
    assert "Texto sin clasificar de la sección 4" in respuesta.content.decode()
    [item] = respuesta.context["conflictos"]
    decision, caja = item["decision"].html_name, item["recuadro"][0].html_name
    decidir(luis, respuesta, {decision: "editado", caja: "De Ana y de Luis"})
    assert guardado(informe).notas == {"4": "De Ana y de Luis"}
