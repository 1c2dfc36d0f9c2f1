"""Possible credentials in a report: beside each field of the form, on the report's page, in
the import summary and the API's findings; «Enviar a revisión» refused until each is removed
or marked by an author as a harmless example, the mark kept, shown and in the audit trail."""

import io
import logging
import random
import string

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from informes import demo, limites, plantilla, services
from informes.exporters import markdown
from informes.models import AccionAuditoria, Estado, EventoAuditoria, Informe, VariableEntorno
from informes.secretos import en_informe, hallazgos
from informes.secretos.en_informe import hallazgos_informe, hallazgos_lectura, pendientes
from tests.factories import analista, informe_completo, informe_demo, revisor
from tests.formularios import datos_formulario

pytestmark = pytest.mark.django_db

AZAR = random.Random(2026)
CLAVE_URL = "".join(AZAR.choice(string.ascii_letters + string.digits) for _ in range(14))
URL = f"postgres://ciiu_app:{CLAVE_URL}@db.interno:5432/ciiu"
CLAVE_VARIABLE = "Bogota" + "".join(AZAR.choice(string.digits) for _ in range(4)) + "!"
TOKEN = "ghp_" + "".join(AZAR.choice(string.ascii_letters + string.digits) for _ in range(36))
SECRETOS = (CLAVE_URL, CLAVE_VARIABLE, TOKEN)


def png() -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (40, 20), "blue").save(salida, format="PNG")
    return salida.getvalue()


def con_secretos(**kwargs) -> Informe:
    """A complete draft holding a password in a URL (a Markdown label), a password as a
    variable's example and a GitHub token in a diagram's caption."""
    informe = informe_completo(**kwargs)
    Informe.objects.filter(pk=informe.pk).update(
        instrucciones_configuracion=f"Definir en `.env`:\n\n```sh\nDATABASE_URL={URL}\n```",
        no_aplica={},
    )
    VariableEntorno.objects.create(
        informe=informe, orden=9, nombre="DB_PASSWORD", valor_ejemplo=CLAVE_VARIABLE
    )
    services.diagrama_agregar(
        informe=informe,
        archivo=SimpleUploadedFile("plano.png", png()),
        titulo="Plano",
        leyenda=f"Publicado con {TOKEN}",
    )
    return Informe.objects.get(pk=informe.pk)


def sin_secretos(texto: str) -> None:
    for secreto in SECRETOS:
        assert secreto not in texto


# --- Where each finding is, as the API and the pages read it.


def test_a_reports_findings_say_label_row_column_and_description():
    informe = con_secretos()
    encontrados = hallazgos_informe(informe)
    donde = [(h["campo"], h["columna"], h["fila"], h["tipo"]) for h in encontrados]
    filas = len(demo.VARIABLES)
    assert donde == [
        ("diagramas", "leyenda", 0, "github"),
        ("variables_entorno", "valor_ejemplo", filas, "variable_secreta"),
        ("instrucciones_configuracion", "", None, "url_con_clave"),
    ]
    url = encontrados[2]
    assert url["etiqueta"] == "Instrucciones de Configuración" and url["seccion"] == 8
    assert url["descripcion"] == "Contraseña dentro de una URL"
    assert url["extracto"] == "postgres://ciiu_app:••••@db.interno:5432"
    assert not url["inofensivo"] and url["marcado_por"] == ""
    assert encontrados[1]["descripcion"] == "Valor con aspecto de credencial en «DB_PASSWORD»"
    sin_secretos(repr(encontrados))
    assert pendientes(informe) == encontrados


def test_a_no_aplica_reason_is_read_too():
    informe = informe_completo()
    Informe.objects.filter(pk=informe.pk).update(no_aplica={"diagramas": f"Ver {URL}"})
    (hallazgo,) = hallazgos_informe(Informe.objects.get(pk=informe.pk))
    assert (hallazgo["campo"], hallazgo["columna"]) == ("diagramas", "no_aplica")


