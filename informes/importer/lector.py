"""Read a Markdown report written from the template back into field values.

Headings and labels are matched by their text, ignoring case, accents,
numbering, bold and trailing colons, so renumbered sections, missing sections,
hints left in brackets and the export's own pending and "No aplica" markers are
all understood. Nothing is fetched: image references are only listed.

Text that matches no label is never dropped: it is appended, under a visible
"_Texto sin clasificar:_" line, to the nearest Markdown field that precedes it
in the template (or the first one when nothing precedes it).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from .. import completitud, dialecto, plantilla
from .. import filas as tipos_de_fila
from ..dialecto import PENDIENTE, normalizar, normalizar_texto
from ..models import Informe

MARCA_SIN_CLASIFICAR = "_Texto sin clasificar:_"

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
        valor = self.filas.get(campo, []) if etiqueta.es_filas else self.campos.get(campo, "")
        return completitud.llena(valor, self.no_aplica.get(campo, ""))


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
        m = dialecto.EJEMPLO.match(texto)
        if m and " ".join(texto[m.end() :].split()) == " ".join(etiqueta.ejemplo.split()):
            return ""
    return texto


@dataclass(slots=True)
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
    con_texto = False  # the current piece holds a line that is not blank

    def nuevo(etiqueta):
        nonlocal actual, con_texto
        trozos.append(actual)
        actual = _Trozo(etiqueta, ultimo_campo)
        con_texto = False

    def agregar(linea):
        nonlocal con_texto
        actual.lineas.append(linea)
        con_texto = con_texto or bool(linea.strip())

    for linea, codigo in dialecto.en_cerco(lineas):
        if not codigo:
            encabezado = dialecto.encabezado(linea)
            if encabezado is not None:
                texto = normalizar(encabezado)
                if texto in dialecto.SECCIONES:
                    seccion = dialecto.SECCIONES[texto]
                    en_preambulo = False
                    nuevo(None)
                    actual.seccion = True
                    continue
                if texto == dialecto.TITULO and en_preambulo:
                    nuevo(None)
                    continue
                # Any other heading starts text that matches no label.
                nuevo(None)
                agregar(linea)
                continue
            negrita = dialecto.etiqueta(linea)
            if negrita is not None:
                texto = normalizar(negrita.texto)
                if texto in dialecto.GRUPOS:
                    continue
                etiqueta = dialecto.buscar_etiqueta(texto, seccion)
                if etiqueta is not None:
                    en_preambulo = False
                    ultimo_campo = etiqueta.campo
                    nuevo(etiqueta)
                    agregar(negrita.resto)
                    continue
                if negrita.vineta and negrita.dos_puntos:
                    # A bold label the template does not have: unmatched text.
                    nuevo(None)
                    agregar(linea)
                    continue
            if normalizar(linea) in dialecto.INTRODUCCIONES:
                continue
            linea = dialecto.desescapar_linea(linea)
        # The logo line and the title's introduction: the template's own words.
        if actual.etiqueta is None and en_preambulo and not con_texto and _es_preambulo(linea):
            continue
        agregar(linea)
    trozos.append(actual)
    return trozos


INTRODUCCION = normalizar(plantilla.INTRODUCCION)


def _es_preambulo(linea: str) -> bool:
    limpia = linea.strip()
    return not limpia or dialecto.imagen(limpia) is not None or normalizar(limpia) == INTRODUCCION


def _filas(etiqueta: plantilla.Etiqueta, texto: str, lectura: Lectura) -> list[str]:
    """Rows from a bullet list (or a comma-separated line); returns leftovers."""
    tipo = tipos_de_fila.LISTAS[etiqueta.campo]
    sobrantes = []
    elementos = []
    for linea in texto.split("\n"):
        if not linea.strip():
            continue
        texto_item = dialecto.item(linea)
        if texto_item is not None:
            elementos.append(texto_item.strip())
        elif tipo.en_una_linea and not elementos:
            elementos.extend(tipos_de_fila.separar_en_linea(linea))
        else:
            sobrantes.append(linea)
    filas, no_leidos = tipo.leer_lista(elementos)
    if filas:
        lectura.filas[etiqueta.campo] = filas
    return sobrantes + no_leidos


def _diagramas(texto: str, lectura: Lectura) -> list[str]:
    """Image references are listed (the files must be uploaded again)."""
    sobrantes = []
    for linea in texto.split("\n"):
        imagen = dialecto.imagen(linea)
        if imagen is not None:
            lectura.diagramas.append(imagen[0] or imagen[1])
        elif linea.strip() and not dialecto.PIE_FIGURA.match(linea.strip()):
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
    lineas, lectura.metadatos = dialecto.separar_metadatos(texto.replace("\r\n", "\n").split("\n"))
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
        literal = bool(dialecto.MARCADOR_ESCAPADO.match(contenido))
        if literal:
            # User text that only looked like a marker or a hint: keep it as text.
            contenido = contenido[1:]
        else:
            contenido = _quitar_pista_y_ejemplo(contenido, etiqueta)
            if not contenido or contenido == PENDIENTE:
                continue
        motivo = None if literal else dialecto.motivo_no_aplica(contenido)
        if motivo is not None:
            lectura.no_aplica[etiqueta.campo] = motivo.strip()
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
    _guardar_sueltos(lectura, sueltos)
    return lectura


def _destino(previo: str | None) -> str:
    """The nearest Markdown field at or before ``previo`` in the template (else the first)."""
    anteriores = [c for c in CAMPOS_MARKDOWN if previo is not None and ORDEN[c] <= ORDEN[previo]]
    return anteriores[-1] if anteriores else CAMPOS_MARKDOWN[0]


# Where unmatched text after each label goes, worked out once.
DESTINOS = {previo: _destino(previo) for previo in [None, *ORDEN]}


def _guardar_sueltos(lectura: Lectura, sueltos: list[tuple[str | None, str]]) -> None:
    """Append unmatched text to the nearest preceding Markdown field, each under its mark."""
    bloques: dict[str, list[str]] = {}
    for previo, texto in sueltos:
        lectura.sin_clasificar.append(texto)
        bloques.setdefault(DESTINOS[previo], []).append(f"{MARCA_SIN_CLASIFICAR}\n\n{texto}")
    # Joined once per field: appending one block at a time is quadratic in the text.
    for destino, lista in bloques.items():
        actual = lectura.campos.get(destino, "")
        lectura.campos[destino] = "\n\n".join([actual, *lista] if actual else lista)
        lectura.no_aplica.pop(destino, None)
