"""The archival PDF/A of hostile and multilingual reports: what a PDF/A validator checks.

One report holds emoji, CJK, Arabic, combining accents, 300-character words, a long
URL, a 40-column table, a list that continues after a code block and a character no
font has. Its archive (and its draft PDF) is read back with pypdf (structure,
metadata, attachments) and PyMuPDF (glyph ids, positions, text): PDF/A-3
identification, one OutputIntent, every font embedded, no ``.notdef`` (glyph 0),
the Markdown attached once as its source with UTC dates, every label's value in
the text, and nothing drawn past the margins.
"""

import re
import unicodedata
from datetime import UTC
from io import StringIO

import pymupdf
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from informes import demo, services
from informes.exporters import archivo, fetcher, fuentes, markdown, pdf
from informes.models import ArchivoPDF, Informe
from tests.factories import analista
from tests.formularios import controles
from tests.pdfs import lector, textos
from tests.servidor_produccion import Cliente

pytestmark = pytest.mark.django_db

EMOJI = "Despliegue 🚀 listo ✅, aprobado 👍🏽 con ❤️ en 🇨🇴"
CJK = "机器学习模型部署 日本語の説明 한국어 설명"
ARABE = "نموذج تصنيف النشاط الاقتصادي"
COMBINANTES = "Me\u0301xico, an\u0303o y u\u0308ber"
PALABRA = "abcdefghij" * 30
URL = "https://example.org/" + "ruta/" * 55 + "fin"
LINEA_DE_CODIGO = "python deploy.py " + "--opcion=valor" * 22
SIN_FUENTE = "\ue000"  # private use: no installed font has it
NOMBRE = "Clasificador" + "Económico" * 16 + " 模型 🚀"


def tabla(columnas: int, filas: int) -> str:
    cabecera = "| " + " | ".join(f"Columna{i:02d}" for i in range(columnas)) + " |\n"
    separador = "|" + "---|" * columnas + "\n"
    cuerpo = "".join(
        "| " + " | ".join(f"v{i:02d}f{f}" for i in range(columnas)) + " |\n" for f in range(filas)
    )
    return cabecera + separador + cuerpo


TABLA_ANCHA = tabla(40, 2)
TABLA_TEXTO = (
    "| Métrica | Umbral | Descripción |\n|---|--:|---|\n"
    "| Exactitud | ≥ 0,92 | " + "La exactitud se mide cada semana sobre la muestra. " * 6 + "|\n"
)
LISTA = "1. Primero\n2. Segundo\n\n```\nentre listas\n```\n\n3. Tercero\n4. Cuarto\n"

CAMPOS = {
    **demo.CAMPOS,
    "nombre_modelo": NOMBRE,
    "descripcion_modelo": f"{EMOJI}\n\n{CJK}\n\n{ARABE}\n\n{COMBINANTES}\n\n{PALABRA}\n\n{URL}\n",
    "plataforma_despliegue": "阿里云 Kubernetes 集群 ☁️",
    "entorno_despliegue": f"{ARABE} 🏭",
    "hardware_requerido": TABLA_ANCHA,
    "autenticacion": TABLA_TEXTO,
    "encriptacion_datos": f"```\n{LINEA_DE_CODIGO}\n```\n",
    "estrategia_liberacion": LISTA,
    "fase_liberacion": "",
    "comunicacion": f"Canal {SIN_FUENTE} interno.",
}
NO_APLICA = {"fase_liberacion": "لا ينطبق 🚫 único"}
FILAS = {
    "bibliotecas": [{"nombre": "numpy", "version": "1.26"}],
    "rutas": [{"ruta": "/srv/模型/" + "p" * 300, "proposito": "Modelo 🚀 نموذج"}],
    "variables_entorno": [
        {"nombre": "RUTA_MODELO", "proposito": "Ruta del modelo ✅", "valor_ejemplo": "/srv/数据"}
    ],
}
TITULO_DIAGRAMA = "Arquitectura 🚀 架构"
LEYENDA_DIAGRAMA = "Flujo hacia النموذج"

