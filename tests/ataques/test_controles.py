"""Invisible, bidi and control characters, and line breaks in one-line fields.

Each is refused with a message beside its field (values kept, nothing saved)
in every text field of the report, its rows, its diagrams' titles and
captions, the reasons for «No aplica», reviewers' comments, and the import.
"""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from informes import services
from informes.importer import formulario as importacion
from informes.models import Diagrama, Estado, Informe
from informes.models.informe import validar_sin_control, validar_una_linea
from tests.factories import InformeFactory, analista
from tests.formularios import datos_formulario, editar_url, error_junto_a, filas, html_de, png
from tests.permisos import preparar

pytestmark = pytest.mark.django_db

MENSAJE_CONTROL = str(validar_sin_control.message)
MENSAJE_LINEA = str(validar_una_linea.message)
DATOS = Path(__file__).resolve().parent.parent / "data"

INVISIBLES = {
    "RLO": "\u202e",
    "LRE": "\u202a",
    "PDF": "\u202c",
    "LRI": "\u2066",
    "PDI": "\u2069",
    "ZWSP": "\u200b",
    "ZWJ": "\u200d",
    "WJ": "\u2060",
    "BOM": "\ufeff",
    "RLM": "\u200f",
    "C1-CSI": "\x9b",
    "C1-NEL": "\x85",
    "C0-ESC": "\x1b",
}
SALTOS = {"LF": "\n", "CR": "\r", "CRLF": "\r\n", "LS": "\u2028", "PS": "\u2029"}


@pytest.fixture
def informe():
    informe = InformeFactory()
    services.diagrama_agregar(
        informe=informe, archivo=SimpleUploadedFile("d.png", png()), titulo="Arquitectura"
    )
    return informe


@pytest.fixture
def autor(client, informe):
    client.force_login(informe.autor)
    return informe.autor


def en_medio(caracter: str) -> str:
    # The PDF shows «admin\u202egpj.exe» as «adminexe.jpg».
    return f"admin{caracter}gpj.exe"


# Every text field of the form by its posted name and its id; each a one-line
# field but the two Markdown ones.
CAMPOS = {
    "nombre_modelo": {},
    "archivo_principal": {},
    "descripcion_modelo": {},
    "instalacion": {},
    "no_aplica__rutas": {},
    "rutas-0-ruta": filas("rutas", [{"ruta": "/srv/modelo", "proposito": "x"}]),
    "rutas-0-proposito": filas("rutas", [{"ruta": "/srv/modelo", "proposito": "x"}]),
    "variables_entorno-0-proposito": filas(
        "variables_entorno", [{"nombre": "MODELO", "proposito": "x", "valor_ejemplo": "y"}]
    ),
    "variables_entorno-0-valor_ejemplo": filas(
        "variables_entorno", [{"nombre": "MODELO", "proposito": "x", "valor_ejemplo": "y"}]
    ),
    "bibliotecas-0-nombre": filas("bibliotecas", [{"nombre": "numpy", "version": "1.26"}]),
    "diagramas-0-titulo": {},
    "diagramas-0-leyenda": {},
    "titulo_nuevo": {},
    "leyenda_nueva": {},
}
MARKDOWN = {"descripcion_modelo", "instalacion"}


def enviar(client, informe, campo, valor):
    datos = datos_formulario(informe, **CAMPOS[campo])
    datos[campo] = valor
    return client.post(editar_url(informe), datos)


def rechazado(respuesta, campo, mensaje, informe):
    assert respuesta.status_code == 400
    assert mensaje in error_junto_a(html_de(respuesta), f"id_{campo}")
    guardado = Informe.objects.get(pk=informe.pk)
    assert guardado.contador_cambios == informe.contador_cambios
    assert guardado.diagramas.get().titulo == "Arquitectura"


@pytest.mark.parametrize("caracter", INVISIBLES.values(), ids=INVISIBLES.keys())
def test_every_invisible_character_is_refused(client, informe, autor, caracter):
    for campo in ("nombre_modelo", "descripcion_modelo"):
        respuesta = enviar(client, informe, campo, en_medio(caracter))
        rechazado(respuesta, campo, MENSAJE_CONTROL, informe)


@pytest.mark.parametrize("campo", CAMPOS)
def test_every_text_field_refuses_them_beside_itself(client, informe, autor, campo):
    respuesta = enviar(client, informe, campo, en_medio("\u202e"))
    rechazado(respuesta, campo, MENSAJE_CONTROL, informe)


@pytest.mark.parametrize("salto", SALTOS.values(), ids=SALTOS.keys())
def test_every_line_break_is_refused_in_a_one_line_field(client, informe, autor, salto):
    respuesta = enviar(client, informe, "nombre_modelo", f"primera{salto}segunda")
    rechazado(respuesta, "nombre_modelo", MENSAJE_LINEA, informe)


