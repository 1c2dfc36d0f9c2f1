"""Limits that agree: one set of numbers (informes/limites/) for Django, the forms,
the services and the help text, and every limit a user can reach answered by the
app beside the form, the typed text kept, never Django's bare 400."""

import io
from html import unescape
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from informes import demo, images, limites, plantilla, services
from informes.forms import FormularioInforme
from informes.forms.diagramas import ERROR_DEMASIADOS, DiagramasExistentesFormSet
from informes.forms.filas import ERROR_FILAS, FORMSETS_FILAS
from informes.models import Diagrama, Informe
from informes.models.informe import LARGO_LINEA, LARGO_MARKDOWN
from tests.factories import InformeFactory
from tests.formularios import controles, error_junto_a

pytestmark = pytest.mark.django_db


def png(ancho=40, alto=30, modo="RGB") -> bytes:
    salida = io.BytesIO()
    Image.new(modo, (ancho, alto), "white").save(salida, format="PNG")
    return salida.getvalue()


def filas_maximas(n: int) -> dict[str, list[dict]]:
    return {
        "bibliotecas": [{"nombre": f"paquete-{i}", "version": f"1.0.{i}"} for i in range(n)],
        "rutas": [{"ruta": f"/srv/modelos/{i}", "proposito": "Modelo"} for i in range(n)],
        "variables_entorno": [
            {"nombre": f"VARIABLE_{i}", "proposito": "Uso", "valor_ejemplo": str(i)}
            for i in range(n)
        ],
    }


