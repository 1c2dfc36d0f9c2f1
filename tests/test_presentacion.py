"""presentacion.detalle: the detail page's sections rendered once per content, never stale."""

import re
import shutil

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.template.loader import get_template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from informes import demo, limites, presentacion, services
from informes.models import Informe
from tests.factories import (
    InformeFactory,
    admin,
    informe_grande,
    informe_pequeno,
    revisor,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sin_copias_en_memoria():
    """Each test starts without this process's copies of rendered sections."""
    presentacion.recientes.vaciar()
    yield
    presentacion.recientes.vaciar()


def guardar(informe, **cambios) -> Informe:
    informe = Informe.objects.get(pk=informe.pk)
    return services.informe_guardar(
        informe=informe,
        editor=informe.autor,
        contador_esperado=informe.contador_cambios,
        **cambios,
    )


def pagina(client, informe) -> str:
    respuesta = client.get(informe.get_absolute_url())
    assert respuesta.status_code == 200
    return respuesta.content.decode()


def sin_fichas(html: str) -> str:
    """The page without its CSRF tokens, which are masked anew on every request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def visto_por_su_autor(client, **kwargs) -> Informe:
    informe = InformeFactory(**kwargs)
    client.force_login(informe.autor)
    return informe


# --- Query counts.


def consultas(client, informe) -> int:
    with CaptureQueriesContext(connection) as capturadas:
        respuesta = client.get(informe.get_absolute_url())
    assert respuesta.status_code == 200
    return len(capturadas)


@pytest.mark.parametrize("lector", ["autor", "revisor"])
def test_detail_page_queries_are_the_same_for_a_small_and_a_large_report(client, lector):
    contados = {}
    for nombre, informe in (("pequeno", informe_pequeno()), ("grande", informe_grande())):
        client.force_login(informe.autor if lector == "autor" else revisor())
        cache.clear()
        presentacion.recientes.vaciar()
        frio = consultas(client, informe)
        caliente = consultas(client, informe)  # this process's copy
        presentacion.recientes.vaciar()
        compartido = consultas(client, informe)  # the shared cache
        contados[nombre] = (frio, caliente, compartido)
    assert contados["pequeno"] == contados["grande"]
    frio, caliente, compartido = contados["grande"]
    assert caliente <= 8 and compartido <= 8
    assert compartido == caliente + 1
    # A miss reads the rows and stores the sections, once whatever they hold.
    assert frio > compartido


def test_a_cached_page_shows_the_same_sections_as_a_fresh_render(client):
    informe = visto_por_su_autor(client)
    services.diagrama_agregar(
        informe=informe, archivo=ContentFile(demo.diagrama_png(), name="d.png"), titulo="Arq"
    )
    primera = sin_fichas(pagina(client, informe))
    segunda = sin_fichas(pagina(client, informe))
    cache.clear()
    presentacion.recientes.vaciar()
    assert primera == segunda == sin_fichas(pagina(client, informe))
    assert "Arq" in primera and "scikit-learn" in primera


# --- Never stale.


def test_one_character_of_one_label_shows_at_once(client):
    informe = visto_por_su_autor(client)
    assert "Clasificador" in pagina(client, informe)
    nombre = informe.nombre_modelo
    guardar(informe, campos={"nombre_modelo": nombre[:-1] + "Z"})
    html = pagina(client, informe)
    assert nombre[:-1] + "Z" in html and f">{nombre}<" not in html


def test_one_character_of_a_markdown_label_shows_at_once(client):
    informe = visto_por_su_autor(client, instalacion="Ejecute `make instalar`.")
    assert "make instalar" in pagina(client, informe)
    guardar(informe, campos={"instalacion": "Ejecute `make instalaR`."})
    html = pagina(client, informe)
    assert "make instalaR" in html and "make instalar" not in html


def test_one_row_shows_at_once(client):
    informe = visto_por_su_autor(client)
    assert "scikit-learn" in pagina(client, informe)
    guardar(informe, filas={"bibliotecas": [{"nombre": "scikit-learm", "version": "1.5.2"}]})
    html = pagina(client, informe)
    assert "scikit-learm" in html and "scikit-learn" not in html


def test_one_diagram_shows_at_once(client):
    informe = visto_por_su_autor(client)
    diagrama = services.diagrama_agregar(
        informe=informe, archivo=ContentFile(demo.diagrama_png(), name="d.png"), titulo="Flujo"
    )
    assert "Flujo" in pagina(client, informe)
    guardar(
        informe,
        diagramas=[{"pk": diagrama.pk, "titulo": "Flujo", "leyenda": "Leyenda nueva"}],
    )
    assert "Leyenda nueva" in pagina(client, informe)
    guardar(informe, diagramas=[{"pk": diagrama.pk, "borrar": True}])
    html = pagina(client, informe)
    assert "Flujo" not in html and f"/diagramas/{diagrama.pk}/" not in html


def test_a_no_aplica_mark_shows_at_once(client):
    informe = visto_por_su_autor(client)
    pagina(client, informe)
    guardar(informe, no_aplica={"rutas": "Sin archivos externos."})
    assert "Sin archivos externos." in pagina(client, informe)
    guardar(informe, no_aplica={})
    assert "Sin archivos externos." not in pagina(client, informe)


def test_a_transition_shows_at_once(client):
    informe = visto_por_su_autor(
        client, no_aplica={"diagramas": "Sin diagrama."}, instalacion="Paso uno."
    )
    assert "Borrador" in pagina(client, informe)
    services.informe_enviar(informe=Informe.objects.get(pk=informe.pk), usuario=informe.autor)
    html = pagina(client, informe)
    assert "En revisión" in html and "Paso uno." in html


def test_a_row_changed_or_deleted_in_the_admin_shows_at_once(client):
    informe = InformeFactory()
    client.force_login(admin())
    assert "scikit-learn" in pagina(client, informe)
    fila = informe.bibliotecas.get(nombre="scikit-learn")
    url = reverse("admin:informes_biblioteca_change", args=[fila.pk])
    datos = {"informe": informe.pk, "nombre": "scikit-learm", "version": "1.5.2", "orden": 0}
    assert client.post(url, datos).status_code == 302
    pagina(client, informe)
    html = pagina(client, informe)
    assert "scikit-learm" in html and "scikit-learn" not in html
    borrar = reverse("admin:informes_biblioteca_delete", args=[fila.pk])
    assert client.post(borrar, {"post": "yes"}).status_code == 302
    pagina(client, informe)  # shows the admin's message, which names the row
    assert "scikit-learm" not in pagina(client, informe)


def test_every_transition_and_save_changes_the_key(client):
    informe = InformeFactory(no_aplica={"diagramas": "Sin diagrama."})
    claves = {presentacion.clave_detalle(informe)}
    informe = guardar(informe, campos={"hardware_requerido": "GPU"})
    claves.add(presentacion.clave_detalle(informe))
    informe = services.informe_enviar(informe=informe, usuario=informe.autor)
    claves.add(presentacion.clave_detalle(informe))
    informe = services.informe_retirar(informe=informe, usuario=informe.autor)
    claves.add(presentacion.clave_detalle(informe))
    assert len(claves) == 4


def test_a_changed_section_template_renders_anew(client, settings, tmp_path):
    informe = visto_por_su_autor(client)
    assert "MARCA-DE-PLANTILLA" not in pagina(client, informe)
    original = django_settings.BASE_DIR / "templates" / presentacion.PLANTILLA_CUERPO
    copia = tmp_path / presentacion.PLANTILLA_CUERPO
    copia.parent.mkdir(parents=True)
    shutil.copy(original, copia)
    copia.write_text(copia.read_text() + "<p>MARCA-DE-PLANTILLA</p>\n")
    plantillas = [dict(settings.TEMPLATES[0])]
    plantillas[0]["DIRS"] = [tmp_path, *plantillas[0]["DIRS"]]
    settings.TEMPLATES = plantillas
    assert pagina(client, informe).count("MARCA-DE-PLANTILLA") == 9


def test_the_key_follows_the_renderer_version_and_the_language(monkeypatch):
    from django.utils import translation

    informe = InformeFactory(filas=False)
    clave = presentacion.clave_detalle(informe)
    with translation.override("en"):
        assert presentacion.clave_detalle(informe) != clave
    monkeypatch.setattr(presentacion, "VERSION_RENDERIZADO", presentacion.VERSION_RENDERIZADO + 1)
    assert presentacion.clave_detalle(informe) != clave


# --- What stays per reader.


def test_comments_are_rendered_around_the_cached_sections(client):
    informe = InformeFactory(no_aplica={"diagramas": "Sin diagrama."})
    services.informe_enviar(informe=informe, usuario=informe.autor)
    otro = revisor()
    client.force_login(otro)
    html = pagina(client, informe)
    assert "Agregar comentario" in html
    services.comentario_agregar(
        informe=Informe.objects.get(pk=informe.pk), revisor=otro, texto="Falta un dato", seccion=3
    )
    html = pagina(client, informe)
    assert "Falta un dato" in html
    # The author sees the comment without the reviewer's form: only the
    # sections are shared, not what surrounds them.
    client.force_login(informe.autor)
    html = pagina(client, informe)
    assert "Falta un dato" in html and "Agregar comentario" not in html


def test_a_section_without_a_cached_body_is_laid_out_from_its_labels():
    """As the form's preview shows a report not saved yet (``vista_previa``)."""
    informe = InformeFactory()
    bloque = presentacion.secciones(informe)[0]
    html = get_template("informes/_seccion.html").render(
        {"bloque": bloque, "informe": informe, "comentarios": [], "acciones": set()}
    )
    assert "Nombre del Modelo" in html and demo.CAMPOS["nombre_modelo"] in html


# --- The copies kept in memory.


def test_copies_in_memory_are_bounded_by_characters(monkeypatch):
    recientes = presentacion._Recientes()
    monkeypatch.setattr(limites, "DETALLE_EN_MEMORIA", 100)
    for i in range(5):
        recientes.guardar(f"c{i}", {"cuerpos": ["x" * 40], "completitud": []})
    assert list(recientes.entradas) == ["c3", "c4"] and recientes.tamano == 80
    assert recientes.leer("c3") is not None
    recientes.guardar("c5", {"cuerpos": ["x" * 40], "completitud": []})
    assert list(recientes.entradas) == ["c3", "c5"]
    recientes.guardar("grande", {"cuerpos": ["x" * 101], "completitud": []})
    assert "grande" not in recientes.entradas
