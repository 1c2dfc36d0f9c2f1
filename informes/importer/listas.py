"""Rows and diagrams under a listed label: bullet lists, one-line lists, tables, images.

Rows come from list items (the export's shape), from a line listing several
(``numpy 1.26, pandas 2.2``; ``/opt/m/a.pkl, /opt/m/b.toml``; `` `A`, `B` ``),
bracketed or not, and from Markdown tables whose headers name the columns.
Whatever makes no row is given back with its line number, to be kept as text.
"""

from dataclasses import dataclass, field

from .. import dialecto, fragmentos, plantilla
from .. import filas as tipos_de_fila
from ..items import leer_ruta, texto_de_item
from .lectura import Estado, Imagen
from .valores import entre_corchetes, es_pista, marcas

Lineas = list[tuple[int, str]]


@dataclass
class Filas:
    estado: str
    filas: list[dict] = field(default_factory=list)
    no_aplica: str = ""
    sobrantes: Lineas = field(default_factory=list)
    original: str = ""  # a line listing several rows, as written


def _plausible(tipo: tipos_de_fila.TipoFila, texto: str) -> bool:
    """Whether an item of a line listing several rows can be one: prose cannot.

    Inside backticks anything goes; a bare path has no spaces, a bare variable
    is written in capitals.
    """
    if texto.startswith("`") or tipo is tipos_de_fila.BIBLIOTECAS:
        return True
    if tipo is tipos_de_fila.RUTAS:
        fila = leer_ruta(texto)
        return fila is not None and not any(c.isspace() for c in fila["ruta"])
    nombre = texto.split("=", 1)[0].split(":", 1)[0].strip()
    return nombre.isupper()


def _tabla(tipo: tipos_de_fila.TipoFila, filas_tabla: list[tuple[int, str, list[str]]]):
    """Rows of a table: by its headers when they name the columns, else by position."""
    columnas = list(tipo.nombres)
    cuerpo = filas_tabla
    if len(filas_tabla) > 1 and fragmentos.es_separador_tabla(filas_tabla[1][2]):
        nombradas = [tipo.columna_de(dialecto.normalizar(c)) for c in filas_tabla[0][2]]
        if any(nombradas):
            columnas = nombradas
        cuerpo = filas_tabla[2:]
    for numero, linea, celdas in cuerpo:
        valores = dict.fromkeys(tipo.nombres, "")
        for columna, celda in zip(columnas, celdas, strict=False):
            if columna and not valores[columna]:
                valores[columna] = fragmentos.sin_codigo(celda)
        yield numero, valores, linea


def _no_aplica(escritas: Lineas) -> tuple[str | None, Lineas]:
    """A «No aplica» reason on the first line, and the lines after it (rows may follow)."""
    if escritas:
        primera = escritas[0][1].strip()
        motivo = None if dialecto.es_literal(primera) else dialecto.motivo_no_aplica(primera)
        if motivo is not None:
            return motivo.strip(), escritas[1:]
    return None, escritas


def leer_filas(etiqueta: plantilla.Etiqueta, lineas: Lineas) -> Filas:
    """The rows a listed label holds, and the lines that make none."""
    tipo = tipos_de_fila.LISTAS[etiqueta.campo]
    motivo, escritas = _no_aplica([(n, linea) for n, linea in lineas if linea.strip()])
    if len(escritas) == 1 and motivo is None:
        leida = marcas(escritas[0][1].strip(), etiqueta)
        if leida is not None:
            return Filas(leida.estado)
    elementos: list[tuple[int, str | dict, str]] = []  # (line, item or table row, as written)
    sobrantes: Lineas = []
    tabla: list[tuple[int, str, list[str]]] = []
    pista, original = False, ""

    def cerrar_tabla():
        elementos.extend(_tabla(tipo, tabla))
        tabla.clear()

    for numero, linea in escritas:
        limpia = linea.strip()
        celdas = fragmentos.celdas(linea)
        if celdas is not None:
            tabla.append((numero, linea, celdas))
            continue
        cerrar_tabla()
        if es_pista(limpia, etiqueta) or limpia == dialecto.PENDIENTE:
            pista = pista or limpia != dialecto.PENDIENTE
            continue
        texto_item = texto_de_item(linea)
        if texto_item is not None:
            partes = tipo.separar(texto_item) if tipo.separar_antes_de_letra else [texto_item]
            elementos.extend((numero, parte, f"- {texto_item}") for parte in partes)
            continue
        dentro = entre_corchetes(limpia)
        partes = tipo.separar(limpia if dentro is None else dentro)
        if partes and all(_plausible(tipo, p) for p in partes):
            elementos.extend((numero, parte, limpia) for parte in partes)
            original = original or limpia
        else:
            sobrantes.append((numero, linea))
    cerrar_tabla()
    filas, no_leidos = tipo.leer_lista([e for _, e, _ in elementos])
    for indice in no_leidos:
        numero, elemento, escrito = elementos[indice]
        sobrantes.append((numero, f"- {elemento}" if isinstance(elemento, str) else escrito))
    sobrantes.sort(key=lambda par: par[0])
    estado = Estado.VALOR if filas else Estado.PISTA if pista and not sobrantes else Estado.VACIA
    if motivo is not None:
        estado = Estado.NO_APLICA
    return Filas(estado, filas, motivo or "", sobrantes, original)


def leer_diagramas(etiqueta: plantilla.Etiqueta, lineas: Lineas) -> tuple[Filas, list[Imagen]]:
    """The images under «Diagrama de Arquitectura», each with the caption that follows it."""
    motivo, escritas = _no_aplica([(n, linea) for n, linea in lineas if linea.strip()])
    if len(escritas) == 1 and motivo is None:
        leida = marcas(escritas[0][1].strip(), etiqueta)
        if leida is not None:
            return Filas(leida.estado), []
    imagenes: list[Imagen] = []
    sobrantes: Lineas = []
    con_pie = True  # whether the last image already has its caption
    for numero, linea in escritas:
        enlace = dialecto.imagen(linea)
        if enlace is not None:
            alternativo, ruta = enlace
            imagenes.append(Imagen(ruta=ruta, titulo=alternativo, leyenda="", linea=numero))
            con_pie = False
            continue
        pie = fragmentos.leer_pie(linea.strip())
        if pie is not None and not con_pie:
            imagenes[-1].titulo, imagenes[-1].leyenda = pie
            con_pie = True
            continue
        sobrantes.append((numero, linea))
    estado = Estado.NO_APLICA if motivo is not None else Estado.VALOR if imagenes else Estado.VACIA
    return Filas(estado, no_aplica=motivo or "", sobrantes=sobrantes), imagenes
