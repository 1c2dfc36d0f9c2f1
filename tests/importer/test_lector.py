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
from tests.exportacion import esqueleto
from tests.factories import analista, informe_demo, revisor

pytestmark = pytest.mark.django_db

DATOS = Path(__file__).resolve().parents[1] / "data"


def leer(nombre: str) -> importer.Lectura:
    return importer.leer((DATOS / nombre).read_text(encoding="utf-8"))


def test_the_bare_template_imports_as_empty_with_every_hint_left():
    lectura = importer.leer(plantilla.RUTA_PLANTILLA.read_text(encoding="utf-8"))
    assert lectura.reconocida
    assert lectura.campos == {} and lectura.filas == {} and lectura.sin_clasificar == []
    assert lectura.notas == {}
    assert len(lectura.vacias) == 29
    assert {e.estado for e in lectura.etiquetas.values()} == {importer.Estado.PISTA}
    assert len(lectura.etiquetas) == 29


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


def test_text_matching_no_label_stays_in_its_section_and_is_listed_with_its_lines():
    autor = analista()
    informe, lectura = services.informe_importar(
        autor=autor, texto=(DATOS / "texto_extra.md").read_text(encoding="utf-8")
    )
    assert [(s.texto, s.desde, s.hasta, s.seccion, s.campo) for s in lectura.sueltos] == [
        (
            "Nota del equipo: este informe se escribió antes de la plantilla actual.",
            3, 3, 1, None,
        ),
        (
            "- **Responsable técnico:** Equipo de calidad de datos",
            9, 9, 1, "descripcion_modelo",
        ),
        (
            "### 10. Anexos\n\nEnlace al cuaderno de experimentos: ver repositorio interno.",
            15, 17, 9, "monitoreo_continuo",
        ),
    ]  # fmt: skip
    # Before any label of its section: that section's note.
    assert informe.notas == {
        "1": "Nota del equipo: este informe se escribió antes de la plantilla actual."
    }
    # After a Markdown label of its section: appended to it, under the mark.
    assert informe.descripcion_modelo == (
        "Compara registros con distancia de Jaro-Winkler.\n\n"
        f"{importer.MARCA_SIN_CLASIFICAR}\n\n"
        "- **Responsable técnico:** Equipo de calidad de datos"
    )
    assert informe.monitoreo_continuo.startswith("Alertas por correo.\n\n")
    assert "Enlace al cuaderno de experimentos" in informe.monitoreo_continuo


def test_text_after_the_labels_of_a_section_without_markdown_labels_stays_in_that_section():
    # Section 2 holds only one-line labels and section 7 only one-line labels and
    # lists: their extra text is those sections' notes, never another section's field.
    lectura = importer.leer(
        "## I. Detalles del modelo\n\n- **Nombre del modelo:** Estimador\n\n"
        "## II. Plataforma de despliegue\n\n- **Plataforma de despliegue:** Servidor local\n"
        "Región us-east-1, zona b.\n\n"
        "## VII. Código de despliegue\n\n- **Archivo principal de despliegue:** run.py\n\n"
        "Los modelos se leen de S3.\n"
    )
    assert lectura.campos == {
        "nombre_modelo": "Estimador",
        "plataforma_despliegue": "Servidor local",
        "archivo_principal": "run.py",
    }
    assert lectura.notas == {"2": "Región us-east-1, zona b.", "7": "Los modelos se leen de S3."}
    assert [(s.seccion, s.campo, s.desde) for s in lectura.sueltos] == [(2, None, 8), (7, None, 14)]


def test_without_headings_a_label_s_section_is_where_its_text_stays():
    lectura = importer.leer(
        "- **Nombre del Modelo:** A\n- **Descripción del Modelo:** B\nmás texto\n"
        "- **Archivo Principal de Despliegue:** run.py\ncomentario\n"
    )
    assert lectura.campos["descripcion_modelo"] == "B\n\nmás texto"
    assert lectura.notas == {"7": "comentario"}


def test_a_subheading_inside_a_label_s_text_is_part_of_it():
    lectura = importer.leer(
        "### 8. Documentación del Despliegue\n\n- **Instalación:**\n\n#### Paso 1\n\nmake\n"
    )
    assert lectura.campos["instalacion"] == "#### Paso 1\n\nmake"
    assert lectura.sueltos == []


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


