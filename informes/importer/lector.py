"""Read a Markdown report written from the template back into field values.

Headings and labels are matched by their text, ignoring case, accents,
numbering, bold and trailing colons, so renumbered sections, missing sections,
hints left in brackets and the export's own pending and "No aplica" markers are
all understood. Nothing is fetched: image references are only listed.

Text that matches no label is never dropped and never leaves the section of
the file it was written in: it is appended, under a visible
"_Texto sin clasificar:_" line, to the nearest Markdown label before it in that
section, or else kept as that section's note (text before section 1 belongs
to section 1). Each piece is listed with its lines in the file.
"""

from dataclasses import dataclass, field

from .. import dialecto, plantilla
from ..dialecto import MARCA_SIN_CLASIFICAR, normalizar
from . import listas, valores
from .lectura import Estado, Lectura, Motivo, Suelto


@dataclass(slots=True)
class _Trozo:
    """Lines found under one label, or lines that matched no label."""

    etiqueta: plantilla.Etiqueta | None
    seccion: int  # the section of the file it was written in (1 before any)
    previo: str | None  # the last Markdown label before it in that section of the file
    lineas: list[tuple[int, str]] = field(default_factory=list)
    abre_seccion: bool = False  # opened by one of the template's section headings


INTRODUCCION = normalizar(plantilla.INTRODUCCION)
SECCION_DE = {e.campo: s.numero for s in plantilla.SECCIONES for e in s.etiquetas}


def _es_preambulo(linea: str) -> bool:
    """The logo line, the title's introduction or a blank line: the template's own words."""
    limpia = linea.strip()
    return not limpia or dialecto.imagen(limpia) is not None or normalizar(limpia) == INTRODUCCION


class _Troceador:
    """Cuts the file's lines into pieces, one per label and one per run of unmatched text."""

    def __init__(self):
        self.trozos: list[_Trozo] = []
        self.seccion = 1
        self.seccion_plantilla: plantilla.Seccion | None = None
        self.con_encabezado = False  # a section heading was seen: it decides the section
        self.nivel_seccion = 6  # the level of the last section heading ("###" is 3)
        self.previo: str | None = None
        self.en_preambulo = True
        self.actual = _Trozo(None, 1, None)
        self.con_texto = False

    def nuevo(self, etiqueta=None, *, abre_seccion=False):
        self.trozos.append(self.actual)
        self.actual = _Trozo(etiqueta, self.seccion, self.previo, abre_seccion=abre_seccion)
        self.con_texto = False

    def sin_etiqueta(self):
        """Unmatched text from here: the current piece when it already is, else a new one."""
        if self.actual.etiqueta is not None:
            self.nuevo()

    def agregar(self, numero: int, linea: str):
        self.actual.lineas.append((numero, linea))
        self.con_texto = self.con_texto or bool(linea.strip())

    def encabezado(self, numero: int, linea: str, texto: str) -> None:
        normal = normalizar(texto)
        sin_sangria = linea.lstrip(" ")
        nivel = len(sin_sangria) - len(sin_sangria.lstrip("#"))
        if normal in dialecto.SECCIONES:
            self.seccion_plantilla = dialecto.SECCIONES[normal]
            self.seccion = self.seccion_plantilla.numero
            self.con_encabezado, self.en_preambulo, self.previo = True, False, None
            self.nivel_seccion = nivel
            self.nuevo(abre_seccion=True)
            return
        if normal == dialecto.TITULO and self.en_preambulo:
            self.nuevo()
            return
        etiqueta = self.actual.etiqueta
        markdown = etiqueta is not None and etiqueta.tipo == plantilla.Tipo.MARKDOWN
        if markdown and nivel > self.nivel_seccion:
            # A subheading inside a label's text ("#### Paso 1") is part of it.
            self.agregar(numero, linea)
            return
        # Any other heading starts text that matches no label (or goes on with it).
        self.sin_etiqueta()
        self.agregar(numero, linea)

    def etiqueta(self, numero: int, negrita: dialecto.LineaEtiqueta, linea: str) -> bool:
        """Start a label's piece (True), or an unknown bold label's unmatched text."""
        normal = normalizar(negrita.texto)
        if normal in dialecto.GRUPOS:
            if negrita.resto.strip():
                self.sin_etiqueta()
                self.agregar(numero, linea)
            return True
        etiqueta = dialecto.buscar_etiqueta(normal, self.seccion_plantilla)
        if etiqueta is not None:
            self.en_preambulo = False
            if not self.con_encabezado and SECCION_DE[etiqueta.campo] != self.seccion:
                # Without headings, a label of another section starts that section.
                self.seccion, self.previo = SECCION_DE[etiqueta.campo], None
            self.nuevo(etiqueta)
            self.agregar(numero, negrita.resto)
            if etiqueta.tipo == plantilla.Tipo.MARKDOWN:
                self.previo = etiqueta.campo
            return True
        if negrita.vineta and negrita.dos_puntos:
            # A bold label the template does not have: unmatched text.
            self.sin_etiqueta()
            self.agregar(numero, linea)
            return True
        return False

    def trocear(self, lineas: list[str]) -> list[_Trozo]:
        anterior = ""
        for numero, (linea, codigo) in enumerate(dialecto.en_cerco(lineas), start=1):
            crudo = linea
            if not codigo:
                texto = dialecto.encabezado(linea)
                if texto is not None:
                    self.encabezado(numero, linea, texto)
                    anterior = crudo
                    continue
                negrita = dialecto.etiqueta(linea)
                if negrita is not None and self.etiqueta(numero, negrita, linea):
                    anterior = crudo
                    continue
                # Section 8's introduction, where the template has it.
                abre = self.actual.abre_seccion and self.actual.etiqueta is None
                if abre and not self.con_texto and normalizar(linea) in dialecto.INTRODUCCIONES:
                    anterior = crudo
                    continue
                linea = dialecto.desescapar_linea(linea, anterior)
            anterior = crudo
            preambulo = self.actual.etiqueta is None and self.en_preambulo and not self.con_texto
            if preambulo and _es_preambulo(linea):
                continue
            self.agregar(numero, linea)
        self.trozos.append(self.actual)
        return self.trozos