def informe_maximo(
    *, diagramas: int = limites.DIAGRAMAS_POR_INFORME, filas: int = limites.FILAS_MAXIMAS
) -> Informe:
    """A draft at every cap of the app: the one-line labels at their longest and the
    Markdown ones sharing the rest of the report's text budget, ``filas`` rows in
    each list, ``diagramas`` diagrams (beyond the cap only as an older report)."""
    campos = dict(demo.CAMPOS)
    textos = [e for e in plantilla.ETIQUETAS if e.campo in plantilla.CAMPOS_SIMPLES]
    markdown = [e.campo for e in textos if e.tipo == plantilla.Tipo.MARKDOWN]
    lineas = [e.campo for e in textos if e.tipo != plantilla.Tipo.MARKDOWN]
    # An import's unclassified text in every section: one more box each.
    notas = {str(s.numero): "Texto importado" for s in plantilla.SECCIONES}
    resto = (
        limites.TEXTO_POR_INFORME
        - LARGO_LINEA * (len(lineas) - 1)
        - len(campos["version_python"])
        - sum(map(len, notas.values()))
    )
    for campo in lineas + markdown:
        if campo != "version_python":
            largo = LARGO_LINEA if campo in lineas else min(LARGO_MARKDOWN, resto // len(markdown))
            campos[campo] = ("Texto del informe " * largo)[:largo]
    autor = InformeFactory.create(filas=False).autor
    informe = services.informe_crear(
        autor=autor, campos=campos, filas=filas_maximas(filas), notas=notas
    )
    for i in range(diagramas):
        if i < limites.DIAGRAMAS_POR_INFORME:
            archivo = ContentFile(png(), name=f"d{i}.png")
            services.diagrama_agregar(informe=informe, archivo=archivo, titulo=f"Diagrama {i}")
        else:  # made before the cap existed
            imagen = ContentFile(png(), name=f"antiguo{i}.png")
            Diagrama.objects.create(informe=informe, titulo=f"Antiguo {i}", orden=i, imagen=imagen)
    return informe


def editar_url(informe) -> str:
    return reverse("informes:editar", args=[informe.pk])


def autoguardar_url(informe) -> str:
    return reverse("informes:autoguardar", args=[informe.pk])


@pytest.fixture
def maximo(client):
    informe = informe_maximo()
    client.force_login(informe.autor)
    return informe


@pytest.fixture
def lleno(client):
    """A draft holding every diagram a report may have, and a few rows."""
    informe = informe_maximo(filas=2)
    client.force_login(informe.autor)
    return informe


# --- One set of numbers.


def test_every_upload_budget_fits_well_below_the_worker_timeout():
    # The worst save: every file an SVG killed at its own budget...
    assert limites.ARCHIVOS_POR_SUBIDA * limites.SVG_SEGUNDOS < limites.TIEMPO_TRABAJADOR
    # ...cut by the budget all files share, plus the file in progress.
    assert limites.SUBIDA_SEGUNDOS + limites.SVG_SEGUNDOS <= limites.TIEMPO_TRABAJADOR / 3
    assert limites.SVG_CPU < limites.SVG_SEGUNDOS <= limites.SUBIDA_SEGUNDOS
    assert limites.PIXELES_DIAGRAMA <= limites.PIXELES_POR_INFORME
    assert limites.TAMANO_DIAGRAMA <= limites.TAMANO_DIAGRAMA_GUARDADO


def test_django_the_formsets_and_the_services_read_the_same_numbers():
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == limites.CAMPOS_POR_ENVIO
    for formset in FORMSETS_FILAS.values():
        assert formset.max_num == limites.FILAS_MAXIMAS
        assert formset.absolute_max == limites.FILAS_LEIDAS
    assert DiagramasExistentesFormSet.max_num == limites.DIAGRAMAS_POR_INFORME
    assert DiagramasExistentesFormSet.absolute_max == limites.DIAGRAMAS_LEIDOS
    assert images.PIXELES_MAXIMOS == limites.PIXELES_DIAGRAMA
    assert images.TAMANO_MAXIMO == limites.TAMANO_DIAGRAMA


def test_the_form_shape_in_limites_is_the_template_s():
    assert len(plantilla.ETIQUETAS) == limites.ETIQUETAS
    assert len(plantilla.SECCIONES) == limites.NOTAS_SECCION
    assert len(plantilla.CAMPOS_SIMPLES) == limites.CAMPOS_TEXTO
    columnas = tuple(len(FORMSETS_FILAS[t].form.base_fields) for t in FORMSETS_FILAS)
    assert columnas == limites.COLUMNAS_FILAS


def test_limites_counts_exactly_the_fields_the_largest_rendered_form_posts(client, maximo):
    html = client.get(editar_url(maximo)).content.decode()
    datos = controles(html, marcar_todo=True)
    datos["accion"] = "guardar"  # the pressed button
    esperado = limites.campos_del_formulario(limites.FILAS_MAXIMAS, limites.DIAGRAMAS_POR_INFORME)
    assert len(datos) == esperado
    assert esperado <= settings.DATA_UPLOAD_MAX_NUMBER_FIELDS


def test_the_help_text_shows_the_caps(client):
    informe = InformeFactory()
    client.force_login(informe.autor)
    html = client.get(editar_url(informe)).content.decode()
    assert "40 megapíxeles" not in html
    assert str(images.ERROR_PIXELES) not in html  # no error, only the help
    texto = unescape(html)
    for cifra in ("hasta 10 MB y 25 megapíxeles", "hasta 10 a la vez", "20 diagramas", "60 mega"):
        assert cifra in texto


# --- The largest report the app allows saves and autosaves.


def test_the_largest_allowed_report_saves_through_the_real_form(client, maximo):
    datos = controles(client.get(editar_url(maximo)).content.decode())
    datos["comunicacion"] = "Cambio guardado al máximo"
    datos["accion"] = "guardar"
    respuesta = client.post(editar_url(maximo), datos)
    assert respuesta.status_code == 302, respuesta.content.decode()[:500]
    guardado = Informe.objects.get(pk=maximo.pk)
    assert guardado.comunicacion == "Cambio guardado al máximo"
    assert guardado.bibliotecas.count() == limites.FILAS_MAXIMAS
    assert guardado.variables_entorno.count() == limites.FILAS_MAXIMAS
    assert guardado.diagramas.count() == limites.DIAGRAMAS_POR_INFORME


def test_the_largest_allowed_report_autosaves(client, maximo):
    datos = controles(client.get(editar_url(maximo)).content.decode())
    for nombre in ("archivos", "accion", "requisitos"):  # what the script leaves out
        datos.pop(nombre, None)
    datos["comunicacion"] = "Autoguardado al máximo"
    respuesta = client.post(autoguardar_url(maximo), datos)
    assert respuesta.status_code == 200 and respuesta.json()["ok"]
    assert Informe.objects.get(pk=maximo.pk).comunicacion == "Autoguardado al máximo"
    assert Informe.objects.get(pk=maximo.pk).rutas.count() == limites.FILAS_MAXIMAS


def peor_envio(client, informe) -> dict[str, str]:
    """Every control of the form ticked, each list grown in the browser to the rows
    the formsets read (the extra ones ticked «Quitar» too), every stored diagram."""
    datos = controles(client.get(editar_url(informe)).content.decode(), marcar_todo=True)
    datos["accion"] = "guardar"
    columnas = {tipo: list(FORMSETS_FILAS[tipo].form.base_fields) for tipo in FORMSETS_FILAS}
    for tipo, nombres in columnas.items():
        for i in range(limites.FILAS_MAXIMAS, limites.FILAS_LEIDAS):
            for columna in nombres:
                datos[f"{tipo}-{i}-{columna}"] = "" if columna != "nombre" else f"X_{i}"
            datos[f"{tipo}-{i}-DELETE"] = "on"
        datos[f"{tipo}-TOTAL_FORMS"] = str(limites.FILAS_LEIDAS)
    return datos


def test_the_worst_post_a_browser_can_send_is_answered_by_the_app_and_one_more_is_not(client):
    # An older report holding every diagram the form reads back.
    informe = informe_maximo(diagramas=limites.DIAGRAMAS_LEIDOS)
    client.force_login(informe.autor)
    datos = peor_envio(client, informe)
    assert len(datos) == limites.CAMPOS_POR_ENVIO == settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    # URL-encoded, where Django counts exactly (for multipart it allows two more).
    cuerpo = "application/x-www-form-urlencoded"
    respuesta = client.post(editar_url(informe), urlencode(datos), content_type=cuerpo)
    assert respuesta.status_code == 302  # every box ticked: every row and diagram removed
    guardado = Informe.objects.get(pk=informe.pk)
    assert not guardado.bibliotecas.exists() and not guardado.diagramas.exists()

    datos["sobra"] = "1"
    respuesta = client.post(editar_url(informe), urlencode(datos), content_type=cuerpo)
    assert respuesta.status_code == 400 and b"formulario-informe" not in respuesta.content


# --- Every limit a user reaches is answered beside the form, the text kept.


def test_rows_past_the_cap_come_back_with_the_message_and_their_text(client, maximo):
    datos = controles(client.get(editar_url(maximo)).content.decode())
    datos["accion"] = "guardar"
    datos["hardware_requerido"] = "Texto tecleado"
    i = limites.FILAS_MAXIMAS
    datos.update({f"bibliotecas-{i}-nombre": "paquete-extra", f"bibliotecas-{i}-version": "9.9"})
    datos["bibliotecas-TOTAL_FORMS"] = str(i + 1)
    respuesta = client.post(editar_url(maximo), datos)
    html = respuesta.content.decode()
    assert respuesta.status_code == 400
    tabla = html[html.index('data-filas="bibliotecas"') : html.index('data-filas="rutas"')]
    assert str(ERROR_FILAS % {"num": limites.FILAS_MAXIMAS}) in tabla
    assert "paquete-extra" in tabla and "Texto tecleado" in html
    assert Informe.objects.get(pk=maximo.pk).contador_cambios == maximo.contador_cambios

    for nombre in ("accion", "requisitos"):
        datos.pop(nombre)
    respuesta = client.post(autoguardar_url(maximo), datos)
    assert respuesta.status_code == 400 and respuesta.json()["mensaje"]


def subir(client, informe, archivos, **cambios):
    datos = controles(client.get(editar_url(informe)).content.decode())
    datos.update({"accion": "guardar", "hardware_requerido": "Texto tecleado", **cambios})
    datos["archivos"] = archivos
    return client.post(editar_url(informe), datos)


def assert_rechazo_junto_al_campo(respuesta, mensaje, informe):
    html = respuesta.content.decode()
    assert respuesta.status_code == 400
    assert str(mensaje) in error_junto_a(html, "id_archivos")
    assert "Texto tecleado" in html
    assert Informe.objects.get(pk=informe.pk).contador_cambios == informe.contador_cambios


def test_a_diagram_past_the_report_s_cap_is_refused_beside_the_field(client, lleno):
    antes = set(Diagrama.objects.values_list("pk", flat=True))
    respuesta = subir(client, lleno, [SimpleUploadedFile("otro.png", png())])
    assert_rechazo_junto_al_campo(respuesta, images.ERROR_DIAGRAMAS_INFORME, lleno)
    assert set(Diagrama.objects.values_list("pk", flat=True)) == antes


def test_a_diagram_removed_in_the_same_save_makes_room_for_a_new_one(client, lleno):
    respuesta = subir(
        client, lleno, [SimpleUploadedFile("nuevo.png", png())], **{"diagramas-0-DELETE": "on"}
    )
    assert respuesta.status_code == 302
    titulos = list(lleno.diagramas.values_list("titulo", flat=True))
    assert len(titulos) == limites.DIAGRAMAS_POR_INFORME
    assert "nuevo" in titulos and "Diagrama 0" not in titulos


def bomba_1bit(megapixeles: float) -> bytes:
    """A 1-bit PNG: a few KB on disk, ``megapixeles`` once decoded."""
    lado = int((megapixeles * 1_000_000) ** 0.5)
    salida = io.BytesIO()
    Image.new("1", (lado, lado)).save(salida, format="PNG")
    return salida.getvalue()


def test_pixels_past_the_report_s_total_are_refused_beside_the_field(client):
    informe = InformeFactory()
    client.force_login(informe.autor)
    archivos = [SimpleUploadedFile(f"p{i}.png", bomba_1bit(24)) for i in range(3)]
    respuesta = subir(client, informe, archivos)
    assert_rechazo_junto_al_campo(respuesta, images.ERROR_PIXELES_INFORME, informe)
    assert "p2.png" in error_junto_a(respuesta.content.decode(), "id_archivos")
    assert not Diagrama.objects.exists()


def test_stored_pixels_count_against_the_report_s_total(client):
    informe = InformeFactory()
    client.force_login(informe.autor)
    for i in range(2):
        diagrama = services.diagrama_agregar(
            informe=informe, archivo=ContentFile(png(), name=f"d{i}.png"), titulo="d"
        )
        # As if each were 25 MP, without decoding 50 MP in a test.
        Diagrama.objects.filter(pk=diagrama.pk).update(ancho=5000, alto=5000)
    informe.refresh_from_db()
    respuesta = subir(client, informe, [SimpleUploadedFile("grande.png", bomba_1bit(11))])
    assert_rechazo_junto_al_campo(respuesta, images.ERROR_PIXELES_INFORME, informe)
    respuesta = subir(client, informe, [SimpleUploadedFile("cabe.png", bomba_1bit(9))])
    assert respuesta.status_code == 302


def test_more_files_than_one_save_takes_are_refused_beside_the_field(client):
    informe = InformeFactory()
    client.force_login(informe.autor)
    n = limites.ARCHIVOS_POR_SUBIDA + 1
    archivos = [SimpleUploadedFile(f"d{i}.png", png()) for i in range(n)]
    assert_rechazo_junto_al_campo(subir(client, informe, archivos), ERROR_DEMASIADOS, informe)
    assert not Diagrama.objects.exists()


# --- The services hold the caps whoever calls them.


def limpia(ancho=40, alto=30) -> images.ImagenLimpia:
    return images.limpiar_imagen(SimpleUploadedFile("d.png", png(ancho, alto)))


def test_the_save_service_refuses_a_diagram_past_the_cap_and_stores_nothing(media_temporal):
    informe = informe_maximo(filas=0)
    nuevo = services.DiagramaNuevo(imagen=limpia(), titulo="Uno más")
    with pytest.raises(ValidationError) as error:
        services.informe_guardar(
            informe=informe,
            editor=informe.autor,
            contador_esperado=informe.contador_cambios,
            diagramas_nuevos=[nuevo],
        )
    assert error.value.messages == [str(images.ERROR_DIAGRAMAS_INFORME)]
    assert informe.diagramas.count() == limites.DIAGRAMAS_POR_INFORME
    guardados = {d.imagen.name.rsplit("/", 1)[-1] for d in informe.diagramas.all()}
    en_disco = {p.name for p in media_temporal.rglob("*") if p.is_file()}
    assert en_disco == guardados


def test_the_save_service_refuses_pixels_past_the_report_s_total():
    informe = InformeFactory(filas=False)
    presupuesto = images.Presupuesto(pixeles=10**12)  # the form's own check is not asked
    grande = images.limpiar_imagen(SimpleUploadedFile("g.png", bomba_1bit(24)), presupuesto)
    nuevos = [services.DiagramaNuevo(imagen=grande, titulo=f"G{i}") for i in range(3)]
    with pytest.raises(ValidationError) as error:
        services.informe_guardar(
            informe=informe, editor=informe.autor, contador_esperado=0, diagramas_nuevos=nuevos
        )
    assert error.value.messages == [str(images.ERROR_PIXELES_INFORME)]
    assert not Diagrama.objects.exists()


def test_adding_a_diagram_to_a_full_report_is_refused_before_decoding_it():
    informe = informe_maximo(filas=0)
    with pytest.raises(ValidationError) as error:
        services.diagrama_agregar(
            informe=informe, archivo=SimpleUploadedFile("x.png", b"no es imagen"), titulo="x"
        )
    assert error.value.messages == [str(images.ERROR_DIAGRAMAS_INFORME)]


def test_a_form_without_uploads_never_reads_the_report_s_diagrams(django_assert_num_queries):
    informe = InformeFactory()
    formulario = FormularioInforme(informe=informe, data={})
    with django_assert_num_queries(0):
        assert formulario.subida.is_valid()
