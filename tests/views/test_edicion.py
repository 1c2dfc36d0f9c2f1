"""The edit pages: permissions, saving, bad input, conflicts, autosave."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from informes import images, services
from informes.forms.filas import ERROR_VARIABLE_DUPLICADA
from informes.models import Diagrama, Estado, Informe
from informes.models.informe import MENSAJE_ESPECIFICADOR, MENSAJE_VERSION
from tests.factories import (
    InformeFactory,
    admin,
    analista,
    informe_grande,
    informe_pequeno,
    revisor,
)
from tests.formularios import datos_formulario, editar_url, error_junto_a, filas, html_de, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def informe():
    return InformeFactory()


@pytest.fixture
def autor(client, informe):
    client.force_login(informe.autor)
    return informe.autor


# --- Who may edit.


def test_author_opens_the_form_with_every_section_heading(client, informe, autor):
    html = html_de(client.get(editar_url(informe)))
    for numero, titulo in [(1, "Detalles del Modelo"), (9, "Monitoreo y Operación del Modelo")]:
        assert f"{numero}. {titulo}" in html
    assert "Guardar borrador" in html and "Vista previa" in html


def test_coauthor_may_edit(client, informe):
    coautor = analista()
    informe.coautores.add(coautor)
    client.force_login(coautor)
    assert client.get(editar_url(informe)).status_code == 200


def test_other_analyst_gets_404_so_the_report_does_not_leak(client, informe):
    client.force_login(analista())
    assert client.get(editar_url(informe)).status_code == 404
    assert client.post(editar_url(informe), datos_formulario(informe)).status_code == 404


@pytest.mark.parametrize("rol", [revisor, admin])
def test_reviewers_and_admins_see_but_may_not_edit(client, informe, rol):
    client.force_login(rol())
    assert client.get(editar_url(informe)).status_code == 403
    respuesta = client.post(editar_url(informe), datos_formulario(informe, nombre_modelo="X"))
    assert respuesta.status_code == 403
    assert Informe.objects.get(pk=informe.pk).nombre_modelo != "X"


def test_anonymous_user_is_sent_to_login(client, informe):
    respuesta = client.get(editar_url(informe))
    assert respuesta.status_code == 302 and respuesta.url.startswith("/cuentas/login/")


@pytest.mark.parametrize("estado", [Estado.EN_REVISION, Estado.APROBADO, Estado.ARCHIVADO])
def test_author_may_not_edit_a_report_out_of_draft(client, informe, autor, estado):
    datos = datos_formulario(informe, nombre_modelo="Cambiado")
    Informe.objects.filter(pk=informe.pk).update(estado=estado)
    assert client.get(editar_url(informe)).status_code == 403
    assert client.post(editar_url(informe), datos).status_code == 403
    url = reverse("informes:autoguardar", args=[informe.pk])
    assert client.post(url, datos).status_code == 403
    assert Informe.objects.get(pk=informe.pk).nombre_modelo != "Cambiado"


def test_author_may_edit_when_changes_were_requested(client, informe, autor):
    Informe.objects.filter(pk=informe.pk).update(estado=Estado.CAMBIOS_SOLICITADOS)
    respuesta = client.post(editar_url(informe), datos_formulario(informe, nombre_modelo="Y"))
    assert respuesta.status_code == 302
    assert Informe.objects.get(pk=informe.pk).nombre_modelo == "Y"


def test_reviewer_may_not_create_a_report(client):
    client.force_login(revisor())
    assert client.get(reverse("informes:nuevo")).status_code == 403


def test_detail_shows_edit_button_only_to_editors(client, informe, autor):
    assert editar_url(informe) in html_de(client.get(informe.get_absolute_url()))
    client.force_login(revisor())
    assert editar_url(informe) not in html_de(client.get(informe.get_absolute_url()))


# --- Saving.


def test_analyst_creates_an_incomplete_draft(client):
    ana = analista()
    client.force_login(ana)
    respuesta = client.post(
        reverse("informes:nuevo"), datos_formulario(nombre_modelo="Solo el nombre")
    )
    informe = Informe.objects.get()
    assert respuesta.status_code == 302 and respuesta.url == editar_url(informe)
    assert (informe.autor, informe.nombre_modelo, informe.estado) == (
        ana,
        "Solo el nombre",
        Estado.BORRADOR,
    )


def test_saving_keeps_rows_and_applies_changes(client, informe, autor):
    datos = datos_formulario(informe, hardware_requerido="8 GB")
    datos.update(filas("rutas", [{"ruta": "/srv/nuevo", "proposito": "Nuevo"}]))
    respuesta = client.post(editar_url(informe), datos)
    assert respuesta.status_code == 302
    informe.refresh_from_db()
    assert informe.hardware_requerido == "8 GB"
    assert informe.contador_cambios == 1
    assert informe.bibliotecas.count() == 4  # untouched rows stay
    assert [r.ruta for r in informe.rutas.all()] == ["/srv/nuevo"]


def test_a_row_marked_delete_is_removed(client, informe, autor):
    datos = datos_formulario(informe, **{"bibliotecas-0-DELETE": "on"})
    client.post(editar_url(informe), datos)
    assert "scikit-learn" not in informe.bibliotecas.values_list("nombre", flat=True)


def test_no_aplica_reason_is_stored(client, informe, autor):
    datos = datos_formulario(informe, **{"no_aplica__rutas": "No lee archivos"})
    client.post(editar_url(informe), datos)
    assert Informe.objects.get(pk=informe.pk).no_aplica == {"rutas": "No lee archivos"}


# --- Bad input: a message next to the field, values kept, nothing saved, never a 500.


def assert_nada_guardado(informe):
    guardado = Informe.objects.get(pk=informe.pk)
    assert guardado.contador_cambios == informe.contador_cambios
    assert guardado.hardware_requerido == informe.hardware_requerido


def test_over_long_text_is_refused_next_to_its_field(client, informe, autor):
    datos = datos_formulario(informe, nombre_modelo="x" * 201, hardware_requerido="Tecleado")
    respuesta = client.post(editar_url(informe), datos)
    html = html_de(respuesta)
    assert respuesta.status_code == 400
    assert "200" in error_junto_a(html, "id_nombre_modelo")
    assert "Tecleado" in html and "x" * 201 in html
    assert_nada_guardado(informe)


def test_over_long_markdown_is_refused(client, informe, autor):
    datos = datos_formulario(informe, linaje_modelos="y" * 20_001, hardware_requerido="Tecleado")
    respuesta = client.post(editar_url(informe), datos)
    assert respuesta.status_code == 400
    assert error_junto_a(html_de(respuesta), "id_linaje_modelos")
    assert_nada_guardado(informe)


def test_invisible_control_characters_are_refused_next_to_their_field(client, informe, autor):
    datos = datos_formulario(
        informe, descripcion_modelo="Pegado\x01 de otro sistema", hardware_requerido="Tecleado"
    )
    respuesta = client.post(editar_url(informe), datos)
    assert respuesta.status_code == 400
    assert "caracteres de control" in error_junto_a(html_de(respuesta), "id_descripcion_modelo")
    assert "Tecleado" in html_de(respuesta)
    assert_nada_guardado(informe)


def test_malformed_python_version_is_refused(client, informe, autor):
    datos = datos_formulario(informe, version_python="tres once", hardware_requerido="Tecleado")
    respuesta = client.post(editar_url(informe), datos)
    assert str(MENSAJE_VERSION) in error_junto_a(html_de(respuesta), "id_version_python")
    assert "tres once" in html_de(respuesta)
    assert_nada_guardado(informe)


def test_malformed_library_version_is_refused(client, informe, autor):
    datos = datos_formulario(
        informe, **{"bibliotecas-1-version": "la última", "hardware_requerido": "Tecleado"}
    )
    respuesta = client.post(editar_url(informe), datos)
    html = html_de(respuesta)
    assert respuesta.status_code == 400
    assert str(MENSAJE_ESPECIFICADOR) in error_junto_a(html, "id_bibliotecas-1-version")
    assert "la última" in html
    assert_nada_guardado(informe)


def test_duplicate_environment_variable_names_are_refused(client, informe, autor):
    datos = datos_formulario(informe, hardware_requerido="Tecleado")
    datos.update(
        filas(
            "variables_entorno",
            [
                {"nombre": "MODEL_PATH", "proposito": "a"},
                {"nombre": "MODEL_PATH", "proposito": "b"},
            ],
        )
    )
    respuesta = client.post(editar_url(informe), datos)
    esperado = str(ERROR_VARIABLE_DUPLICADA % {"nombre": "MODEL_PATH"})
    assert respuesta.status_code == 400
    assert esperado in error_junto_a(html_de(respuesta), "id_variables_entorno-1-nombre")
    assert_nada_guardado(informe)


def bomba() -> bytes:
    salida = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(salida, format="PNG")
    return salida.getvalue()


@pytest.mark.parametrize(
    "nombre,datos,mensaje",
    [
        ("diagrama.png", b"no soy una imagen", images.ERROR_NO_IMAGEN),
        ("diagrama.png", png()[:60], None),  # truncated: either message is right
        ("bomba.png", "bomba", images.ERROR_PIXELES),
        ("diagrama.jpg", png(), images.ERROR_NO_COINCIDE),
        ("diagrama.gif", png(), images.ERROR_EXTENSION),
        ("plano.html.png", png(), images.ERROR_DOBLE_EXTENSION),
    ],
)
def test_bad_uploads_are_refused_next_to_the_field(
    client, informe, autor, media_temporal, nombre, datos, mensaje
):
    datos = bomba() if datos == "bomba" else datos
    post = datos_formulario(informe, hardware_requerido="Tecleado")
    post["archivos"] = SimpleUploadedFile(nombre, datos)
    respuesta = client.post(editar_url(informe), post)
    html = html_de(respuesta)
    assert respuesta.status_code == 400
    error = error_junto_a(html, "id_archivos")
    if mensaje is None:
        assert str(images.ERROR_TRUNCADA) in error or str(images.ERROR_NO_IMAGEN) in error
    else:
        assert str(mensaje) in error
    assert "Tecleado" in html
    assert_nada_guardado(informe)
    assert not Diagrama.objects.exists()
    assert not media_temporal.exists() or not any(p.is_file() for p in media_temporal.rglob("*"))


def test_png_and_svg_uploads_are_stored_as_raster_images(client, informe, autor):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40"><script>x()</script><rect width="80" height="40" fill="blue"/></svg>'  # noqa: E501
    post = datos_formulario(informe, leyenda_nueva="Vista general")
    post["archivos"] = [
        SimpleUploadedFile("flujo.png", png()),
        SimpleUploadedFile("arquitectura.svg", svg),
    ]
    assert client.post(editar_url(informe), post).status_code == 302
    diagramas = list(informe.diagramas.all())
    assert [d.titulo for d in diagramas] == ["flujo", "arquitectura"]
    assert all(d.imagen.name.endswith(".png") for d in diagramas)
    assert diagramas[1].leyenda == "Vista general"
    html = html_de(client.get(editar_url(informe)))
    assert reverse("informes:diagrama", args=[informe.pk, diagramas[0].pk]) in html


def test_diagrams_move_down_without_javascript(client, informe, autor):
    post = datos_formulario(informe)
    post["archivos"] = [SimpleUploadedFile("a.png", png()), SimpleUploadedFile("b.png", png())]
    client.post(editar_url(informe), post)
    informe.refresh_from_db()
    client.post(editar_url(informe), datos_formulario(informe, accion="mover:0:abajo"))
    assert [d.titulo for d in informe.diagramas.all()] == ["b", "a"]


# --- Round trips that do not save.


def test_add_rows_without_javascript_keeps_every_value(client, informe, autor):
    datos = datos_formulario(informe, accion="agregar_filas", hardware_requerido="Tecleado")
    respuesta = client.post(editar_url(informe), datos)
    html = html_de(respuesta)
    assert 'name="bibliotecas-TOTAL_FORMS" value="8"' in html
    assert "Tecleado" in html
    assert_nada_guardado(informe)


def test_pasted_requirements_become_ordinary_rows_without_saving(client, informe, autor):
    datos = datos_formulario(
        informe, accion="requisitos", requisitos="torch==2.5.1\n-r base.txt\nnumpy>=2,<3\n"
    )
    html = html_de(client.post(editar_url(informe), datos))
    assert 'value="torch"' in html and 'value="2.5.1"' in html
    assert 'value="numpy"' in html and 'value="&gt;=2,&lt;3"' in html
    assert "-r base.txt" in html  # reported as skipped
    assert informe.bibliotecas.count() == 4


def test_preview_renders_the_whole_report_sanitized_without_saving(client, informe, autor):
    datos = datos_formulario(
        informe,
        accion="vista_previa",
        descripcion_modelo="**negrita** <script>alert(1)</script>",
    )
    respuesta = client.post(editar_url(informe), datos)
    html = html_de(respuesta)
    assert "<strong>negrita</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert Informe.objects.get(pk=informe.pk).descripcion_modelo != datos["descripcion_modelo"]


def test_markdown_preview_endpoint_sanitizes_and_keeps_only_own_diagrams(client, informe, autor):
    url = reverse("informes:vista_previa_markdown_informe", args=[informe.pk])
    texto = (
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n[x](javascript:alert(1)) "
        '<img src="x" onerror="alert(1)"> ![ajena](http://example.org/a.png)'
    )
    html = client.post(url, {"texto": texto}).json()["html"]
    assert "<table>" in html
    assert "javascript:" not in html and "onerror" not in html and "example.org" not in html


def test_markdown_preview_requires_the_csrf_token(informe):
    client = Client(enforce_csrf_checks=True)
    client.force_login(informe.autor)
    url = reverse("informes:vista_previa_markdown_informe", args=[informe.pk])
    assert client.post(url, {"texto": "hola"}).status_code == 403


def test_markdown_preview_of_another_analysts_report_is_404(client, informe):
    client.force_login(analista())
    url = reverse("informes:vista_previa_markdown_informe", args=[informe.pk])
    assert client.post(url, {"texto": "hola"}).status_code == 404


# --- Optimistic locking.


def test_second_save_of_the_same_draft_gets_the_conflict_page(client, informe, autor):
    primero = datos_formulario(informe, hardware_requerido="Del primero")
    segundo = datos_formulario(informe, hardware_requerido="Del segundo")
    assert client.post(editar_url(informe), primero).status_code == 302
    respuesta = client.post(editar_url(informe), segundo)
    html = html_de(respuesta)
    assert respuesta.status_code == 409
    assert "Conflicto de edición" in html
    assert "Del primero" in html and "Del segundo" in html
    assert Informe.objects.get(pk=informe.pk).hardware_requerido == "Del primero"
    # Re-submitting the same form never overwrites: it meets the same conflict.
    assert client.post(editar_url(informe), segundo).status_code == 409
    # Deciding the field on the conflict page stores the choice.
    [conflicto] = respuesta.context["conflictos"]
    decision = conflicto["decision"].html_name
    assert client.post(respuesta.context["accion"], {decision: "mio"}).status_code == 302
    assert Informe.objects.get(pk=informe.pk).hardware_requerido == "Del segundo"


# --- Autosave.


def autoguardar_url(informe):
    return reverse("informes:autoguardar", args=[informe.pk])


def test_autosave_saves_the_draft_and_returns_the_new_counter(client, informe, autor):
    respuesta = client.post(autoguardar_url(informe), datos_formulario(informe, comunicacion="Z"))
    datos = respuesta.json()
    assert respuesta.status_code == 200 and datos["ok"] and datos["contador"] == 1
    assert datos["mensaje"].startswith("Guardado ")
    assert Informe.objects.get(pk=informe.pk).comunicacion == "Z"


def test_autosave_with_a_stale_counter_reports_a_conflict(client, informe, autor):
    client.post(autoguardar_url(informe), datos_formulario(informe, comunicacion="Z"))
    respuesta = client.post(autoguardar_url(informe), datos_formulario(informe, comunicacion="W"))
    assert respuesta.status_code == 409 and respuesta.json()["conflicto"]
    assert Informe.objects.get(pk=informe.pk).comunicacion == "Z"


def test_autosave_with_invalid_values_saves_nothing(client, informe, autor):
    respuesta = client.post(
        autoguardar_url(informe), datos_formulario(informe, version_python="mala")
    )
    assert respuesta.status_code == 400
    assert Informe.objects.get(pk=informe.pk).contador_cambios == 0


def test_autosave_never_deletes_a_diagram(client, informe, autor):
    post = datos_formulario(informe)
    post["archivos"] = SimpleUploadedFile("a.png", png())
    client.post(editar_url(informe), post)
    informe.refresh_from_db()
    datos = datos_formulario(informe, **{"diagramas-0-DELETE": "on"})
    assert client.post(autoguardar_url(informe), datos).status_code == 200
    assert informe.diagramas.count() == 1


def test_autosave_of_an_expired_session_answers_401(client, informe):
    respuesta = client.post(autoguardar_url(informe), datos_formulario(informe))
    assert respuesta.status_code == 401 and respuesta.json()["sesion_expirada"]


def test_autosave_by_a_reviewer_is_refused(client, informe):
    client.force_login(revisor())
    assert client.post(autoguardar_url(informe), datos_formulario(informe)).status_code == 403


def test_first_autosave_of_a_new_report_creates_it(client):
    client.force_login(analista())
    respuesta = client.post(
        reverse("informes:autoguardar_nuevo"), datos_formulario(nombre_modelo="Autoguardado")
    )
    informe = Informe.objects.get()
    assert respuesta.json()["urls"]["accion"] == editar_url(informe)
    assert informe.nombre_modelo == "Autoguardado"


def test_conflict_message_is_a_named_constant():
    assert "Otra persona" in str(services.ERROR_CONFLICTO)


@pytest.mark.parametrize(
    "cambios",
    [
        {"bibliotecas-TOTAL_FORMS": "100000"},
        {"bibliotecas-TOTAL_FORMS": "no"},
        {"contador_cambios": "-1"},
        {"contador_cambios": "abc"},
        {"diagramas-0-pk": "999999", "diagramas-TOTAL_FORMS": "1"},
        {"accion": "mover:x:arriba"},
        {"accion": "desconocida"},
    ],
)
def test_tampered_posts_never_cause_a_500(client, informe, autor, cambios):
    datos = datos_formulario(informe, **cambios)
    if "bibliotecas-TOTAL_FORMS" in cambios and cambios["bibliotecas-TOTAL_FORMS"] == "no":
        datos.pop("bibliotecas-INITIAL_FORMS")
    respuesta = client.post(editar_url(informe), datos)
    assert respuesta.status_code in (302, 400)


@pytest.mark.parametrize("lector", ["autor", "coautor"])
def test_the_edit_page_costs_the_same_queries_for_a_small_and_a_large_report(client, lector):
    contados = {}
    for nombre, informe in (("pequeno", informe_pequeno()), ("grande", informe_grande())):
        if lector == "coautor":
            informe.coautores.add(analista())
        editor = informe.autor if lector == "autor" else informe.coautores.last()
        client.force_login(editor)
        client.get(editar_url(informe))
        with CaptureQueriesContext(connection) as capturadas:
            respuesta = client.get(editar_url(informe))
        assert respuesta.status_code == 200
        contados[nombre] = len(capturadas)
    assert contados["pequeno"] == contados["grande"], contados
