"""Read a Markdown report written from the template back into field values.

Headings and labels are matched by their text, ignoring case, accents,
numbering, bold and trailing colons, so renumbered sections, missing sections,
hints left in brackets and the export's own pending and "No aplica" markers are
all understood. Nothing is fetched: image references are only listed.

Text that matches no label is never dropped: it is appended, under a visible
"_Texto sin clasificar:_" line, to the nearest Markdown field that precedes it
in the template (or the first one when nothing precedes it).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from .. import plantilla
from ..exporters.markdown import (
    FIN_METADATOS,
    INICIO_METADATOS,
    PENDIENTE,
    desescapar_linea,
    en_cerco,
    normalizar_texto,
)
from ..models import Biblioteca, Informe, RutaArchivo, VariableEntorno

MARCA_SIN_CLASIFICAR = "_Texto sin clasificar:_"

ENCABEZADO = re.compile(r"^[ ]{0,3}(#{1,6})[ \t]+(?P<texto>.*?)[ \t]*#*[ \t]*$")
ETIQUETA = re.compile(
    # "**Label:** value" or "**Label**: value"; the colon is eaten once, not from the value.
    r"^(?P<sangria>[ \t]*)(?:[-*+][ \t]+)?\*\*(?P<texto>[^*\n]+?)(?P<dentro>:)?\*\*"
    r"(?(dentro)|[ \t]*:?)[ \t]*(?P<resto>.*)$"
)
ETIQUETA_DESCONOCIDA = re.compile(r"^[ \t]*[-*+][ \t]+\*\*[^*\n]+?(:\*\*|\*\*[ \t]*:)")
NUMERACION = re.compile(r"^\s*(?:\d+|[ivxlc]+)\s*[.)\-:]?\s+")
IMAGEN = re.compile(r"^\s*!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)[^)]*\)\s*$")
ITEM = re.compile(r"^[ \t]*[-*+][ \t]+(?P<texto>.*)$")
PIE_FIGURA = re.compile(r"^_Figura \d+\..*")
MARCADOR_ESCAPADO = re.compile(r"^\\\\*(No aplica:|_\(Pendiente\)_|\[)")
NO_APLICA = re.compile(r"^[_*]?No aplica\s*:?\s*(?P<motivo>.*?)[_*]?$", re.I | re.S)
EJEMPLO = re.compile(r"^_Ejemplo:?_:?\s*", re.M)
BIBLIOTECA = re.compile(
    r"^(?P<nombre>[A-Za-z0-9][A-Za-z0-9._-]*(?:\[[A-Za-z0-9._,-]+\])?)"
    r"\s*(?:==|:|\s)?\s*(?P<version>.*)$"
)
VARIABLE = re.compile(
    r"^`?(?P<nombre>[A-Za-z_][A-Za-z0-9_]*)`?\s*(?:[:=\-—–]\s*(?P<proposito>.*?))?"
    r"\s*(?:\((?:ejemplo|e\.g\.)\s*:?\s*`?(?P<ejemplo>[^`)]*)`?\))?\s*$",
    re.I,
)
RUTA = re.compile(r"^`(?P<ruta>[^`]+)`\s*(?:[:\-—–]\s*(?P<proposito>.*))?$")


def normalizar(texto: str) -> str:
    """Casefolded, without accents, numbering, bold, colons or extra spaces."""
    texto = unicodedata.normalize("NFKD", texto.replace("*", "").replace("_", " "))
    texto = "".join(c for c in texto if not unicodedata.combining(c))
    texto = NUMERACION.sub("", texto.casefold())
    return " ".join(texto.strip().rstrip(":").split())


SECCIONES = {normalizar(s.titulo): s for s in plantilla.SECCIONES}
ETIQUETAS = {normalizar(e.texto): e for e in plantilla.ETIQUETAS}
GRUPOS = {normalizar(e.grupo) for e in plantilla.ETIQUETAS if e.grupo}
TITULO = normalizar(plantilla.TITULO)
INTRODUCCIONES = {normalizar(s.introduccion) for s in plantilla.SECCIONES if s.introduccion}
ORDEN = {e.campo: i for i, e in enumerate(plantilla.ETIQUETAS)}
CAMPOS_MARKDOWN = [e.campo for e in plantilla.ETIQUETAS if e.tipo == plantilla.Tipo.MARKDOWN]


@dataclass
class Lectura:
    """What a Markdown file holds, ready for ``services.informe_importar``."""

    campos: dict[str, str] = field(default_factory=dict)
    filas: dict[str, list[dict]] = field(default_factory=dict)
    no_aplica: dict[str, str] = field(default_factory=dict)
    sin_clasificar: list[str] = field(default_factory=list)
    diagramas: list[str] = field(default_factory=list)
    metadatos: dict[str, str] = field(default_factory=dict)
    reconocida: bool = False  # at least one heading or label of the template

    @property
    def llenas(self) -> list[plantilla.Etiqueta]:
        return [e for e in plantilla.ETIQUETAS if self._llena(e)]

    @property
    def vacias(self) -> list[plantilla.Etiqueta]:
        return [e for e in plantilla.ETIQUETAS if not self._llena(e)]

    def _llena(self, etiqueta: plantilla.Etiqueta) -> bool:
        campo = etiqueta.campo
        return bool(self.campos.get(campo) or self.filas.get(campo) or campo in self.no_aplica)


def _es_pista(texto: str, etiqueta: plantilla.Etiqueta) -> bool:
    texto = texto.strip()
    return (
        texto.startswith("[")
        and texto.endswith("]")
        and (normalizar(texto[1:-1]) == normalizar(etiqueta.pista))
    )


def _quitar_pista_y_ejemplo(texto: str, etiqueta: plantilla.Etiqueta) -> str:
    """Drop the template's own hint and example when they were left in place."""
    primero, _, resto = texto.partition("\n")
    if _es_pista(primero, etiqueta):
        texto = resto.strip("\n")
    elif _es_pista(texto, etiqueta):
        return ""
    if etiqueta.ejemplo:
        m = EJEMPLO.match(texto)
        if m and " ".join(texto[m.end() :].split()) == " ".join(etiqueta.ejemplo.split()):
            return ""
    return texto