# What the text of the PDF must hold for each label: its value, or the visible
# text of its Markdown (each cell of a table, each item of a list).
FRAGMENTOS = {
    "Nombre del Modelo": [NOMBRE],
    "Descripción del Modelo": [EMOJI, CJK, ARABE, COMBINANTES, PALABRA, URL],
    "Plataforma de Despliegue": [CAMPOS["plataforma_despliegue"]],
    "Entorno de Despliegue": [CAMPOS["entorno_despliegue"]],
    "Hardware Requerido": [f"Columna{i:02d}" for i in range(40)]
    + [f"v{i:02d}f{f}" for i in range(40) for f in range(2)],
    "Autenticación": ["Métrica", "Umbral", "Descripción", "≥ 0,92", "La exactitud se mide"],
    "Encriptación de Datos": [LINEA_DE_CODIGO],
    "Estrategia de Liberación": ["Primero", "Segundo", "entre listas", "Tercero", "Cuarto"],
    "Fase de Liberación": [NO_APLICA["fase_liberacion"]],
    "Comunicación": ["Canal U+E000 interno."],
    "Bibliotecas de Terceros": ["numpy", "1.26"],
    "Rutas de Acceso a los Archivos": [FILAS["rutas"][0]["ruta"], "Modelo 🚀 نموذج"],
    "Variables de Entorno": ["RUTA_MODELO", "Ruta del modelo ✅", "/srv/数据"],
    "Diagrama de Arquitectura": [TITULO_DIAGRAMA, LEYENDA_DIAGRAMA],
}

# The pages' side margins in pdf.css (18 mm), in points.
MARGEN_LATERAL = 18 * 72 / 25.4


def hostil():
    informe = services.informe_crear(
        autor=analista(username="ana", first_name="Ana", last_name="Analista"),
        campos=CAMPOS,
        filas=FILAS,
        no_aplica=NO_APLICA,
    )
    services.diagrama_agregar(
        informe=informe,
        archivo=ContentFile(demo.diagrama_png(), name="arquitectura.png"),
        titulo=TITULO_DIAGRAMA,
        leyenda=LEYENDA_DIAGRAMA,
    )
    return informe


def aprobar(informe):
    Informe.objects.filter(pk=informe.pk).update(estado="aprobado")
    return Informe.objects.get(pk=informe.pk)


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker, tmp_path_factory):
    """The hostile report's draft PDF and archive, rendered once for the module; the
    database work is rolled back and the files are left in a folder of the module."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        informe = hostil()
        borrador = pdf.exportar(informe)
        aprobado = aprobar(informe)
        datos = services.archivo_generar(informe=aprobado).archivo.read()
        resultado = {
            "borrador": borrador,
            "archivo": datos,
            "markdown": markdown.exportar(aprobado),
            "fechas": (aprobado.creado, aprobado.actualizado),
            "nombre": archivo.nombre_adjunto(aprobado),
        }
        transaction.set_rollback(True)
    return resultado


def glifos_cero(datos: bytes) -> list[str]:
    """The characters drawn with glyph 0 (``.notdef``) in any text run."""
    with pymupdf.open(stream=datos) as documento:
        return [
            chr(caracter[0])
            for pagina in documento
            for tramo in pagina.get_texttrace()
            for caracter in tramo["chars"]
            if caracter[1] == 0
        ]


def compacto(texto: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", texto))


# The page's furniture: watermark, running header, footer. Drawn after the page's
# content, they close each page's text, and a value cut by a page break continues
# on the next page once they are left out.
MOBILIARIO = re.compile(r"BORRADOR|Página \d+ de \d+|.*Informe resumen de despliegue")


def texto_del_cuerpo(datos: bytes) -> str:
    """The text of every page without its furniture, joined (pypdf puts right-to-left
    runs and their ligatures in reading order)."""
    return "\n".join(
        linea
        for texto in textos(datos)
        for linea in texto.splitlines()
        if not MOBILIARIO.fullmatch(linea.strip())
    )


def renglones(datos: bytes) -> list[str]:
    """Every line of text as drawn, across spans (a list's marker with its item)."""
    with pymupdf.open(stream=datos) as documento:
        lineas = {}
        for pagina in documento:
            for tramo in pagina.get_texttrace():
                for caracter in tramo["chars"]:
                    clave = (pagina.number, round(caracter[2][1]))
                    lineas.setdefault(clave, []).append((caracter[2][0], chr(caracter[0])))
    return ["".join(c for _x, c in sorted(lineas[k])) for k in sorted(lineas)]


def palabras(datos: bytes, pagina: int) -> list[str]:
    with pymupdf.open(stream=datos) as documento:
        return [p[4] for p in documento[pagina].get_text("words")]


# --- PDF/A structure.


def test_the_archive_identifies_itself_as_pdf_a_3b_in_xmp(corpus):
    raiz = lector(corpus["archivo"]).trailer["/Root"]
    xmp = raiz["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(>|=\")3", xmp)
    assert re.search(r"pdfaid:conformance(>|=\")B", xmp)


def test_the_archive_has_one_srgb_output_intent(corpus):
    raiz = lector(corpus["archivo"]).trailer["/Root"]
    intenciones = raiz["/OutputIntents"]
    assert len(intenciones) == 1
    intencion = intenciones[0].get_object()
    assert intencion["/S"] == "/GTS_PDFA1"
    assert intencion["/DestOutputProfile"].get_object().get_data()  # an ICC profile


def fuentes_sin_incrustar(datos: bytes) -> list[str]:
    """Base names of the fonts, on any page or in any form, whose program is not embedded."""
    with pymupdf.open(stream=datos) as documento:
        return sorted(
            {
                fuente[3]
                for numero in range(documento.page_count)
                for fuente in documento.get_page_fonts(numero, full=True)
                if fuente[1] == "n/a" and fuente[2] != "Type3"
            }
        )


def test_every_font_of_the_archive_is_embedded_and_subset(corpus):
    documento = lector(corpus["archivo"])
    descriptores = []
    for pagina in documento.pages:
        for fuente in pagina["/Resources"]["/Font"].values():
            fuente = fuente.get_object()
            for descendiente in fuente.get("/DescendantFonts", [fuente]):
                descriptores.append(descendiente.get_object()["/FontDescriptor"].get_object())
    assert descriptores
    for descriptor in descriptores:
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), descriptor
        assert re.match(r"/[A-Z]{6}\+", str(descriptor["/FontName"]))  # a subset
    assert fuentes_sin_incrustar(corpus["archivo"]) == []