@pytest.mark.parametrize("campo", sorted(set(CAMPOS) - MARKDOWN - {"bibliotecas-0-nombre"}))
def test_every_one_line_field_refuses_line_breaks(client, informe, autor, campo):
    respuesta = enviar(client, informe, campo, "primera\nsegunda")
    rechazado(respuesta, campo, MENSAJE_LINEA, informe)


@pytest.mark.parametrize("campo", sorted(MARKDOWN))
def test_markdown_fields_keep_their_line_breaks(client, informe, autor, campo):
    respuesta = enviar(client, informe, campo, "primera\r\nsegunda\n\ntercera")
    assert respuesta.status_code == 302
    assert "segunda\n\ntercera" in getattr(Informe.objects.get(pk=informe.pk), campo)


def test_the_refused_value_stays_in_the_form(client, informe, autor):
    respuesta = enviar(client, informe, "nombre_modelo", en_medio("\u202e"))
    assert 'value="admin\u202egpj.exe"' in html_de(respuesta)


def test_autosave_refuses_them_too(client, informe, autor):
    datos = datos_formulario(informe, nombre_modelo=en_medio("\u202e"))
    respuesta = client.post(reverse("informes:autoguardar", args=[informe.pk]), datos)
    assert respuesta.status_code == 400
    assert Informe.objects.get(pk=informe.pk).nombre_modelo == informe.nombre_modelo


def test_the_services_refuse_them_whatever_the_caller():
    informe = InformeFactory()
    with pytest.raises(ValidationError):
        services.informe_guardar(
            informe=informe,
            editor=informe.autor,
            contador_esperado=informe.contador_cambios,
            campos={"nombre_modelo": en_medio("\u2067")},
            no_aplica={},
            filas={},
            diagramas=None,
        )


def test_a_file_name_lends_its_title_without_its_invisible_characters(client, informe, autor):
    datos = datos_formulario(informe)
    datos["archivos"] = SimpleUploadedFile("red\u202e de datos\u200b.png", png())
    respuesta = client.post(editar_url(informe), datos)
    assert respuesta.status_code == 302
    assert Diagrama.objects.filter(informe=informe, titulo="red de datos").exists()


# --- Reviewers' comments.


@pytest.mark.parametrize(
    ("url", "datos", "id_error"),
    [
        ("informes:comentar", {"texto": en_medio("\u202e"), "seccion": "2"}, None),
        ("informes:aprobar", {"comentario": en_medio("\u200b")}, "aprobar-error"),
        (
            "informes:solicitar_cambios",
            {"comentario": en_medio("\u2066")},
            "solicitar-cambios-error",
        ),
    ],
    ids=["comentario", "aprobar", "solicitar-cambios"],
)
def test_review_comments_refuse_them_beside_the_field(client, url, datos, id_error):
    informe, rev = preparar("revisor", Estado.EN_REVISION)
    client.force_login(rev)
    comentarios = informe.comentarios.count()
    respuesta = client.post(reverse(url, args=[informe.pk]), datos)
    assert respuesta.status_code == 400
    html = html_de(respuesta)
    assert MENSAJE_CONTROL in html
    if id_error:
        assert f'id="{id_error}"' in html
    assert informe.comentarios.count() == comentarios
    assert Informe.objects.get(pk=informe.pk).estado == Estado.EN_REVISION


# --- Import.


@pytest.mark.parametrize("caracter", ["\u202e", "\u200b", "\x9b", "\ufeff"], ids=repr)
@pytest.mark.parametrize(
    ("buscado", "linea"),
    [("Predictor de deserción", 9), ("scikit-learn 1.0", 21)],
    ids=["campo", "fila"],
)
def test_an_import_names_the_line_of_an_invisible_character(client, caracter, buscado, linea):
    client.force_login(analista())
    texto = (DATOS / "plantilla_llena.md").read_text()
    assert texto.splitlines()[linea - 1].count(buscado) == 1
    texto = texto.replace(buscado, buscado[:4] + caracter + buscado[4:])
    archivo = SimpleUploadedFile("informe.md", texto.encode())
    respuesta = client.post(reverse("informes:importar"), {"archivo": archivo})
    html = html_de(respuesta)
    mensaje = str(importacion.MENSAJE_INVISIBLE) % {
        "linea": linea,
        "codigo": f"U+{ord(caracter):04X}",
    }
    assert mensaje.replace("«", "&laquo;") in html or mensaje in html
    assert not Informe.objects.exists()


def test_an_import_may_start_with_a_byte_order_mark(client):
    client.force_login(analista())
    texto = (DATOS / "plantilla_llena.md").read_bytes()
    archivo = SimpleUploadedFile("informe.md", b"\xef\xbb\xbf" + texto)
    respuesta = client.post(reverse("informes:importar"), {"archivo": archivo})
    assert respuesta.status_code == 302
    assert Informe.objects.get().nombre_modelo == "Predictor de deserción escolar"