# --- Pieces into values, rows and placed unmatched text.


def _texto(lineas: list[tuple[int, str]]) -> str:
    """A label's text: what follows it on its line, then the paragraphs below it."""
    if not lineas:
        return ""
    primera = lineas[0][1].strip()
    resto = "\n".join(linea for _, linea in lineas[1:]).strip()
    if primera:
        return f"{primera}\n\n{resto}" if resto else primera
    return resto


def _escritas(lineas: list[tuple[int, str]]) -> list[int]:
    return [n for n, linea in lineas if linea.strip()]


class _Colocador:
    """Puts unmatched text after the nearest Markdown label before it, or in its section note."""

    def __init__(self, lectura: Lectura):
        self.lectura = lectura
        self.pendientes: list[Suelto] = []

    def agregar(self, lineas, *, seccion: int, campo: str | None, motivo: str) -> None:
        if len(lineas) == 1:  # most pieces: one heading or one line
            numeros, texto = [lineas[0][0]], dialecto.canonico_markdown(lineas[0][1])
        else:
            numeros = _escritas(lineas)
            texto = dialecto.canonico_markdown("\n".join(linea for _, linea in lineas))
        if texto and numeros:
            self.pendientes.append(Suelto(texto, numeros[0], numeros[-1], seccion, campo, motivo))

    def colocar(self) -> None:
        lectura = self.lectura
        en_campos: dict[str, list[str]] = {}
        en_notas: dict[str, list[str]] = {}
        for suelto in self.pendientes:
            if suelto.campo in lectura.no_aplica:
                suelto.campo = None  # the mark stays; the text goes to the section's note
            if suelto.campo is None:
                en_notas.setdefault(str(suelto.seccion), []).append(suelto.texto)
            else:
                bloque = f"{MARCA_SIN_CLASIFICAR}\n\n{suelto.texto}"
                en_campos.setdefault(suelto.campo, []).append(bloque)
            lectura.sueltos.append(suelto)
        # Joined once per field: appending one block at a time is quadratic in the text.
        for campo, bloques in en_campos.items():
            actual = lectura.campos.get(campo, "")
            lectura.campos[campo] = "\n\n".join([actual, *bloques] if actual else bloques)
            if lectura.estado(campo).estado == Estado.PISTA:
                lectura.estado(campo).estado = Estado.VACIA
        for clave, textos in en_notas.items():
            lectura.notas[clave] = "\n\n".join(textos)