def test_the_archive_uses_fallback_fonts_for_cjk_arabic_and_emoji(corpus):
    with pymupdf.open(stream=corpus["archivo"]) as documento:
        nombres = {
            fuente[3].split("+")[-1]
            for numero in range(documento.page_count)
            for fuente in documento.get_page_fonts(numero)
        }
    assert {"DejaVu-Sans", "Noto-Sans-CJK-SC", "Noto-Color-Emoji"} <= nombres


@pytest.mark.parametrize("cual", ["archivo", "borrador"])
def test_no_text_run_draws_glyph_zero(corpus, cual):
    assert glifos_cero(corpus[cual]) == []


def test_the_glyph_check_sees_a_notdef_when_one_is_drawn():
    # Rendered without the substitution: the private-use character gets .notdef.
    html = f"<html><body><p>Canal {SIN_FUENTE} interno</p></body></html>"
    datos = pdf.escribir(html, fetcher.FetcherInforme())
    assert glifos_cero(datos) == [SIN_FUENTE]


def test_a_character_no_font_has_is_written_as_its_code_point(corpus):
    for cual in ("archivo", "borrador"):
        assert "Canal U+E000 interno." in texto_del_cuerpo(corpus[cual])
    assert fuentes.sin_glifo(CJK + ARABE + EMOJI + COMBINANTES + SIN_FUENTE) == [SIN_FUENTE]


# --- The attached Markdown.


def test_the_markdown_export_is_attached_once_as_the_source(corpus):
    documento = lector(corpus["archivo"])
    assert documento.attachments == {corpus["nombre"]: [corpus["markdown"].encode("utf-8")]}
    raiz = documento.trailer["/Root"]
    asociados = [a.get_object() for a in raiz["/AF"]]
    assert len(asociados) == 1
    assert asociados[0]["/AFRelationship"] == "/Source"
    assert len(raiz["/Names"]["/EmbeddedFiles"]["/Names"]) == 2  # one name, one file


def fecha_pdf(momento) -> str:
    return momento.astimezone(UTC).strftime("D:%Y%m%d%H%M%SZ")


def test_the_attachments_dates_are_the_reports_in_utc(corpus):
    raiz = lector(corpus["archivo"]).trailer["/Root"]
    parametros = raiz["/AF"][0].get_object()["/EF"]["/F"].get_object()["/Params"]
    creado, actualizado = corpus["fechas"]
    assert parametros["/CreationDate"] == fecha_pdf(creado)
    assert parametros["/ModDate"] == fecha_pdf(actualizado)


# --- What the pages show.


@pytest.mark.parametrize("cual", ["archivo", "borrador"])
def test_the_text_holds_every_labels_value(corpus, cual):
    texto = compacto(texto_del_cuerpo(corpus[cual]))
    faltan = {
        etiqueta: fragmento
        for etiqueta, fragmentos in FRAGMENTOS.items()
        for fragmento in fragmentos
        if compacto(fragmento) not in texto
    }
    assert faltan == {}


