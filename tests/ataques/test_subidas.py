"""Attacks on uploads: drawings and bitmaps built to hold a worker, each answered by a
clear refusal or a bounded success within its budget (informes/limites/).

Time bounds are CPU seconds of this process plus those of the SVG's child process
(``RUSAGE_CHILDREN`` counts a child once it has been waited for), with generous
margins: they tell a bounded upload from one that runs for minutes, not a fast
machine from a slow one. Every file is generated here.
"""

import gzip
import io
import resource
import struct
import time
import zlib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from informes import images, limites
from informes.forms.diagramas import ERROR_DEMASIADOS
from informes.models import Diagrama, Informe
from tests.factories import InformeFactory
from tests.formularios import controles, error_junto_a

# One SVG: the child's hard CPU limit, and the parent's decoding and re-encoding.
CPU_SVG = limites.SVG_CPU + 1 + 2
# One bitmap of at most PIXELES_DIAGRAMA: decoding, converting and re-encoding.
CPU_MAPA = 4
# Refused before anything is drawn or decoded.
CPU_RECHAZO = 1.5


@contextmanager
def cpu():
    """Yields a list that gets the CPU seconds spent inside, children included."""

    def ahora() -> float:
        hijos = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + hijos.ru_utime + hijos.ru_stime

    gastado: list[float] = []
    inicio = ahora()
    try:
        yield gastado
    finally:
        gastado.append(ahora() - inicio)


def limpiar(nombre: str, datos: bytes):
    """The re-encoded image, or the refusal's message."""
    try:
        return images.limpiar_imagen(SimpleUploadedFile(nombre, datos))
    except ValidationError as error:
        return error.messages[0]


# --- SVG generators.

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
LIENZO = SVG + 'width="800" height="600">'


def svg_abanico(hojas: int = 300, grupos: int = 300, segmentos: int = 3) -> bytes:
    """The issue's probe: a path used ``hojas`` times in a group used ``grupos`` times."""
    d = "M0 0 " + " ".join(f"L{i % 50} {(i * 7) % 50}" for i in range(segmentos))
    hoja = '<use href="#p"/>' * hojas
    usos = '<use href="#g"/>' * grupos
    return f'{LIENZO}<defs><path id="p" d="{d}"/><g id="g">{hoja}</g></defs>{usos}</svg>'.encode()


def svg_duplicacion(niveles: int = 40) -> bytes:
    """Each group uses the previous one twice: 2**niveles copies of one rect."""
    grupos = ['<g id="g0"><rect width="1" height="1"/></g>']
    for i in range(1, niveles + 1):
        grupos.append(
            f'<g id="g{i}"><use xlink:href="#g{i - 1}"/><use xlink:href="#g{i - 1}"/></g>'
        )
    return f'{LIENZO}<defs>{"".join(grupos)}</defs><use xlink:href="#g{niveles}"/></svg>'.encode()


def svg_ciclo() -> bytes:
    return (LIENZO + '<g id="a"><use xlink:href="#b"/></g><g id="b"><use xlink:href="#a"/></g>'
            "</svg>").encode()  # fmt: skip


def svg_anidado(profundidad: int = 100_000) -> bytes:
    return (LIENZO + "<g>" * profundidad + '<rect width="9" height="9"/>' + "</g>" * profundidad
            + "</svg>").encode()  # fmt: skip


def svg_elementos(cantidad: int) -> bytes:
    rects = "".join(
        f'<rect x="{i % 800}" y="{i % 600}" width="3" height="3"/>' for i in range(cantidad)
    )
    return f"{LIENZO}{rects}</svg>".encode()


def svg_lupa() -> bytes:
    """A viewBox that magnifies one small circle 10**30 times (160 s in CairoSVG)."""
    return (
        SVG + 'width="800" height="600" viewBox="0 0 1e-30 1e-30"><circle r="1"/></svg>'
    ).encode()


def svg_vista_enorme() -> bytes:
    rect = '<rect width="1e30" height="1e30" stroke-width="1e29" stroke="red"/>'
    return f'{SVG}width="800" height="600" viewBox="0 0 1e30 1e30">{rect}</svg>'.encode()


def svg_lienzo_enorme() -> bytes:
    return (SVG + 'width="100000" height="100000"><rect width="9" height="9"/></svg>').encode()


def svg_filtros(cantidad: int = 2000) -> bytes:
    filtro = ('<filter id="f"><feGaussianBlur stdDeviation="50"/><feOffset dx="3"/>'
              '<feFlood flood-color="red"/><feBlend mode="multiply"/></filter>')  # fmt: skip
    rects = '<rect width="800" height="600" filter="url(#f)"/>' * cantidad
    return f"{LIENZO}<defs>{filtro}</defs>{rects}</svg>".encode()