def _sin_marca(lineas: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A section's note without the mark the export writes before it."""
    for indice, (_numero, linea) in enumerate(lineas):
        if linea.strip():
            return lineas[indice + 1 :] if linea.strip() == MARCA_SIN_CLASIFICAR else lineas
    return lineas


def _leer_etiqueta(trozo: _Trozo, lectura: Lectura, colocador: _Colocador) -> None:
    etiqueta = trozo.etiqueta
    campo = etiqueta.campo
    numero_etiqueta = trozo.lineas[0][0]
    # Its own leftovers go after it when it holds Markdown, else where its text would.
    destino = campo if etiqueta.tipo == plantilla.Tipo.MARKDOWN else trozo.previo
    estado = lectura.estado(campo)
    if estado.linea is not None:
        # The same label twice: the second one's text is kept as unmatched.
        colocador.agregar(
            trozo.lineas, seccion=trozo.seccion, campo=destino, motivo=Motivo.REPETIDA
        )
        return
    estado.linea = numero_etiqueta
    if etiqueta.es_filas:
        if campo == "diagramas":
            leidas, imagenes = listas.leer_diagramas(etiqueta, trozo.lineas)
            lectura.diagramas.extend(imagenes)
            motivo = Motivo.DIAGRAMA
        else:
            leidas = listas.leer_filas(etiqueta, trozo.lineas)
            if leidas.filas:
                lectura.filas[campo] = leidas.filas
            motivo = Motivo.FILA_INVALIDA
        estado.estado, estado.original = leidas.estado, leidas.original
        if leidas.estado == Estado.NO_APLICA:
            lectura.no_aplica[campo] = leidas.no_aplica
        colocador.agregar(leidas.sobrantes, seccion=trozo.seccion, campo=destino, motivo=motivo)
        return
    leida = valores.interpretar(_texto(trozo.lineas), etiqueta)
    estado.estado, estado.original = leida.estado, leida.original
    if leida.motivo is not None:
        lectura.no_aplica[campo] = leida.motivo
    if leida.valor and leida.estado in (Estado.VALOR, Estado.NO_APLICA):
        lectura.campos[campo] = dialecto.canonico(campo, leida.valor)
    if leida.sobrante:
        numeros = _escritas(trozo.lineas)
        if leida.valor:
            numeros = numeros[1:] or numeros
        motivo = Motivo.TEXTO if leida.valor else Motivo.VALOR_INVALIDO
        colocador.agregar(
            [(numeros[0], leida.sobrante), (numeros[-1], "")] if numeros else [],
            seccion=trozo.seccion,
            campo=destino,
            motivo=motivo,
        )


def leer(texto: str) -> Lectura:
    """Read the Markdown ``texto`` (already decoded) into a ``Lectura``."""
    lectura = Lectura()
    texto = texto.replace("\r\n", "\n").replace("\r", "\n")
    lineas, lectura.metadatos = dialecto.separar_metadatos(texto.split("\n"))
    trozos = _Troceador().trocear(lineas)
    lectura.reconocida = any(t.etiqueta is not None or t.abre_seccion for t in trozos)
    colocador = _Colocador(lectura)
    for trozo in trozos:
        if trozo.etiqueta is not None:
            _leer_etiqueta(trozo, lectura, colocador)
        elif trozo.abre_seccion:
            colocador.agregar(
                _sin_marca(trozo.lineas), seccion=trozo.seccion, campo=None, motivo=Motivo.TEXTO
            )
        else:
            colocador.agregar(
                trozo.lineas, seccion=trozo.seccion, campo=trozo.previo, motivo=Motivo.TEXTO
            )
    colocador.colocar()
    return lectura