def test_invalid_rows_and_values_are_kept_as_unmatched_text_in_their_section():
    lectura = importer.leer(
        "### 3. Requisitos Técnicos\n\n- **Python:** tres punto once\n"
        "- **Bibliotecas de Terceros:**\n  - ¡no es un paquete!\n"
    )
    assert "version_python" not in lectura.campos and "bibliotecas" not in lectura.filas
    assert lectura.sin_clasificar == ["tres punto once", "- ¡no es un paquete!"]
    assert [(s.motivo, s.desde, s.seccion, s.campo) for s in lectura.sueltos] == [
        (importer.Motivo.VALOR_INVALIDO, 3, 3, None),
        (importer.Motivo.FILA_INVALIDA, 5, 3, None),
    ]
    assert lectura.notas == {"3": "tres punto once\n\n- ¡no es un paquete!"}


def test_remote_images_are_listed_and_never_fetched():
    lectura = importer.leer(
        "### 6. Diagrama de Arquitectura\n\n- **Diagrama de Arquitectura:**\n\n"
        "![Arquitectura](http://127.0.0.1:9/x.png)\n"
    )
    assert [(d.titulo, d.ruta, d.guardada) for d in lectura.diagramas] == [
        ("Arquitectura", "http://127.0.0.1:9/x.png", False)
    ]


def test_round_trip_gives_identical_markdown_and_stored_values():
    original = informe_demo(diagrama=False)
    # «No aplica» over a label that still holds a value: both travel.
    original.no_aplica = {"encriptacion_datos": "Datos públicos"}
    original.descripcion_modelo += "\n\n# Encabezado propio\n\n\\# ya escapado\n\nSubrayado\n==="
    original.notas = {"2": "Texto importado antes", "7": "# Otro\n\n- **Python:** 3"}
    original.save()
    primero = markdown.exportar(original)
    importado, _lectura = services.informe_importar(autor=original.autor, texto=primero)
    assert markdown.exportar(importado) == primero
    for campo in plantilla.CAMPOS_SIMPLES:
        assert getattr(importado, campo) == getattr(original, campo), campo
    assert importado.no_aplica == original.no_aplica
    assert importado.notas == original.notas
    for tipo in ("bibliotecas", "rutas", "variables_entorno"):
        valores = [list(f.values()) for f in getattr(original, tipo).values()]
        nuevos = [list(f.values()) for f in getattr(importado, tipo).values()]
        assert [v[3:] for v in nuevos] == [v[3:] for v in valores], tipo


def test_the_section_8_sentence_typed_in_a_field_is_kept():
    introduccion = plantilla.SECCIONES[7].introduccion
    informe = Informe.objects.create(autor=analista(), instalacion=f"Antes\n\n{introduccion}")
    importado, _lectura = services.informe_importar(
        autor=informe.autor, texto=markdown.exportar(informe)
    )
    assert importado.instalacion == f"Antes\n\n{introduccion}"


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


# --- Values as people write them.

REQUISITOS = "### 3. Requisitos Técnicos\n\n- **Versiones de Software:**\n"
CODIGO = "### 7. Código de Despliegue\n\n"


@pytest.mark.parametrize(
    ("escrito", "version"),
    [
        ("[Versión 3.9.]", "3.9"),
        ("[3.12]", "3.12"),
        ("3.10", "3.10"),
        ("3.10.12", "3.10.12"),
        ("Python 3.11", "3.11"),
        (">=3.10", "3.10"),
        ("3.11 (conda)", "3.11"),
        ("Versión 3.9.", "3.9"),
        ("[Versión] 3.8", "3.8"),
        ("v3.12.1", "3.12.1"),
    ],
)
def test_a_python_version_is_taken_from_what_people_write(escrito, version):
    lectura = importer.leer(f"{REQUISITOS}  - **Python:** {escrito}\n")
    assert lectura.campos == {"version_python": version}
    assert lectura.sueltos == []
    estado = lectura.etiquetas["version_python"]
    assert estado.estado == importer.Estado.VALOR and estado.linea == 4
    assert estado.original == ("" if escrito == version else escrito)


def test_the_template_s_own_hint_left_in_brackets_is_a_hint_not_a_value():
    lectura = importer.leer(f"{REQUISITOS}  - **Python:** [Versión]\n")
    assert lectura.campos == {}
    assert lectura.etiquetas["version_python"].estado == importer.Estado.PISTA