def _separar_metadatos(lineas: list[str]) -> tuple[list[str], dict[str, str]]:
    """Remove the export's trailing metadata comment and read it."""
    final = len(lineas)
    while final and not lineas[final - 1].strip():
        final -= 1
    if not final or lineas[final - 1].strip() != FIN_METADATOS:
        return lineas, {}
    for inicio in range(final - 2, -1, -1):
        if lineas[inicio].strip() == INICIO_METADATOS:
            datos = {}
            for linea in lineas[inicio + 1 : final - 1]:
                clave, _, valor = linea.partition(":")
                datos[clave.strip()] = valor.strip()
            return lineas[:inicio], datos
    return lineas, {}


@dataclass
class _Trozo:
    """Lines found under one label, or unmatched lines after ``previo``."""

    etiqueta: plantilla.Etiqueta | None
    previo: str | None  # the last field before unmatched text
    lineas: list[str] = field(default_factory=list)
    seccion: bool = False  # opened by one of the template's section headings


def _trocear(lineas: list[str]) -> list[_Trozo]:
    trozos: list[_Trozo] = []
    actual = _Trozo(None, None)
    seccion: plantilla.Seccion | None = None
    ultimo_campo: str | None = None
    en_preambulo = True

    def nuevo(etiqueta):
        nonlocal actual
        trozos.append(actual)
        actual = _Trozo(etiqueta, ultimo_campo)

    for linea, codigo in en_cerco(lineas):
        if not codigo:
            encabezado = ENCABEZADO.match(linea)
            if encabezado:
                texto = normalizar(encabezado["texto"])
                if texto in SECCIONES:
                    seccion = SECCIONES[texto]
                    en_preambulo = False
                    nuevo(None)
                    actual.seccion = True
                    continue
                if texto == TITULO and en_preambulo:
                    nuevo(None)
                    continue
                # Any other heading starts text that matches no label.
                nuevo(None)
                actual.lineas.append(linea)
                continue
            etiqueta_m = ETIQUETA.match(linea)
            if etiqueta_m:
                texto = normalizar(etiqueta_m["texto"])
                if texto in GRUPOS:
                    continue
                etiqueta = _buscar_etiqueta(texto, seccion)
                if etiqueta is not None:
                    en_preambulo = False
                    ultimo_campo = etiqueta.campo
                    nuevo(etiqueta)
                    actual.lineas.append(etiqueta_m["resto"])
                    continue
                if ETIQUETA_DESCONOCIDA.match(linea):
                    # A bold label the template does not have: unmatched text.
                    nuevo(None)
                    actual.lineas.append(linea)
                    continue
            if normalizar(linea) in INTRODUCCIONES:
                continue
            linea = desescapar_linea(linea)
        # The logo line and the title's introduction: the template's own words.
        preambulo = actual.etiqueta is None and en_preambulo
        if preambulo and not trozos_tiene_contenido(actual) and _es_preambulo(linea):
            continue
        actual.lineas.append(linea)
    trozos.append(actual)
    return trozos