def test_the_fingerprint_does_not_depend_on_the_rows_order():
    informe = con_secretos()
    antes = {h["huella"] for h in hallazgos_informe(informe)}
    VariableEntorno.objects.filter(informe=informe, nombre="DB_PASSWORD").update(orden=0)
    VariableEntorno.objects.filter(informe=informe).exclude(nombre="DB_PASSWORD").update(orden=5)
    despues = hallazgos_informe(Informe.objects.get(pk=informe.pk))
    assert {h["huella"] for h in despues} == antes
    assert despues[0]["fila"] == 0


# --- The demo and the template's own examples hold no credential.


def test_the_demo_report_holds_no_credential(media_temporal):
    informe = informe_demo()
    assert hallazgos_informe(informe) == []
    assert hallazgos(markdown.exportar(informe)) == []


def test_the_templates_examples_hold_no_credential():
    for etiqueta in plantilla.ETIQUETAS:
        assert hallazgos(etiqueta.ejemplo) == [], etiqueta.campo
        assert hallazgos(etiqueta.pista) == [], etiqueta.campo
    assert hallazgos(plantilla.RUTA_PLANTILLA.read_text(encoding="utf-8")) == []


def test_the_demo_loads_and_can_be_sent(media_temporal):
    informe = informe_demo()
    enviado = services.informe_enviar(informe=informe, usuario=informe.autor)
    assert enviado.estado == Estado.EN_REVISION


# --- Beside the field in the form.


def test_the_form_warns_beside_each_text_row_caption_and_reason(client):
    informe = con_secretos()
    Informe.objects.filter(pk=informe.pk).update(no_aplica={"linaje_modelos": f"Ver {URL}"})
    client.force_login(informe.autor)
    html = client.get(reverse("informes:editar", args=[informe.pk])).content.decode()
    assert html.count("data-aviso-secreto=") == 4
    filas = len(demo.VARIABLES)
    for id_campo in (
        "id_instrucciones_configuracion",
        f"id_variables_entorno-{filas}-valor_ejemplo",
        "id_diagramas-0-leyenda",
        "id_no_aplica__linaje_modelos",
    ):
        campo = html.index(f'id="{id_campo}"')
        # The warning follows its input before any other input of the form.
        aviso = html.index("data-aviso-secreto=", campo)
        assert "<input" not in html[campo + 10 : aviso] and "<textarea" not in html[campo:aviso]
    assert "Contraseña dentro de una URL" in html and "Token de GitHub" in html
    assert "postgres://ciiu_app:••••@db.interno:5432" in html
    assert f'href="/informes/{informe.pk}/#secretos"' in html


def test_the_form_warns_about_typed_values_it_sends_back(client):
    informe = informe_completo()
    client.force_login(informe.autor)
    datos = datos_formulario(
        informe, instalacion=f"Conectar a {URL}", version_python="no es una versión"
    )
    respuesta = client.post(reverse("informes:editar", args=[informe.pk]), datos)
    assert respuesta.status_code == 400  # sent back with the version's error
    html = respuesta.content.decode()
    assert html.count("data-aviso-secreto=") == 1
    assert html.index('id="id_instalacion"') < html.index("data-aviso-secreto=")


def test_the_new_report_form_warns_too(client):
    autor = analista()
    client.force_login(autor)
    datos = datos_formulario(None, autenticacion=f"Token {TOKEN}", version_python="x.y")
    html = client.post(reverse("informes:nuevo"), datos).content.decode()
    assert html.count("data-aviso-secreto=") == 1 and "Token de GitHub" in html
    sin_secretos(html.split('name="autenticacion"')[0])


# --- On the report's page.


def test_the_page_lists_the_findings_with_a_link_to_each_field(client):
    informe = con_secretos()
    client.force_login(informe.autor)
    html = client.get(informe.get_absolute_url()).content.decode()
    assert 'id="secretos"' in html
    assert f'href="/informes/{informe.pk}/editar/#id_instrucciones_configuracion"' in html
    assert html.count('name="huella"') == 3
    assert "Marcar como ejemplo inofensivo" in html


def test_a_reviewer_sees_the_findings_without_the_button():
    informe = con_secretos()
    cliente = Client()
    cliente.force_login(revisor())
    html = cliente.get(informe.get_absolute_url()).content.decode()
    assert 'id="secretos"' in html and 'name="huella"' not in html
    assert 'href="#seccion-8"' in html