@pytest.mark.parametrize(
    ("escrito", "filas"),
    [
        ("[TensorFlow]", [("TensorFlow", "")]),
        (
            "[numpy 1.26, xgboost 2.0, flask 3.0]",
            [("numpy", "1.26"), ("xgboost", "2.0"), ("flask", "3.0")],
        ),
        (
            "numpy==1.26; pandas>=2.2, scikit-learn (1.5)",
            [("numpy", "1.26"), ("pandas", ">=2.2"), ("scikit-learn", "1.5")],
        ),
        ("fastapi >=0.115,<1, uvicorn", [("fastapi", ">=0.115,<1"), ("uvicorn", "")]),
        (
            "\n    - numpy 1.26\n    - pandas==2.2\n    - torch (2.3)\n    - polars",
            [("numpy", "1.26"), ("pandas", "2.2"), ("torch", "2.3"), ("polars", "")],
        ),
        (
            "\n\n| Biblioteca | Versión |\n|---|---|\n| numpy | 1.26 |\n| `pandas` | `2.2` |",
            [("numpy", "1.26"), ("pandas", "2.2")],
        ),
    ],
)
def test_libraries_are_read_from_lists_lines_brackets_and_tables(escrito, filas):
    lectura = importer.leer(f"{REQUISITOS}  - **Bibliotecas de Terceros:** {escrito}\n")
    assert [(f["nombre"], f["version"]) for f in lectura.filas["bibliotecas"]] == filas
    assert lectura.sueltos == []


@pytest.mark.parametrize(
    ("escrito", "filas"),
    [
        (
            "/opt/m/modelo.pkl, /opt/m/ajustes.toml",
            [("/opt/m/modelo.pkl", ""), ("/opt/m/ajustes.toml", "")],
        ),
        (
            "[/opt/m/modelo.pkl, /opt/m/ajustes.toml]",
            [("/opt/m/modelo.pkl", ""), ("/opt/m/ajustes.toml", "")],
        ),
        ("`/opt/a b.pkl`, `/opt/c.toml`", [("/opt/a b.pkl", ""), ("/opt/c.toml", "")]),
        (
            "\n  - /opt/m/modelo.pkl: Modelo\n  - `/opt/m/c.toml` — Ajustes",
            [("/opt/m/modelo.pkl", "Modelo"), ("/opt/m/c.toml", "Ajustes")],
        ),
        (
            "\n\n| Ruta | Propósito |\n| --- | --- |\n"
            "| `/opt/m.pkl` | Modelo |\n| /etc/c.yaml | Ajustes |",
            [("/opt/m.pkl", "Modelo"), ("/etc/c.yaml", "Ajustes")],
        ),
    ],
)
def test_paths_are_read_from_comma_lines_bullets_and_tables(escrito, filas):
    lectura = importer.leer(f"{CODIGO}- **Rutas de Acceso a los Archivos:** {escrito}\n")
    assert [(f["ruta"], f["proposito"]) for f in lectura.filas["rutas"]] == filas
    assert lectura.sueltos == []


@pytest.mark.parametrize(
    ("escrito", "filas"),
    [
        ("`RUTA_MODELO`, `NIVEL_LOG`", [("RUTA_MODELO", "", ""), ("NIVEL_LOG", "", "")]),
        ("RUTA_MODELO, NIVEL_LOG", [("RUTA_MODELO", "", ""), ("NIVEL_LOG", "", "")]),
        (
            "\n  - `RUTA_MODELO`: Ruta (ejemplo: `/m.pkl`)\n  - NIVEL_LOG=INFO",
            [("RUTA_MODELO", "Ruta", "/m.pkl"), ("NIVEL_LOG", "", "INFO")],
        ),
        (
            "\n\n| Variable | Propósito | Ejemplo |\n|:--|:--|:--|\n| `A_B` | Uso | `x` |",
            [("A_B", "Uso", "x")],
        ),
    ],
)
def test_variables_are_read_from_comma_lines_bullets_and_tables(escrito, filas):
    lectura = importer.leer(f"{CODIGO}- **Variables de Entorno:** {escrito}\n")
    assert [tuple(f.values()) for f in lectura.filas["variables_entorno"]] == filas
    assert lectura.sueltos == []