def trozos_tiene_contenido(trozo: _Trozo) -> bool:
    return any(linea.strip() for linea in trozo.lineas)


def _es_preambulo(linea: str) -> bool:
    limpia = linea.strip()
    return (
        not limpia
        or bool(IMAGEN.match(limpia))
        or normalizar(limpia) == normalizar(plantilla.INTRODUCCION)
    )


def _buscar_etiqueta(texto: str, seccion) -> plantilla.Etiqueta | None:
    if seccion is not None:
        for etiqueta in seccion.etiquetas:
            if normalizar(etiqueta.texto) == texto:
                return etiqueta
    return ETIQUETAS.get(texto)


def _filas(etiqueta: plantilla.Etiqueta, texto: str, lectura: Lectura) -> list[str]:
    """Rows from a bullet list (or a comma-separated line); returns leftovers."""
    sobrantes = []
    elementos = []
    for linea in texto.split("\n"):
        if not linea.strip():
            continue
        m = ITEM.match(linea)
        if m:
            elementos.append(m["texto"].strip())
        elif etiqueta.campo == "bibliotecas" and not elementos:
            elementos.extend(p.strip() for p in re.split(r",\s+(?=[A-Za-z])", linea) if p.strip())
        else:
            sobrantes.append(linea)
    filas = []
    nombres = set()
    for elemento in elementos:
        datos = _fila(etiqueta.campo, elemento)
        if datos is not None and etiqueta.campo == "variables_entorno":
            # A variable may appear once per report; a repeated one stays as text.
            if datos["nombre"] in nombres:
                datos = None
            else:
                nombres.add(datos["nombre"])
        if datos is None:
            sobrantes.append(f"- {elemento}")
        else:
            filas.append(datos)
    if filas:
        lectura.filas[etiqueta.campo] = filas
    return sobrantes


def nombra_etiqueta(texto: str) -> bool:
    """Whether bold ``texto`` names a label, a group or a section of the template."""
    normal = normalizar(texto)
    return normal in ETIQUETAS or normal in GRUPOS or normal in SECCIONES


MODELOS_FILAS = {
    "bibliotecas": Biblioteca,
    "rutas": RutaArchivo,
    "variables_entorno": VariableEntorno,
}


def _fila(campo: str, texto: str) -> dict | None:
    """One row's values, or None when the text is not a valid row."""
    datos = None
    if campo == "bibliotecas":
        m = BIBLIOTECA.match(texto.strip("` "))
        if m:
            datos = {"nombre": m["nombre"], "version": m["version"].strip().strip("`")}
    elif campo == "rutas":
        m = RUTA.match(texto)
        if m:
            datos = {"ruta": m["ruta"], "proposito": (m["proposito"] or "").strip()}
        else:
            datos = {"ruta": texto.strip(), "proposito": ""}
    elif campo == "variables_entorno":
        m = VARIABLE.match(texto)
        if m:
            datos = {
                "nombre": m["nombre"],
                "proposito": (m["proposito"] or "").strip(),
                "valor_ejemplo": (m["ejemplo"] or "").strip(),
            }
    if datos is None:
        return None
    modelo = MODELOS_FILAS[campo]
    try:
        modelo(informe=Informe(), **datos).full_clean(exclude=["informe"])
    except ValidationError:
        return None
    return datos


