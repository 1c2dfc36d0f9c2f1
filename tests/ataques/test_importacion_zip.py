"""Hostile zips on the import page: each is refused with a message, creates nothing and
stores no file, within the import's CPU budget.

Built the way an attacker would: traversal names, links, too many entries,
sizes that lie, compression bombs, encryption, exotic compression, a central
directory that claims the world. Every refusal comes from the zip's own
directory, before a byte is decompressed, or from a stream that stops at the
size the directory declared.
"""

import gc
import io
import stat
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from informes import limites
from informes.importer import comprimido
from informes.models import Informe
from tests.factories import analista

pytestmark = pytest.mark.django_db

INFORME = b"### 1. Detalles del Modelo\n\n- **Nombre del Modelo:** M\n"


def zip_de(entradas, metodo=zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of (name or ZipInfo, bytes) pairs."""
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", metodo) as zona:
        for nombre, datos in entradas:
            zona.writestr(nombre, datos)
    return salida.getvalue()


def con_informe(*entradas) -> bytes:
    return zip_de([("informe.md", INFORME), *entradas])


def enlace_simbolico(nombre: str, destino: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(nombre)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, destino.encode()


def cifrada() -> bytes:
    datos = bytearray(con_informe(("a.png", b"x")))
    # The general-purpose flag's bit 0, in the central directory record of every entry.
    posicion = datos.find(b"PK\x01\x02")
    while posicion >= 0:
        datos[posicion + 8] |= 0x1
        posicion = datos.find(b"PK\x01\x02", posicion + 4)
    return bytes(datos)


def tamano_declarado(datos: bytes, nombre: bytes, tamano: int) -> bytes:
    """The zip with ``nombre``'s uncompressed size in the central directory set to ``tamano``."""
    datos = bytearray(datos)
    posicion = datos.find(b"PK\x01\x02")
    while posicion >= 0:
        largo_nombre = struct.unpack("<H", datos[posicion + 28 : posicion + 30])[0]
        if datos[posicion + 46 : posicion + 46 + largo_nombre] == nombre:
            datos[posicion + 24 : posicion + 28] = struct.pack("<I", tamano)
        posicion = datos.find(b"PK\x01\x02", posicion + 4)
    return bytes(datos)


def directorio_gigante() -> bytes:
    datos = bytearray(con_informe())
    fin = datos.rfind(b"PK\x05\x06")
    datos[fin + 8 : fin + 16] = struct.pack("<HHI", 60_000, 60_000, 50 * 1024 * 1024)
    return bytes(datos)


def bomba() -> bytes:
    """One entry of 60 MB of zeros: 60 KB compressed, a ratio near 1,000."""
    return con_informe(("diagramas/bomba.png", bytes(60 * 1024 * 1024)))


def mentira_de_tamano() -> bytes:
    # The .md declares 20 bytes but holds 4 KB: the stream stops at the declared size.
    grande = INFORME + b"x" * 4096
    datos = zip_de([("informe.md", grande)], zipfile.ZIP_STORED)
    return tamano_declarado(datos, b"informe.md", 20)


HOSTILES = {
    "nombre con ..": lambda: con_informe(("../fuera.png", b"x")),
    "nombre con .. en medio": lambda: con_informe(("a/../../etc/passwd", b"x")),
    "ruta absoluta": lambda: con_informe(("/etc/passwd", b"x")),
    "unidad de windows": lambda: con_informe(("C:/Windows/x.png", b"x")),
    "barra invertida": lambda: con_informe(("a\\..\\b.png", b"x")),
    "caracter de control": lambda: con_informe(("a\x01.png", b"x")),
    "caracter bidi": lambda: con_informe(("gpj\u202e.png", b"x")),
    "enlace simbolico": lambda: con_informe(enlace_simbolico("d.png", "/etc/passwd")),
    "demasiadas entradas": lambda: con_informe(
        *((f"d{i}.png", b"x") for i in range(limites.IMPORTACION_ZIP_ENTRADAS))
    ),
    "nombre repetido": lambda: con_informe(("a.png", b"1"), ("./a.png", b"2")),
    "tamano declarado enorme": lambda: tamano_declarado(
        con_informe(("d.png", b"x")), b"d.png", limites.IMPORTACION_ZIP_TOTAL + 1
    ),
    "bomba de compresion": bomba,
    "tamano que miente": mentira_de_tamano,
    "cifrado": cifrada,
    "compresion exotica": lambda: zip_de([("informe.md", INFORME)], zipfile.ZIP_BZIP2),
    "directorio gigante": directorio_gigante,
    "no es un zip": lambda: b"PK\x03\x04" + b"\x00" * 200,
    "vacio": lambda: b"",
    "truncado": lambda: con_informe(("d.png", b"x" * 5000))[:-30],
    "sin informe": lambda: zip_de([("d.png", b"x")]),
    "zip dentro del zip": lambda: zip_de([("interior.zip", con_informe())]),
}


def archivos(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.mark.parametrize("nombre", HOSTILES)
def test_a_hostile_zip_is_refused_with_a_message_and_creates_nothing(
    client, media_temporal, nombre
):
    client.force_login(analista())
    datos = HOSTILES[nombre]()
    archivo = SimpleUploadedFile("informe.zip", datos, content_type="application/zip")
    gc.collect()
    inicio = time.process_time()
    respuesta = client.post(reverse("informes:importar"), {"archivo": archivo})
    assert time.process_time() - inicio < limites.CPU_IMPORTACION, nombre
    assert respuesta.status_code == 200, nombre
    assert respuesta.context["form"].errors["archivo"], nombre
    assert not Informe.objects.exists()
    assert archivos(media_temporal) == []


def test_links_that_point_outside_the_zip_read_nothing(client, media_temporal):
    client.force_login(analista())
    markdown = (
        "- **Diagrama de Arquitectura:**\n\n![a](../../../etc/passwd)\n\n![b](/etc/hosts)\n\n"
        "![c](file:///etc/passwd)\n\n![d](carpeta)\n\n![e](%2e%2e/%2e%2e/secreto.png)\n"
    )
    datos = zip_de(
        [("x/informe.md", markdown.encode()), ("x/carpeta/", b""), ("secreto.png", b"s")]
    )
    respuesta = client.post(
        reverse("informes:importar"), {"archivo": SimpleUploadedFile("i.zip", datos)}, follow=True
    )
    assert [d["guardada"] for d in respuesta.context["resumen"]["diagramas"]] == [False] * 5
    assert archivos(media_temporal) == []


def test_a_zip_past_the_upload_budget_is_refused_before_it_is_opened(client, settings):
    client.force_login(analista())
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    datos = con_informe()
    limite = len(datos) - 1
    original = limites.IMPORTACION_ZIP_TAMANO
    limites.IMPORTACION_ZIP_TAMANO = limite
    try:
        respuesta = client.post(
            reverse("informes:importar"), {"archivo": SimpleUploadedFile("i.zip", datos)}
        )
    finally:
        limites.IMPORTACION_ZIP_TAMANO = original
    assert respuesta.context["form"].errors["archivo"]
    assert not Informe.objects.exists()


def test_the_budgets_are_below_what_a_worker_can_hold():
    assert limites.IMPORTACION_ZIP_ENTRADAS <= 100
    assert limites.IMPORTACION_ZIP_TOTAL <= 100 * 1024 * 1024
    assert limites.IMPORTACION_ZIP_RAZON_MAXIMA * limites.IMPORTACION_ZIP_RAZON_DESDE <= (
        limites.IMPORTACION_ZIP_TOTAL
    )
    # The bomb above is refused for its ratio, before anything is inflated.
    assert zlib.compress(bytes(1024 * 1024)).__len__() * limites.IMPORTACION_ZIP_RAZON_MAXIMA < (
        1024 * 1024
    )
    assert comprimido.nombre_seguro("diagramas/diagrama-1.png")
    assert comprimido.nombre_seguro("Informe de cosechas/img/Arquitectura general.png")
