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