# --- «Enviar a revisión» is refused until each finding is removed or marked.


def test_send_is_refused_listing_each_finding_with_a_link_to_its_field(client):
    informe = con_secretos()
    client.force_login(informe.autor)
    respuesta = client.post(reverse("informes:enviar", args=[informe.pk]), follow=True)
    html = respuesta.content.decode()
    assert 'data-testid="secretos-pendientes"' in html
    editar = f"/informes/{informe.pk}/editar/"
    filas = len(demo.VARIABLES)
    for ancla in (
        "id_instrucciones_configuracion",
        f"id_variables_entorno-{filas}-valor_ejemplo",
        "id_diagramas-0-leyenda",
    ):
        assert f'href="{editar}#{ancla}"' in html
    assert Informe.objects.get(pk=informe.pk).estado == Estado.BORRADOR
    (mensaje,) = [str(m) for m in get_messages(respuesta.wsgi_request)]
    assert mensaje.startswith(str(services.MENSAJE_SECRETOS))
    sin_secretos(mensaje)


def test_the_service_refuses_every_path_alike():
    informe = con_secretos()
    with pytest.raises(services.InformeConSecretos) as error:
        services.informe_enviar(informe=informe, usuario=informe.autor)
    assert [h["tipo"] for h in error.value.hallazgos] == [
        "github",
        "variable_secreta",
        "url_con_clave",
    ]
    assert not EventoAuditoria.objects.filter(informe=informe, accion="enviar").exists()


def test_an_incomplete_report_says_so_first():
    informe = con_secretos()
    Informe.objects.filter(pk=informe.pk).update(nombre_modelo="")
    with pytest.raises(services.InformeIncompleto):
        services.informe_enviar(informe=informe, usuario=informe.autor)


def test_removing_the_credentials_lets_the_report_go(client):
    informe = con_secretos()
    Informe.objects.filter(pk=informe.pk).update(instrucciones_configuracion="Ver el README.")
    VariableEntorno.objects.filter(informe=informe, nombre="DB_PASSWORD").update(valor_ejemplo="")
    informe.diagramas.update(leyenda="Publicado con un token de la organización")
    enviado = services.informe_enviar(informe=informe, usuario=informe.autor)
    assert enviado.estado == Estado.EN_REVISION


# --- The harmless mark: who, when, shown, in the audit trail.


def marcar(client, informe, huella):
    return client.post(
        reverse("informes:marcar_inofensivo", args=[informe.pk]), {"huella": huella}, follow=True
    )


def test_marking_every_finding_lets_the_report_go_and_the_trail_records_each(client):
    informe = con_secretos()
    coautor = analista()
    informe.coautores.add(coautor)
    client.force_login(coautor)
    contador = informe.contador_cambios
    for hallazgo in hallazgos_informe(informe):
        respuesta = marcar(client, informe, hallazgo["huella"])
        assert respuesta.redirect_chain[-1][0] == f"/informes/{informe.pk}/#secretos"
        assert "Se marcó como ejemplo inofensivo" in respuesta.content.decode()
    informe.refresh_from_db()
    assert informe.contador_cambios == contador  # an open form is not made stale
    assert pendientes(informe) == []
    marcas = informe.secretos_inofensivos
    assert {m["usuario"] for m in marcas.values()} == {coautor.username}
    assert {m["version"] for m in marcas.values()} == {1}
    eventos = EventoAuditoria.objects.filter(
        informe=informe, accion=AccionAuditoria.MARCAR_INOFENSIVO
    )
    assert eventos.count() == 3 and {e.usuario for e in eventos} == {coautor}
    comentarios = " ".join(e.comentario for e in eventos)
    assert "«Instrucciones de Configuración»: Contraseña dentro de una URL" in comentarios
    assert "postgres://ciiu_app:••••@db.interno:5432" in comentarios
    sin_secretos(comentarios + repr(marcas))
    enviado = services.informe_enviar(informe=informe, usuario=informe.autor)
    assert enviado.estado == Estado.EN_REVISION


