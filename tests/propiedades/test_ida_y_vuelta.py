"""A report goes out and comes back the same: export, import, export, on arbitrary content.

The property is about stored values, not only bytes: the imported draft's
fields, «No aplica» marks, section notes and rows equal the original's, and
exporting it again gives the same Markdown. Through a zip, the diagrams come
back with their titles, captions, order and exactly the same pixels.
"""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PIL import Image

from informes import dialecto, filas, images, plantilla, services
from informes.exporters import comprimido, markdown
from informes.importer import comprimido as zip_importado
from informes.models import Informe
from tests.exportacion import esqueleto
from tests.factories import analista

pytestmark = pytest.mark.django_db

PLANTILLA = plantilla.RUTA_PLANTILLA.read_text(encoding="utf-8")
INTRODUCCION_8 = plantilla.SECCIONES[7].introduccion

# Pieces that look like the export's own structure, or that a careless writer
# changes on the way (spaces at line ends, non-breaking spaces, CRLF), mixed
# with plain characters.
PIEZAS = [
    "a", "b", " ", "  ", "\t", "\xa0", "\u2028", "é", "#", "# ", "## x", "=", "===", "---", "-",
    "- ", "* ", "+ ", "**", "**Python:**", "- **Python:** 3", "**Detalles del Modelo**",
    "- **Otra:** x", "```", "~~~", "`", "``", "\\", "[", "]", "(", ")", "No aplica:",
    "no aplicable", "_(Pendiente)_", "_Ejemplo:_", "_Texto sin clasificar:_",
    "<!-- informe-metadatos", "-->", "|", "| a | b |", "|---|", "1. ", "![x](y)",
    "_Figura 1. x_", "> ", "    ", "_", "*", "ejemplo", "(ejemplo: `x`)", ":", ",", ";",
    "### 2. Plataforma de Despliegue", "[Versión]", INTRODUCCION_8,
]  # fmt: skip
SALTOS = ["\n", "\n\n", "\r\n", "\r", "  \n"]
texto_markdown = st.lists(st.sampled_from(PIEZAS + SALTOS), max_size=24).map("".join)
texto_linea = st.lists(st.sampled_from(PIEZAS), max_size=8).map("".join).map(str.strip)
identificador = st.from_regex(r"[A-Z_][A-Z0-9_]{0,12}", fullmatch=True)
paquete = st.from_regex(r"[a-z][a-z0-9._-]{0,10}[a-z0-9](\[[a-z]{1,5}\])?", fullmatch=True)
version = st.sampled_from(["", "1.0", "2.5rc1", ">=1.0,<2", "==1.4", "~=1.4", "1.0.*", "!=1.5"])

CAMPOS_MARKDOWN = [e.campo for e in plantilla.ETIQUETAS if e.tipo == plantilla.Tipo.MARKDOWN]
CAMPOS_LINEA = [
    e.campo
    for e in plantilla.ETIQUETAS
    if e.tipo == plantilla.Tipo.LINEA and e.campo != "version_python"
]


@st.composite
def contenidos(draw):
    campos = {c: draw(texto_markdown) for c in draw(st.sets(st.sampled_from(CAMPOS_MARKDOWN)))}
    campos |= {c: draw(texto_linea) for c in draw(st.sets(st.sampled_from(CAMPOS_LINEA)))}
    campos["version_python"] = draw(st.sampled_from(["", "3.11", "3.9.18", "3.12rc1"]))
    etiquetas = [e.campo for e in plantilla.ETIQUETAS]
    no_aplica = {
        c: draw(texto_linea.filter(bool)) for c in draw(st.sets(st.sampled_from(etiquetas)))
    }
    notas = {
        str(n): draw(texto_markdown)
        for n in draw(st.sets(st.integers(1, len(plantilla.SECCIONES))))
    }
    filas_ = {
        "bibliotecas": draw(
            st.lists(st.fixed_dictionaries({"nombre": paquete, "version": version}), max_size=3)
        ),
        "rutas": draw(
            st.lists(
                st.fixed_dictionaries({"ruta": texto_linea.filter(bool), "proposito": texto_linea}),
                max_size=3,
            )
        ),
        "variables_entorno": [
            {"nombre": n, "proposito": draw(texto_linea), "valor_ejemplo": draw(texto_linea)}
            for n in draw(st.lists(identificador, max_size=3, unique=True))
        ],
    }
    return {"campos": campos, "no_aplica": no_aplica, "notas": notas, "filas": filas_}


