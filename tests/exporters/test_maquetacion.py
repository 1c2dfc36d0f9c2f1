"""The PDF's HTML laid out for the page: list start numbers, typed tables in bands."""

import re

from informes.exporters import maquetacion
from informes.markdown_seguro import renderizar


def documento(markdown: str) -> str:
    return f"<html><head><title>t</title></head><body>{renderizar(markdown)}</body></html>"


def tablas(html: str) -> list[str]:
    return re.findall(r"<table>.*?</table>", html, re.S)


def celdas(tabla: str) -> list[str]:
    return re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", tabla, re.S)


def tabla(columnas: int, filas: int = 2) -> str:
    cabecera = "| " + " | ".join(f"C{i}" for i in range(columnas)) + " |\n"
    separador = "|" + "---|" * columnas + "\n"
    cuerpo = "".join(
        "| " + " | ".join(f"f{f}c{i}" for i in range(columnas)) + " |\n" for f in range(filas)
    )
    return cabecera + separador + cuerpo


def test_each_start_number_gets_one_counter_rule_in_the_head():
    html = maquetacion.preparar(documento("3. tres\n\ntexto\n\n7. siete\n\n- a\n\n3. otra\n"))
    estilo = re.search(r"<style>(.*?)</style></head>", html).group(1)
    assert estilo == (
        'ol[start="3"]{counter-reset:list-item 2}ol[start="7"]{counter-reset:list-item 6}'
    )


def test_a_document_without_numbered_starts_gets_no_rule():
    html = maquetacion.preparar(documento("1. uno\n2. dos\n"))
    assert "<style>" not in html


def test_a_table_that_fits_keeps_its_columns_with_widths_that_add_up():
    html = maquetacion.preparar(documento(tabla(3)))
    [unica] = tablas(html)
    anchos = [float(a) for a in re.findall(r'<col style="width:([\d.]+)%">', unica)]
    assert len(anchos) == 3 and abs(sum(anchos) - 100) < 0.1
    assert celdas(unica) == ["C0", "C1", "C2"] + [f"f{f}c{i}" for f in range(2) for i in range(3)]


def test_a_wide_table_is_cut_into_bands_that_repeat_the_first_column():
    html = maquetacion.preparar(documento(tabla(40)))
    bandas = tablas(html)
    assert len(bandas) > 1
    vistas = []
    for banda in bandas:
        columnas = len(re.findall(r"<col ", banda))
        assert 2 <= columnas <= maquetacion.COLUMNAS_POR_BANDA
        cabeceras = celdas(banda)[:columnas]
        assert cabeceras[0] == "C0"
        vistas.extend(cabeceras[1:])
    assert vistas == [f"C{i}" for i in range(1, 40)]  # every other column once, in order


def test_a_long_column_gets_more_width_than_a_short_one():
    texto = "| N | Descripción |\n|---|---|\n| 1 | " + "texto largo " * 10 + "|\n"
    [unica] = tablas(maquetacion.preparar(documento(texto)))
    corta, larga = (float(a) for a in re.findall(r"width:([\d.]+)%", unica))
    assert larga > 3 * corta


def test_tables_of_the_template_are_left_alone():
    html = '<html><head></head><body><table class="filas"><tr><td>a</td></tr></table></body></html>'
    assert maquetacion.preparar(html) == html