def _diagramas(texto: str, lectura: Lectura) -> list[str]:
    """Image references are listed (the files must be uploaded again)."""
    sobrantes = []
    for linea in texto.split("\n"):
        m = IMAGEN.match(linea)
        if m:
            lectura.diagramas.append(m["alt"] or m["src"])
        elif linea.strip() and not PIE_FIGURA.match(linea.strip()):
            sobrantes.append(linea)
    return sobrantes


def _linea_valida(campo: str, valor: str) -> bool:
    try:
        Informe._meta.get_field(campo).clean(valor, None)
    except ValidationError:
        return False
    return True


def _contenido(trozo: _Trozo) -> str:
    lineas = list(trozo.lineas)
    if trozo.etiqueta is not None and lineas:
        primera = lineas[0].strip()
        if primera:
            # Text on the label's own line, then the paragraphs below it.
            resto = normalizar_texto("\n".join(lineas[1:]))
            return primera + ("\n\n" + resto if resto else "")
    return normalizar_texto("\n".join(lineas))


def leer(texto: str) -> Lectura:
    """Read the Markdown ``texto`` (already decoded) into a ``Lectura``."""
    lectura = Lectura()
    lineas, lectura.metadatos = _separar_metadatos(texto.replace("\r\n", "\n").split("\n"))
    sueltos: list[tuple[str | None, str]] = []  # (previous field, text)
    trozos = _trocear(lineas)
    lectura.reconocida = any(t.etiqueta is not None or t.seccion for t in trozos)
    for trozo in trozos:
        contenido = _contenido(trozo)
        etiqueta = trozo.etiqueta
        if etiqueta is None:
            if contenido:
                sueltos.append((trozo.previo, contenido))
            continue
        if etiqueta.campo in lectura.campos or etiqueta.campo in lectura.filas:
            # The same label twice: the second one's text is kept as unmatched.
            if contenido:
                sueltos.append((etiqueta.campo, contenido))
            continue
        literal = bool(MARCADOR_ESCAPADO.match(contenido))
        if literal:
            # User text that only looked like a marker or a hint: keep it as text.
            contenido = contenido[1:]
        else:
            contenido = _quitar_pista_y_ejemplo(contenido, etiqueta)
            if not contenido or contenido == PENDIENTE:
                continue
        if not literal and NO_APLICA.match(contenido) and "\n" not in contenido:
            lectura.no_aplica[etiqueta.campo] = NO_APLICA.match(contenido)["motivo"].strip()
            continue
        if etiqueta.campo == "diagramas":
            sobrantes = _diagramas(contenido, lectura)
        elif etiqueta.es_filas:
            sobrantes = _filas(etiqueta, contenido, lectura)
        elif etiqueta.tipo == plantilla.Tipo.LINEA:
            primera, _, resto = contenido.partition("\n")
            primera = primera.strip()
            sobrantes = [resto] if resto.strip() else []
            if primera and _linea_valida(etiqueta.campo, primera):
                lectura.campos[etiqueta.campo] = primera
            elif primera:
                sobrantes.insert(0, primera)
        else:
            lectura.campos[etiqueta.campo] = contenido
            sobrantes = []
        texto_sobrante = normalizar_texto("\n".join(sobrantes))
        if texto_sobrante:
            sueltos.append((etiqueta.campo, texto_sobrante))
    for previo, suelto in sueltos:
        _guardar_suelto(lectura, previo, suelto)
    return lectura


def _guardar_suelto(lectura: Lectura, previo: str | None, texto: str) -> None:
    """Append unmatched text to the nearest preceding Markdown field."""
    lectura.sin_clasificar.append(texto)
    destino = CAMPOS_MARKDOWN[0]
    if previo is not None:
        anteriores = [c for c in CAMPOS_MARKDOWN if ORDEN[c] <= ORDEN[previo]]
        if anteriores:
            destino = anteriores[-1]
    actual = lectura.campos.get(destino, "")
    bloque = f"{MARCA_SIN_CLASIFICAR}\n\n{texto}"
    lectura.campos[destino] = f"{actual}\n\n{bloque}" if actual else bloque
    lectura.no_aplica.pop(destino, None)