def guardado(informe: Informe) -> dict:
    """What a report stores: its fields, marks, notes and rows in order (diagrams apart)."""
    informe = Informe.objects.get(pk=informe.pk)
    return {
        "campos": {c: getattr(informe, c) for c in plantilla.CAMPOS_SIMPLES},
        "no_aplica": informe.no_aplica,
        "notas": informe.notas,
        "filas": {
            campo: [tipo.valores(f) for f in getattr(informe, campo).all()]
            for campo, tipo in filas.LISTAS.items()
        },
    }


def crear(contenido: dict, autor) -> Informe:
    """The report as the services store it; content they refuse is no report."""
    try:
        with transaction.atomic():
            return services.informe_crear(autor=autor, **contenido)
    except ValidationError:
        assume(False)


def subrayados(texto: str) -> list[str]:
    """Lines of text underlined as headings (``===`` or ``---`` after a line), outside code."""
    resultado, anterior = [], ""
    for linea, codigo in dialecto.en_cerco(texto.split("\n")):
        subrayado = None if codigo else dialecto.SUBRAYADO.match(linea)
        if subrayado and anterior.strip() and not subrayado["barras"]:
            resultado.append(anterior)
        anterior = linea
    return resultado


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(contenido=contenidos())
def test_export_import_export_keeps_the_markdown_and_every_stored_value(contenido):
    # Each example runs in a savepoint that is rolled back: audit entries are
    # append-only, so the reports they point to cannot simply be deleted.
    with transaction.atomic():
        autor = analista(username="ida-y-vuelta")
        original = crear(contenido, autor)
        primero = markdown.exportar(original)
        assert esqueleto(primero) == esqueleto(PLANTILLA)
        assert subrayados(primero) == []
        importado, _lectura = services.informe_importar(autor=autor, texto=primero)
        assert guardado(importado) == guardado(original)
        assert markdown.exportar(importado) == primero
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("escrito", "guardado_"),
    [
        ("línea  \r\notra\r\n", "línea  \notra"),  # CRLF: Unix newlines; the hard break stays
        ("a\xa0b  \nc", "a\xa0b  \nc"),  # non-breaking space and hard break: kept
        ("```sh\nmake", "```sh\nmake\n```"),  # a fence left open is closed
        ("  sangría", "sangría"),  # as the form strips
    ],
)
def test_what_is_stored_is_what_the_export_writes(escrito, guardado_):
    informe = services.informe_crear(autor=analista(), campos={"instalacion": escrito})
    assert informe.instalacion == guardado_
    texto = markdown.exportar(informe)
    assert f"- **Instalación:**\n\n{guardado_}\n" in texto
    importado, _lectura = services.informe_importar(autor=informe.autor, texto=texto)
    assert importado.instalacion == guardado_


def test_the_form_saves_values_as_stored_and_shows_them(client):
    informe = services.informe_crear(autor=analista(), campos={"nombre_modelo": "M"})
    client.force_login(informe.autor)
    from tests.formularios import datos_formulario

    datos = datos_formulario(informe, descripcion_modelo="uno\r\ndos  \r\ntres")
    client.post(f"/informes/{informe.pk}/editar/", datos)
    informe.refresh_from_db()
    assert informe.descripcion_modelo == "uno\ndos  \ntres"
    html = client.get(f"/informes/{informe.pk}/editar/").content.decode()
    assert "uno\ndos  \ntres</textarea>" in html