def svg_patrones_anidados(niveles: int = 6, por_nivel: int = 10) -> bytes:
    """Each pattern paints ``por_nivel`` rects filled with the previous pattern."""
    patrones = ['<pattern id="p0" width="4" height="4" patternUnits="userSpaceOnUse">'
                '<rect width="2" height="2"/></pattern>']  # fmt: skip
    for i in range(1, niveles + 1):
        rects = f'<rect width="40" height="40" fill="url(#p{i - 1})"/>' * por_nivel
        inicio = f'<pattern id="p{i}" width="40" height="40" patternUnits="userSpaceOnUse">'
        patrones.append(f"{inicio}{rects}</pattern>")
    fondo = f'<rect width="800" height="600" fill="url(#p{niveles})"/>'
    return f"{LIENZO}<defs>{''.join(patrones)}</defs>{fondo}</svg>".encode()


def svg_patron_gigante() -> bytes:
    """One tile 100,000 pixels wide: its own surface would need 40 GB."""
    patron = ('<pattern id="p" width="100000" height="100000" patternUnits="userSpaceOnUse">'
              '<rect width="5" height="5"/></pattern>')  # fmt: skip
    fondo = '<rect width="800" height="600" fill="url(#p)"/>'
    return f"{LIENZO}<defs>{patron}</defs>{fondo}</svg>".encode()


def svg_marcadores(vertices: int = 20_000) -> bytes:
    d = "M0 0 " + " ".join(f"L{(i * 7) % 800} {(i * 13) % 600}" for i in range(vertices))
    marcador = '<marker id="m" markerWidth="9" markerHeight="9"><circle r="3"/></marker>'
    return (f'{LIENZO}<defs>{marcador}</defs><path d="{d}" stroke="black" '
            'marker-mid="url(#m)" fill="none"/></svg>').encode()  # fmt: skip


def svg_texto(caracteres: int = 500_000) -> bytes:
    return f'{LIENZO}<text y="20">{"palabra " * (caracteres // 8)}</text></svg>'.encode()


def svg_pesado() -> bytes:
    """Nearly the 10 MB an upload may weigh, all of it elements."""
    rect = b'<rect width="1" height="1"/>'
    return LIENZO.encode() + rect * ((limites.TAMANO_DIAGRAMA - 1000) // len(rect)) + b"</svg>"


def svg_entidades() -> bytes:
    """The billion laughs: nested XML entities."""
    entidades = '<!ENTITY a0 "jaja">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    return (f'<?xml version="1.0"?><!DOCTYPE svg [{entidades}]>'
            f'{LIENZO}<text>&a9;</text></svg>').encode()  # fmt: skip


def svg_comprimido() -> bytes:
    """An .svgz: gzip that CairoSVG would expand."""
    return gzip.compress(svg_elementos(10) + b" " * 50_000_000)


@dataclass(frozen=True)
class Ataque:
    descripcion: str
    datos: Callable[[], bytes]
    # The messages that may refuse it; a success (a clean PNG) is allowed with None in it.
    mensajes: tuple
    cpu: float = CPU_SVG


ATAQUES_SVG = [
    Ataque("use fan-out 300 x 300 (the issue's 10 KB)", svg_abanico,
           (images.ERROR_SVG_COMPLEJO,), CPU_RECHAZO),
    Ataque("use fan-out with a 1,000-segment leaf (the issue's 17 KB)",
           lambda: svg_abanico(segmentos=1000), (images.ERROR_SVG_COMPLEJO,), CPU_RECHAZO),
    Ataque("doubling use chain, 2**40 rects", svg_duplicacion, (images.ERROR_SVG_COMPLEJO,),
           CPU_RECHAZO),
    Ataque("use cycle", svg_ciclo, (images.ERROR_SVG_COMPLEJO,), CPU_RECHAZO),
    Ataque("100,000 nested groups", svg_anidado, (images.ERROR_SVG_COMPLEJO,), CPU_RECHAZO),
    Ataque("50,000 rects", lambda: svg_elementos(50_000), (images.ERROR_SVG_COMPLEJO,),
           CPU_RECHAZO),
    Ataque("9,000 rects, under the budget", lambda: svg_elementos(9_000),
           (None, images.ERROR_SVG_COSTOSO)),
    Ataque("viewBox magnifying 10**30 times", svg_lupa, (None, images.ERROR_SVG_COSTOSO)),
    Ataque("viewBox of 10**30 units", svg_vista_enorme, (None, images.ERROR_SVG_COSTOSO)),
    Ataque("canvas of 100,000 x 100,000", svg_lienzo_enorme, (images.ERROR_PIXELES,),
           CPU_RECHAZO),
    Ataque("2,000 blurred and flooded rects", svg_filtros, (images.ERROR_SVG_COMPLEJO,),
           CPU_RECHAZO),
    Ataque("patterns nested six deep", svg_patrones_anidados,
           (images.ERROR_SVG_COMPLEJO,), CPU_RECHAZO),
    Ataque("a pattern tile of 100,000 pixels", svg_patron_gigante,
           (None, images.ERROR_SVG_COSTOSO, images.ERROR_SVG)),
    Ataque("markers on 20,000 vertices", svg_marcadores, (images.ERROR_SVG_COMPLEJO,),
           CPU_RECHAZO),
    Ataque("half a million characters of text", svg_texto, (images.ERROR_SVG_COMPLEJO,),
           CPU_RECHAZO),
    Ataque("10 MB of elements", svg_pesado,
           (images.ERROR_SVG_COMPLEJO, images.ERROR_SVG_COSTOSO)),
    Ataque("billion laughs", svg_entidades, (images.ERROR_SVG,), CPU_RECHAZO),
    Ataque("gzip bomb named .svg", svg_comprimido, (images.ERROR_NO_COINCIDE,), CPU_RECHAZO),
]  # fmt: skip