@pytest.mark.parametrize("cual", ["archivo", "borrador"])
def test_nothing_is_drawn_past_the_margins(corpus, cual):
    fuera = []
    with pymupdf.open(stream=corpus[cual]) as documento:
        for pagina in documento:
            derecha = pagina.rect.width - MARGEN_LATERAL
            for tramo in pagina.get_texttrace():
                for caracter in tramo["chars"]:
                    x0, _y0, x1, _y1 = caracter[3]
                    if "BORRADOR" not in "".join(chr(c[0]) for c in tramo["chars"]) and (
                        x0 < MARGEN_LATERAL - 1 or x1 > derecha + 1
                    ):
                        fuera.append((pagina.number, chr(caracter[0])))
    assert fuera == []


def test_an_ordered_list_keeps_its_start_after_a_code_block(corpus):
    lineas = [compacto(linea) for linea in renglones(corpus["archivo"])]
    for numero, item in enumerate(["Primero", "Segundo", "Tercero", "Cuarto"], start=1):
        assert f"{numero}.{item}" in lineas


def test_cover_labels_keep_their_words_beside_a_long_name(corpus):
    portada = palabras(corpus["archivo"], 0)
    assert {"Modelo", "Versión", "Estado", "Autores"} <= set(portada)


def test_a_wide_table_keeps_every_header_word_whole(corpus):
    with pymupdf.open(stream=corpus["archivo"]) as documento:
        todas = {p[4] for pagina in documento for p in pagina.get_text("words")}
    assert {f"Columna{i:02d}" for i in range(40)} <= todas


# --- A render that still drew a missing glyph is never archived.


def test_an_archive_drawing_notdef_is_refused_naming_the_label_and_character(monkeypatch):
    # Were a font to claim a character it cannot draw, the substitution would let it
    # through: the renderer's own record of glyphs still refuses the archive.
    monkeypatch.setattr(fuentes, "dibujable", lambda caracter: True)
    informe = aprobar(hostil())
    with pytest.raises(pdf.GlifosFaltantes) as error:
        services.archivo_generar(informe=informe)
    assert error.value.caracteres == [SIN_FUENTE]
    assert error.value.rechazados == ["U+E000 («Comunicación»)"]
    assert "U+E000 («Comunicación»)" in str(error.value)
    assert not ArchivoPDF.objects.exists()


# --- Production parity: gunicorn with the production settings finds the same fonts.


def test_production_draws_cjk_arabic_and_emoji_with_the_installed_fonts(servidor_produccion):
    servidor = servidor_produccion
    cliente = Cliente(servidor)
    cliente.iniciar_sesion("analista")
    datos = controles(cliente.pedir("GET", "/informes/nuevo/").texto)
    datos.update(
        nombre_modelo="Modelo 模型 🚀",
        descripcion_modelo=f"{EMOJI}\n\n{CJK}\n\n{ARABE}\n\n{COMBINANTES}",
        accion="guardar",
    )
    creado = cliente.pedir("POST", "/informes/nuevo/", datos)
    assert creado.status == 302, creado.texto[-2000:]
    pk = re.search(r"/informes/(\d+)/", creado["Location"]).group(1)
    respuesta = cliente.pedir("GET", f"/informes/{pk}/exportar.pdf")
    assert respuesta.status == 200, respuesta.texto[-2000:]
    with pymupdf.open(stream=respuesta.cuerpo) as documento:
        nombres = {f[3].split("+")[-1] for f in documento.get_page_fonts(2)}
    assert {"DejaVu-Sans", "Noto-Sans-CJK-SC", "Noto-Color-Emoji"} <= nombres
    assert glifos_cero(respuesta.cuerpo) == []
    texto = compacto(texto_del_cuerpo(respuesta.cuerpo))
    assert all(compacto(f) in texto for f in (EMOJI, CJK, ARABE, COMBINANTES))


@pytest.mark.django_db(transaction=True)
def test_an_archive_refused_for_a_missing_glyph_is_not_tried_again(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(fuentes, "dibujable", lambda caracter: True)
    informe = aprobar(hostil())
    services.archivo_encolar(informe_id=informe.pk)
    call_command("db_worker", "--batch", stdout=StringIO(), stderr=StringIO())
    [fallida] = DBTaskResult.objects.all()  # failed, and nothing queued again
    assert fallida.status == "FAILED"
    assert fallida.exception_class_path == "informes.exporters.pdf.GlifosFaltantes"
    assert not ArchivoPDF.objects.exists()
