"""Reading PDFs in tests, with pypdf only (no system tools)."""

import io

import pypdf


def lector(datos: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(datos))


def textos(datos: bytes) -> list[str]:
    """The text of each page."""
    return [pagina.extract_text() or "" for pagina in lector(datos).pages]


def titulos_marcadores(datos: bytes) -> list[str]:
    """Titles of the PDF bookmarks, flattened in order."""
    resultado = []

    def recorrer(nodos):
        for nodo in nodos:
            if isinstance(nodo, list):
                recorrer(nodo)
            else:
                resultado.append(nodo.title)

    recorrer(lector(datos).outline)
    return resultado


def fuentes(datos: bytes) -> set[str]:
    """Base names of every font the pages use, without the subset prefix (``DejaVu-Sans``)."""
    nombres = set()
    for pagina in lector(datos).pages:
        recursos = pagina["/Resources"].get("/Font")
        for fuente in (recursos.get_object() if recursos else {}).values():
            nombres.add(str(fuente.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return nombres