def test_the_attacks_are_what_they_claim():
    assert len(svg_abanico()) < 11_000 and len(svg_abanico(segmentos=1000)) < 18_000
    assert len(svg_pesado()) <= limites.TAMANO_DIAGRAMA
    assert len(svg_comprimido()) < 1_000_000


@pytest.mark.parametrize("ataque", ATAQUES_SVG, ids=[a.descripcion for a in ATAQUES_SVG])
def test_a_hostile_svg_is_refused_or_rasterised_within_its_budget(ataque):
    datos = ataque.datos()
    with cpu() as gastado:
        resultado = limpiar("dibujo.svg", datos)
    if isinstance(resultado, images.ImagenLimpia):
        assert None in ataque.mensajes, f"{ataque.descripcion} was rasterised"
        resultado.archivo.seek(0)
        assert resultado.archivo.read(8) == b"\x89PNG\r\n\x1a\n"
    else:
        assert resultado in [str(m) for m in ataque.mensajes if m is not None], resultado
    assert gastado[0] < ataque.cpu, f"{gastado[0]:.1f} s of CPU"


def test_the_child_is_stopped_at_its_cpu_limit_not_only_at_the_wall_clock():
    # Thirty seconds of wall-clock time: only RLIMIT_CPU can stop the child early.
    from informes import svg

    cotas = svg.Cotas(
        cpu=1,
        memoria=limites.SVG_MEMORIA,
        elementos=limites.SVG_ELEMENTOS,
        profundidad=limites.SVG_PROFUNDIDAD,
        pixeles=limites.PIXELES_DIAGRAMA,
        lado=limites.LADO_DIAGRAMA,
        pixeles_disponibles=limites.PIXELES_POR_INFORME,
    )
    with cpu() as gastado, pytest.raises(svg.Rechazo) as rechazo:
        svg.rasterizar(svg_lupa(), cotas, segundos=30)
    assert rechazo.value.motivo == svg.COSTOSO
    assert gastado[0] < cotas.cpu + 1.5


# --- Bitmaps.


def fragmento(tipo: bytes, datos: bytes) -> bytes:
    cuerpo = tipo + datos
    return struct.pack(">I", len(datos)) + cuerpo + struct.pack(">I", zlib.crc32(cuerpo))