def test_reviewers_see_who_marked_each_example_on_the_page_and_in_the_history():
    informe = con_secretos()
    for hallazgo in hallazgos_informe(informe):
        services.secreto_marcar_inofensivo(
            informe=informe, usuario=informe.autor, huella=hallazgo["huella"]
        )
    services.informe_enviar(informe=informe, usuario=informe.autor)
    cliente = Client()
    cliente.force_login(revisor())
    pagina = cliente.get(informe.get_absolute_url()).content.decode()
    assert pagina.count('data-testid="inofensivo"') == 3
    assert f"Ejemplo inofensivo según {informe.autor.username}" in pagina
    historial = cliente.get(reverse("informes:historial", args=[informe.pk])).content.decode()
    assert historial.count("Ejemplo inofensivo marcado") == 3
    assert "postgres://ciiu_app:••••@db.interno:5432" in historial


def test_the_form_shows_a_marked_example_as_marked():
    informe = con_secretos()
    (hallazgo, *_) = hallazgos_informe(informe)
    services.secreto_marcar_inofensivo(
        informe=informe, usuario=informe.autor, huella=hallazgo["huella"]
    )
    cliente = Client()
    cliente.force_login(informe.autor)
    html = cliente.get(reverse("informes:editar", args=[informe.pk])).content.decode()
    assert "marcado como ejemplo inofensivo por" in html
    assert html.count("alert alert-warning py-1") == 2


def test_marking_twice_records_once():
    informe = con_secretos()
    huella = hallazgos_informe(informe)[0]["huella"]
    for _ in range(2):
        services.secreto_marcar_inofensivo(informe=informe, usuario=informe.autor, huella=huella)
    assert EventoAuditoria.objects.filter(accion=AccionAuditoria.MARCAR_INOFENSIVO).count() == 1


def test_a_finding_no_longer_there_cannot_be_marked(client):
    informe = con_secretos()
    huella = hallazgos_informe(informe)[-1]["huella"]
    Informe.objects.filter(pk=informe.pk).update(instrucciones_configuracion="Ver el README.")
    client.force_login(informe.autor)
    respuesta = marcar(client, informe, huella)
    assert str(services.MENSAJE_HALLAZGO_INEXISTENTE) in respuesta.content.decode()
    assert Informe.objects.get(pk=informe.pk).secretos_inofensivos == {}
    assert not EventoAuditoria.objects.filter(accion=AccionAuditoria.MARCAR_INOFENSIVO).exists()


def test_a_reviewer_cannot_mark_and_a_marked_text_that_changes_is_found_again():
    informe = con_secretos()
    huella = hallazgos_informe(informe)[-1]["huella"]
    with pytest.raises(services.NoPermitido):
        services.secreto_marcar_inofensivo(informe=informe, usuario=revisor(), huella=huella)
    services.secreto_marcar_inofensivo(informe=informe, usuario=informe.autor, huella=huella)
    otra = URL.replace(CLAVE_URL, CLAVE_URL[::-1])
    Informe.objects.filter(pk=informe.pk).update(instrucciones_configuracion=otra)
    (nuevo,) = [
        h for h in pendientes(Informe.objects.get(pk=informe.pk)) if h["tipo"] == "url_con_clave"
    ]
    assert nuevo["huella"] != huella


def test_a_new_version_keeps_its_examples_marks():
    informe = con_secretos()
    for hallazgo in hallazgos_informe(informe):
        services.secreto_marcar_inofensivo(
            informe=informe, usuario=informe.autor, huella=hallazgo["huella"]
        )
    services.informe_enviar(informe=informe, usuario=informe.autor)
    aprobador = revisor()
    services.informe_aprobar(informe=Informe.objects.get(pk=informe.pk), revisor=aprobador)
    nueva = services.informe_nueva_version(
        informe=Informe.objects.get(pk=informe.pk), usuario=informe.autor
    )
    assert pendientes(nueva) == []
    assert {m["version"] for m in nueva.secretos_inofensivos.values()} == {1}


# --- The import summary.


