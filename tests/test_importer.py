"""Markdown reports back into drafts: the template filled, older variants, extra text, bad files."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from informes import importer, plantilla, services
from informes.exporters import markdown
from informes.importer import formulario
from informes.models import Estado, Informe

from .exportacion import informe_demo
from .factories import analista, revisor
from .test_export_markdown import esqueleto

pytestmark = pytest.mark.django_db

DATOS = Path(__file__).parent / "data"


def leer(nombre: str) -> importer.Lectura:
    return importer.leer((DATOS / nombre).read_text(encoding="utf-8"))


def test_the_bare_template_imports_as_empty():
    lectura = importer.leer(plantilla.RUTA_PLANTILLA.read_text(encoding="utf-8"))
    assert lectura.reconocida
    assert lectura.campos == {} and lectura.filas == {} and lectura.sin_clasificar == []
    assert len(lectura.vacias) == 29


def test_filled_template_fills_its_labels_and_rows():
    lectura = leer("plantilla_llena.md")
    assert lectura.campos["nombre_modelo"] == "Predictor de deserción escolar"
    assert lectura.campos["version_python"] == "3.10"
    assert lectura.campos["archivo_principal"] == "score.py"
    assert lectura.filas["bibliotecas"] == [
        {"nombre": "scikit-learn", "version": "1.0"},
        {"nombre": "lightgbm", "version": "4.1.0"},
        {"nombre": "pandas", "version": "2.0"},
    ]
    assert lectura.filas["rutas"] == [
        {"ruta": "/models/desercion.pkl", "proposito": "Modelo serializado"},
        {"ruta": "/config/app.yaml", "proposito": ""},
    ]
    assert lectura.filas["variables_entorno"] == [
        {
            "nombre": "MODEL_PATH",
            "proposito": "Ruta del modelo",
            "valor_ejemplo": "/models/desercion.pkl",
        },
        {"nombre": "DATABASE_URL", "proposito": "", "valor_ejemplo": ""},
    ]
    # Written in place of the hint, a comment inside its code block stays code.
    assert lectura.campos["instalacion"] == (
        "Instalar con:\n\n```sh\npip install desercion\n# sin dependencias del sistema\n```"
    )
    # Hint and example left as the template has them count as empty.
    for campo in ("instrucciones_configuracion", "instrucciones_uso", "encriptacion_datos"):
        assert campo not in lectura.campos
    assert lectura.sin_clasificar == []


def test_older_variant_is_matched_ignoring_case_accents_and_numbering():
    lectura = leer("variante_antigua.md")
    assert lectura.campos == {
        "nombre_modelo": "Estimador de cosechas",
        "version_python": "3.9",
        "plataforma_despliegue": "Servidor local",
        "metricas_desempeno": "MAPE mensual por departamento.",
    }
    assert lectura.filas["bibliotecas"] == [
        {"nombre": "numpy", "version": "1.26"},
        {"nombre": "statsmodels", "version": ""},
    ]
    vacias = {e.campo for e in lectura.vacias}
    assert {"descripcion_modelo", "entorno_despliegue", "autenticacion"} <= vacias
    assert lectura.sin_clasificar == []


def test_text_matching_no_label_is_kept_in_the_draft_and_reported():
    autor = analista()
    informe, lectura = services.informe_importar(
        autor=autor, texto=(DATOS / "texto_extra.md").read_text(encoding="utf-8")
    )
    assert lectura.sin_clasificar == [
        "Nota del equipo: este informe se escribió antes de la plantilla actual.",
        "- **Responsable técnico:** Equipo de calidad de datos",
        "### 10. Anexos\n\nEnlace al cuaderno de experimentos: ver repositorio interno.",
    ]
    assert informe.descripcion_modelo.startswith("Compara registros con distancia de Jaro-Winkler.")
    assert "Nota del equipo" in informe.descripcion_modelo
    assert "**Responsable técnico:** Equipo de calidad de datos" in informe.descripcion_modelo
    assert importer.MARCA_SIN_CLASIFICAR in informe.descripcion_modelo
    # After the last label, the text goes to the end of that label's field.
    assert informe.monitoreo_continuo.startswith("Alertas por correo.\n\n")
    assert "Enlace al cuaderno de experimentos" in informe.monitoreo_continuo


def test_import_creates_a_draft_owned_by_the_importer():
    autor = analista()
    informe, _lectura = services.informe_importar(
        autor=autor, texto=(DATOS / "plantilla_llena.md").read_text(encoding="utf-8")
    )
    assert informe.autor == autor and informe.estado == Estado.BORRADOR
    assert list(informe.bibliotecas.values_list("nombre", flat=True)) == [
        "scikit-learn",
        "lightgbm",
        "pandas",
    ]


def test_not_applicable_and_pending_markers_are_read_back():
    lectura = importer.leer(
        "### 3. Requisitos Técnicos\n\n- **Python:** _(Pendiente)_\n"
        "- **Hardware Requerido:** No aplica: servicio sin servidor\n"
    )
    assert lectura.no_aplica == {"hardware_requerido": "servicio sin servidor"}
    assert "version_python" not in lectura.campos


def test_invalid_rows_and_values_are_kept_as_unmatched_text():
    lectura = importer.leer(
        "### 3. Requisitos Técnicos\n\n- **Python:** tres punto once\n"
        "- **Bibliotecas de Terceros:**\n  - ¡no es un paquete!\n"
    )
    assert "version_python" not in lectura.campos and "bibliotecas" not in lectura.filas
    assert lectura.sin_clasificar == ["tres punto once", "- ¡no es un paquete!"]


def test_remote_images_are_listed_and_never_fetched():
    lectura = importer.leer(
        "### 6. Diagrama de Arquitectura\n\n- **Diagrama de Arquitectura:**\n\n"
        "![Arquitectura](http://127.0.0.1:9/x.png)\n"
    )
    assert lectura.diagramas == ["Arquitectura"]


def test_round_trip_gives_identical_markdown():
    original = informe_demo(diagrama=False)
    original.no_aplica = {"encriptacion_datos": "Datos públicos"}
    original.descripcion_modelo += "\n\n# Encabezado propio\n\n\\# ya escapado"
    original.save()
    primero = markdown.exportar(original)
    importado, lectura = services.informe_importar(autor=original.autor, texto=primero)
    assert lectura.sin_clasificar == []
    assert markdown.exportar(importado) == primero


# Pieces that look like the export's own structure, mixed with plain characters.
TROZOS = st.sampled_from(
    ["No aplica:", "_(Pendiente)_", "[Versión]", "**Python:**", "- ", "- **Otra:** x", "\n",
     "```", "~~~", "# ", "    ", "\t", "\r\n", "<!-- informe-metadatos", "-->", "_Ejemplo:_",
     "![x](y)", "_Texto sin clasificar:_", "a", "1. ", "\\", "### 2. Plataforma de Despliegue"]
)  # fmt: skip
TEXTO = st.one_of(
    st.text(alphabet=list("#-*`\\\n a[]_|1.:~>!()+=<\t"), max_size=60),
    st.lists(TROZOS, max_size=12).map("".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(markdown_=TEXTO, documentacion=TEXTO, linea=st.text(alphabet=list("a :_-`*["), max_size=10))
def test_any_content_survives_the_round_trip_and_keeps_the_skeleton(
    markdown_, documentacion, linea
):
    # Each example runs in a savepoint that is rolled back: audit entries are
    # append-only, so the reports they point to cannot simply be deleted.
    with transaction.atomic():
        autor = analista(username="ida-y-vuelta")
        informe = Informe.objects.create(
            autor=autor,
            descripcion_modelo=markdown_,
            fase_liberacion=documentacion,
            instalacion=markdown_,
            instrucciones_uso=documentacion,
            archivo_principal=linea,
        )
        primero = markdown.exportar(informe)
        assert esqueleto(primero) == esqueleto(plantilla.RUTA_PLANTILLA.read_text(encoding="utf-8"))
        importado, _lectura = services.informe_importar(autor=autor, texto=primero)
        assert markdown.exportar(importado) == primero
        transaction.set_rollback(True)


def test_file_without_any_template_heading_creates_nothing():
    with pytest.raises(ValidationError) as error:
        services.informe_importar(autor=analista(), texto="# Lista de compras\n\n- pan\n")
    assert error.value.messages == [str(services.MENSAJE_IMPORTAR_SIN_PLANTILLA)]
    assert not Informe.objects.exists()


def test_too_long_content_gets_a_message_and_creates_nothing():
    texto = "### 1. Detalles del Modelo\n\n- **Descripción del Modelo:**\n\n" + "a" * 20_001
    with pytest.raises(ValidationError) as error:
        services.informe_importar(autor=analista(), texto=texto)
    assert "Descripción del Modelo" in error.value.messages[0]
    assert not Informe.objects.exists()


# The upload page.


def subir(client, contenido: bytes, nombre="informe.md"):
    return client.post(
        "/informes/importar/", {"archivo": SimpleUploadedFile(nombre, contenido)}, follow=True
    )


def test_analyst_imports_a_file_and_sees_the_summary(client):
    autor = analista()
    client.force_login(autor)
    respuesta = subir(client, (DATOS / "texto_extra.md").read_bytes())
    html = respuesta.content.decode()
    informe = Informe.objects.get()
    assert informe.autor == autor
    assert respuesta.redirect_chain[-1][0] == "/informes/importar/resultado/"
    assert "Etiquetas llenas (3)" in html and "Etiquetas vacías (26)" in html
    assert "Responsable técnico" in html
    assert informe.get_absolute_url() in html


@pytest.mark.parametrize(
    ("contenido", "nombre", "mensaje"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "informe.md", formulario.MENSAJE_BINARIO),
        (
            "### 1. Detalles del Modelo ñ".encode("latin-1"),
            "informe.md",
            formulario.MENSAJE_CODIFICACION,
        ),
        (b"# x\n" + b"a" * formulario.TAMANO_MAXIMO, "informe.md", formulario.MENSAJE_GRANDE),
        (b"### 1. Detalles del Modelo\n", "informe.pdf", formulario.MENSAJE_EXTENSION),
        (b"   \n", "informe.md", formulario.MENSAJE_VACIO),
        (b"# Lista\n\n- pan\n", "informe.md", services.MENSAJE_IMPORTAR_SIN_PLANTILLA),
    ],
    ids=["binario", "latin1", "grande", "extension", "vacio", "sin_plantilla"],
)
def test_bad_file_gets_a_clear_message_and_creates_nothing(client, contenido, nombre, mensaje):
    client.force_login(analista())
    respuesta = subir(client, contenido, nombre)
    assert respuesta.status_code == 200
    assert str(mensaje) in respuesta.content.decode()
    assert not Informe.objects.exists()


def test_reviewer_may_not_import(client):
    client.force_login(revisor())
    assert client.get("/informes/importar/").status_code == 403


def test_anonymous_import_is_sent_to_login(client):
    respuesta = client.get("/informes/importar/")
    assert respuesta.status_code == 302 and respuesta.url.startswith("/cuentas/login/")


def test_list_page_offers_import_to_analysts_only(client):
    client.force_login(analista())
    assert "Importar Markdown" in client.get("/informes/").content.decode()
    client.force_login(revisor())
    assert "Importar Markdown" not in client.get("/informes/").content.decode()


def test_a_repeated_variable_is_kept_as_text_instead_of_failing():
    informe, lectura = services.informe_importar(
        autor=analista(),
        texto="### 7. Código de Despliegue\n\n- **Variables de Entorno:**\n"
        "  - `MODEL_PATH`: Ruta\n  - `MODEL_PATH`: Otra\n",
    )
    assert list(informe.variables_entorno.values_list("proposito", flat=True)) == ["Ruta"]
    assert lectura.sin_clasificar == ["- `MODEL_PATH`: Otra"]