def png_declarado(ancho: int, alto: int, profundidad: int = 1, color: int = 0) -> bytes:
    """A PNG header declaring ``ancho`` x ``alto`` over a few compressed rows."""
    ihdr = struct.pack(">IIBBBBB", ancho, alto, profundidad, color, 0, 0, 0)
    fila = b"\x00" + b"\x00" * ((ancho * profundidad + 7) // 8)
    idat = zlib.compress(fila * 16, 9)
    return (b"\x89PNG\r\n\x1a\n" + fragmento(b"IHDR", ihdr) + fragmento(b"IDAT", idat)
            + fragmento(b"IEND", b""))  # fmt: skip


def png_1bit(megapixeles: float) -> bytes:
    lado = int((megapixeles * 1_000_000) ** 0.5)
    salida = io.BytesIO()
    Image.new("1", (lado, lado)).save(salida, format="PNG")
    return salida.getvalue()


def jpeg_declarado(ancho: int, alto: int) -> bytes:
    """A tiny JPEG whose frame header claims ``ancho`` x ``alto``."""
    salida = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(salida, format="JPEG")
    datos = bytearray(salida.getvalue())
    sof = datos.index(b"\xff\xc0")
    datos[sof + 5 : sof + 9] = struct.pack(">HH", alto, ancho)
    return bytes(datos)


ATAQUES_MAPA = [
    ("png.png", "PNG declaring 60,000 x 60,000", png_declarado(60_000, 60_000),
     images.ERROR_PIXELES),
    ("png.png", "16-bit RGBA PNG declaring 20,000 x 20,000",
     png_declarado(20_000, 20_000, 16, 6), images.ERROR_PIXELES),
    ("png.png", "1-bit PNG of 26 MP", png_1bit(26), images.ERROR_PIXELES),
    ("png.png", "PNG 13,000 pixels wide", png_declarado(13_000, 10), images.ERROR_PIXELES),
    ("foto.jpg", "JPEG declaring 65,000 x 65,000", jpeg_declarado(65_000, 65_000),
     images.ERROR_PIXELES),
    ("png.png", "1-bit PNG of 24 MP, under the cap", png_1bit(24), None),
]  # fmt: skip


@pytest.mark.parametrize("nombre,descripcion,datos,mensaje", ATAQUES_MAPA,
                         ids=[a[1] for a in ATAQUES_MAPA])  # fmt: skip
def test_a_pixel_bomb_is_refused_before_decoding(nombre, descripcion, datos, mensaje):
    with cpu() as gastado:
        resultado = limpiar(nombre, datos)
    if mensaje is None:
        assert isinstance(resultado, images.ImagenLimpia)
        assert resultado.ancho * resultado.alto <= limites.PIXELES_DIAGRAMA
        assert gastado[0] < CPU_MAPA
    else:
        assert resultado in (str(mensaje), str(images.ERROR_TRUNCADA))
        assert gastado[0] < CPU_RECHAZO, f"{gastado[0]:.1f} s: decoded before refusing"


# --- Many files in one save, through the real form.


def subir(client, informe, archivos):
    url = reverse("informes:editar", args=[informe.pk])
    datos = controles(client.get(url).content.decode())
    datos.update({"accion": "guardar", "hardware_requerido": "Texto tecleado"})
    datos["archivos"] = archivos
    return client.post(url, datos)


def rechazo_junto_al_campo(respuesta, informe) -> str:
    html = respuesta.content.decode()
    assert respuesta.status_code == 400 and "Texto tecleado" in html
    assert Informe.objects.get(pk=informe.pk).contador_cambios == informe.contador_cambios
    assert not Diagrama.objects.exists()
    return error_junto_a(html, "id_archivos")


@pytest.mark.django_db
def test_ten_24_mp_bitmaps_stop_at_the_report_s_pixels(client, media_temporal):
    informe = InformeFactory()
    client.force_login(informe.autor)
    archivos = [SimpleUploadedFile(f"p{i}.png", png_1bit(24)) for i in range(10)]
    with cpu() as gastado:
        error = rechazo_junto_al_campo(subir(client, informe, archivos), informe)
    # Two fit in 60 MP; the other eight are refused from their headers, undecoded.
    assert error.count(str(images.ERROR_PIXELES_INFORME)) == 8
    assert gastado[0] < 2 * CPU_MAPA + 8 * CPU_RECHAZO
    assert not any(p.is_file() for p in media_temporal.rglob("*"))


@pytest.mark.django_db
def test_more_files_than_a_save_takes_are_refused_at_once(client):
    informe = InformeFactory()
    client.force_login(informe.autor)
    archivos = [
        SimpleUploadedFile(f"d{i}.svg", svg_lupa()) for i in range(limites.ARCHIVOS_POR_SUBIDA + 1)
    ]
    with cpu() as gastado:
        error = rechazo_junto_al_campo(subir(client, informe, archivos), informe)
    assert str(ERROR_DEMASIADOS) in error
    assert gastado[0] < CPU_RECHAZO + 2  # the page itself, twice; nothing rasterised


@pytest.mark.django_db
def test_ten_costly_svgs_in_one_save_share_one_budget(client):
    informe = InformeFactory()
    client.force_login(informe.autor)
    archivos = [
        SimpleUploadedFile(f"lupa{i}.svg", svg_lupa()) for i in range(limites.ARCHIVOS_POR_SUBIDA)
    ]
    with cpu() as gastado:
        error = rechazo_junto_al_campo(subir(client, informe, archivos), informe)
    # Each child needs SVG_CPU seconds at least, so ten cannot fit in SUBIDA_SEGUNDOS:
    # the last ones are refused without being tried.
    assert limites.ARCHIVOS_POR_SUBIDA * limites.SVG_CPU > limites.SUBIDA_SEGUNDOS
    assert str(images.ERROR_SUBIDA_TIEMPO) in error
    assert error.count("lupa") == limites.ARCHIVOS_POR_SUBIDA
    assert gastado[0] < limites.SUBIDA_SEGUNDOS + CPU_SVG + 2