def test_the_import_summary_lists_the_findings_masked(client):
    autor = analista()
    client.force_login(autor)
    texto = (
        "### 1. Detalles del Modelo\n- **Nombre del Modelo:** Modelo importado\n"
        "### 7. Código de Despliegue\n- **Variables de Entorno:**\n"
        f"  - `DB_PASSWORD`: clave de la base (ejemplo: `{CLAVE_VARIABLE}`)\n"
        f"### 8. Documentación del Despliegue\n- **Instalación:** conectar a {URL}\n"
    )
    respuesta = client.post(
        reverse("informes:importar"),
        {"archivo": SimpleUploadedFile("informe.md", texto.encode())},
        follow=True,
    )
    html = respuesta.content.decode()
    assert 'data-testid="secretos"' in html
    assert "Contraseña dentro de una URL" in html and "«DB_PASSWORD»" in html
    assert "Variables de Entorno · fila 1" in html
    sin_secretos(html)
    sin_secretos(repr(dict(client.session.items())))


def test_a_readings_findings_are_those_of_the_draft_it_makes():
    texto = f"### 8. Documentación del Despliegue\n- **Instalación:** conectar a {URL}\n"
    informe, lectura = services.informe_importar(autor=analista(), texto=texto)
    assert hallazgos_lectura(lectura) == hallazgos_informe(informe)


def test_no_credential_reaches_the_logs(client, caplog):
    informe = con_secretos()
    client.force_login(informe.autor)
    with caplog.at_level(logging.DEBUG):
        client.post(reverse("informes:enviar", args=[informe.pk]))
        for hallazgo in hallazgos_informe(informe):
            marcar(client, informe, hallazgo["huella"])
    sin_secretos(caplog.text)


def test_ubicar_reads_each_text_once():
    textos = list(en_informe.textos_de_informe(con_secretos()))
    assert len({(t.campo, t.columna, t.fila) for t in textos}) == len(textos)


# --- A report full of credentials makes short lists, not pages of warnings.


def test_lists_stop_at_their_limits_and_say_how_many_more(client):
    informe = informe_completo()
    lineas = "\n".join(f"DB{i}_PASSWORD=Bogota{i:04d}!" for i in range(45))
    Informe.objects.filter(pk=informe.pk).update(instalacion=lineas)
    client.force_login(informe.autor)
    formulario = client.get(reverse("informes:editar", args=[informe.pk])).content.decode()
    assert formulario.count("data-aviso-secreto=") == limites.HALLAZGOS_POR_CAMPO
    assert "y 42 posibles credenciales más" in formulario
    pagina = client.get(informe.get_absolute_url()).content.decode()
    assert pagina.count('name="huella"') == limites.HALLAZGOS_LISTADOS
    assert "y 25 posibles credenciales más" in pagina
    respuesta = client.post(reverse("informes:enviar", args=[informe.pk]), follow=True)
    (mensaje,) = [str(m) for m in get_messages(respuesta.wsgi_request)]
    assert mensaje.count("<li>") == limites.HALLAZGOS_LISTADOS + 1
    assert "y 25 posibles credenciales más" in mensaje


def test_a_sections_unclassified_text_is_read_and_warned_beside_its_box(client):
    informe = informe_demo()
    Informe.objects.filter(pk=informe.pk).update(notas={"3": f"Conexión: {URL}"})
    informe = Informe.objects.get(pk=informe.pk)
    [hallazgo] = hallazgos_informe(informe)
    assert (hallazgo["campo"], hallazgo["seccion"]) == ("notas.3", 3)
    assert hallazgo["etiqueta"] == "Texto sin clasificar de la sección 3"
    client.force_login(informe.autor)
    html = client.get(reverse("informes:editar", args=[informe.pk])).content.decode()
    caja = html.index('id="id_nota__3"')
    assert html.index("data-aviso-secreto=", caja) > caja
    assert "postgres://ciiu_app:••••@db.interno:5432" in html[caja:]
    detalle = client.get(reverse("informes:detalle", args=[informe.pk])).content.decode()
    assert f"/informes/{informe.pk}/editar/#id_nota__3" in detalle