# --- Through a zip, with diagrams.


def imagen(formato: str, ancho: int, alto: int, datos: bytes) -> ContentFile:
    modo = "RGBA" if formato in ("PNG", "WEBP") else "RGB"
    bandas = len(modo)
    pixeles = (datos * (ancho * alto * bandas // max(len(datos), 1) + 1))[: ancho * alto * bandas]
    salida = io.BytesIO()
    opciones = {"JPEG": {"quality": 85}, "WEBP": {"quality": 80}, "PNG": {}}[formato]
    Image.frombytes(modo, (ancho, alto), pixeles).save(salida, format=formato, **opciones)
    extension = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}[formato]
    return ContentFile(salida.getvalue(), name=f"d.{extension}")


def pixeles(datos: bytes) -> tuple:
    leida = Image.open(io.BytesIO(datos))
    return leida.format, leida.mode, leida.size, leida.tobytes()


def diagramas_del_zip(datos: bytes) -> dict[str, tuple]:
    with zipfile.ZipFile(io.BytesIO(datos)) as zona:
        return {n: pixeles(zona.read(n)) for n in zona.namelist() if not n.endswith(".md")}


def markdown_del_zip(datos: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(datos)) as zona:
        return next(zona.read(n) for n in zona.namelist() if n.endswith(".md")).decode()


diagrama = st.fixed_dictionaries(
    {
        "formato": st.sampled_from(["PNG", "JPEG", "WEBP"]),
        "ancho": st.integers(1, 48),
        "alto": st.integers(1, 48),
        "datos": st.binary(min_size=1, max_size=64),
        "titulo": texto_linea.filter(bool),
        "leyenda": texto_linea,
    }
)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(contenido=contenidos(), dibujos=st.lists(diagrama, min_size=1, max_size=3))
def test_zip_export_import_export_keeps_markdown_and_the_diagrams_pixels(contenido, dibujos):
    with transaction.atomic():
        autor = analista(username="zip-ida-y-vuelta")
        original = crear(contenido, autor)
        for d in dibujos:
            archivo = imagen(d["formato"], d["ancho"], d["alto"], d["datos"])
            try:
                services.diagrama_agregar(
                    informe=original, archivo=archivo, titulo=d["titulo"], leyenda=d["leyenda"]
                )
            except ValidationError:
                assume(False)
        primero = comprimido.exportar(original)
        paquete = zip_importado.abrir(io.BytesIO(primero))
        importado, lectura = services.informe_importar(
            autor=autor, texto=paquete.texto, paquete=paquete
        )
        assert all(d.guardada for d in lectura.diagramas)
        segundo = comprimido.exportar(importado)
        assert markdown_del_zip(segundo) == markdown_del_zip(primero)
        assert diagramas_del_zip(segundo) == diagramas_del_zip(primero)
        assert guardado(importado) == guardado(original)
        columnas = ("titulo", "leyenda", "orden", "ancho", "alto")
        assert list(importado.diagramas.values_list(*columnas)) == list(
            original.diagramas.values_list(*columnas)
        )
        transaction.set_rollback(True)


def test_an_uploaded_jpeg_keeps_its_pixels_through_every_later_round_trip():
    informe = services.informe_crear(autor=analista(), campos={"nombre_modelo": "M"})
    archivo = imagen("JPEG", 40, 30, bytes(range(256)))
    services.diagrama_agregar(informe=informe, archivo=archivo, titulo="Foto")
    antes = diagramas_del_zip(comprimido.exportar(informe))
    for _vuelta in range(3):
        paquete = zip_importado.abrir(io.BytesIO(comprimido.exportar(informe)))
        informe, _lectura = services.informe_importar(
            autor=informe.autor, texto=paquete.texto, paquete=paquete
        )
    assert diagramas_del_zip(comprimido.exportar(informe)) == antes
    assert images.FORMATOS["JPEG"] == "jpg"