def test_prose_under_a_list_label_is_not_read_as_rows():
    lectura = importer.leer(
        f"{CODIGO}- **Rutas de Acceso a los Archivos:** Ninguna, todo va en la imagen.\n"
        "- **Variables de Entorno:** Ninguna por ahora\n"
    )
    assert lectura.filas == {}
    assert lectura.notas == {"7": "Ninguna, todo va en la imagen.\n\nNinguna por ahora"}


def test_a_no_aplica_mark_over_rows_keeps_both():
    lectura = importer.leer(
        f"{CODIGO}- **Rutas de Acceso a los Archivos:** No aplica: x\n  - `/a`\n"
    )
    assert lectura.no_aplica == {"rutas": "x"}
    assert lectura.filas["rutas"] == [{"ruta": "/a", "proposito": ""}]
    assert lectura.etiquetas["rutas"].estado == importer.Estado.NO_APLICA


# --- The summary page.


def test_the_summary_shows_each_label_s_state_and_each_piece_s_place(client):
    client.force_login(analista())
    texto = (
        "### 1. Detalles del Modelo\n\n- **Nombre del Modelo:** [Clasificador]\n"
        "- **Descripción del Modelo:** [Breve descripción del modelo, su propósito y las "
        "técnicas utilizadas]\n\n### 3. Requisitos Técnicos\n\n"
        "- **Hardware Requerido:** No aplica: sin servidor propio\n"
        "- **Versiones de Software:**\n  - **Python:** 3.11\nNota suelta.\n"
    )
    respuesta = subir(client, texto.encode())
    resumen = respuesta.context["resumen"]
    estados = {e["etiqueta"]: (e["estado"], e["linea"]) for e in resumen["etiquetas"]}
    assert estados["Nombre del Modelo"] == ("valor", 3)
    assert estados["Descripción del Modelo"] == ("pista", 4)
    assert estados["Hardware Requerido"] == ("no_aplica", 8)
    assert estados["Python"] == ("valor", 10)
    assert estados["Autenticación"] == ("vacia", None)
    nombre = next(e for e in resumen["etiquetas"] if e["etiqueta"] == "Nombre del Modelo")
    assert nombre["original"] == "[Clasificador]"
    assert [(s["desde"], s["hasta"], s["seccion"]) for s in resumen["sueltos"]] == [(11, 11, 3)]
    html = respuesta.content.decode()
    assert "Línea 11" in html and "nota de la sección 3" in html
    assert "Pista sin llenar" in html and "Tomado de «[Clasificador]»" in html
    assert Informe.objects.get().notas == {"3": "Nota suelta."}


# --- A section's unclassified text in the draft.


def test_a_section_s_unclassified_text_is_shown_edited_and_removed_like_a_field(client):
    autor = analista()
    informe, _lectura = services.informe_importar(
        autor=autor, texto=(DATOS / "texto_extra.md").read_text(encoding="utf-8")
    )
    client.force_login(autor)
    nota = "Nota del equipo: este informe se escribió antes de la plantilla actual."
    detalle = client.get(informe.get_absolute_url()).content.decode()
    assert "Texto sin clasificar" in detalle and nota in detalle
    edicion = client.get(f"/informes/{informe.pk}/editar/").content.decode()
    assert 'name="nota__1"' in edicion and 'name="nota__2"' not in edicion
    from tests.formularios import datos_formulario

    datos = datos_formulario(informe)
    assert datos["nota__1"] == nota
    datos["nota__1"] = ""
    client.post(f"/informes/{informe.pk}/editar/", datos)
    informe.refresh_from_db()
    assert informe.notas == {}
    historial = client.get(f"/informes/{informe.pk}/historial/").content.decode()
    assert "Texto sin clasificar de la sección 1" in historial
    assert 'name="nota__1"' not in client.get(f"/informes/{informe.pk}/editar/").content.decode()


def test_a_new_version_keeps_the_sections_unclassified_text():
    informe = services.informe_crear(autor=analista(), notas={"7": "Pendiente de revisar"})
    Informe.objects.filter(pk=informe.pk).update(estado=Estado.APROBADO)
    nueva = services.informe_nueva_version(
        informe=Informe.objects.get(pk=informe.pk), usuario=informe.autor
    )
    assert nueva.notas == {"7": "Pendiente de revisar"}
