"""What an import read from a file: values, rows, notes, and where each piece of text went."""

from dataclasses import dataclass, field

from .. import completitud, plantilla


class Estado:
    """What a label of the template held in the file, for the summary's table."""

    VALOR = "valor"  # a value was found
    VACIA = "vacia"  # absent, empty, pending, or what it held could not be a value
    PISTA = "pista"  # the template's hint (or section 8's example) left in place
    NO_APLICA = "no_aplica"


class Motivo:
    """Why a piece of text matched no label."""

    TEXTO = "texto"  # free text, an unknown heading or bold label
    VALOR_INVALIDO = "valor_invalido"  # a one-line label's text that cannot be its value
    FILA_INVALIDA = "fila_invalida"  # list items that make no valid row
    REPETIDA = "repetida"  # the second occurrence of a label
    DIAGRAMA = "diagrama"  # text beside the diagrams that is not an image or its caption


@dataclass
class EstadoEtiqueta:
    estado: str = Estado.VACIA
    linea: int | None = None  # where the label was found in the file
    original: str = ""  # the text as written, when the value was taken from it


@dataclass
class Suelto:
    """A piece of text that matched no label, and where it went."""

    texto: str
    desde: int  # its first and last lines in the file
    hasta: int
    seccion: int  # the section it stays in (the file's, by its headings)
    campo: str | None  # the Markdown label it was appended to; None: the section's note
    motivo: str = Motivo.TEXTO


@dataclass
class Imagen:
    """An image under «Diagrama de Arquitectura»: its link and its caption."""

    ruta: str
    titulo: str
    leyenda: str
    linea: int
    guardada: bool = False  # stored as a diagram (only from a zip that holds it)


@dataclass
class Lectura:
    """What a Markdown file holds, ready for ``services.informe_importar``."""

    campos: dict[str, str] = field(default_factory=dict)
    filas: dict[str, list[dict]] = field(default_factory=dict)
    no_aplica: dict[str, str] = field(default_factory=dict)
    notas: dict[str, str] = field(default_factory=dict)  # {"<section number>": text}
    sueltos: list[Suelto] = field(default_factory=list)
    diagramas: list[Imagen] = field(default_factory=list)
    etiquetas: dict[str, EstadoEtiqueta] = field(default_factory=dict)
    metadatos: dict[str, str] = field(default_factory=dict)
    reconocida: bool = False  # at least one heading or label of the template

    def estado(self, campo: str) -> EstadoEtiqueta:
        return self.etiquetas.setdefault(campo, EstadoEtiqueta())

    @property
    def sin_clasificar(self) -> list[str]:
        """The text of every piece that matched no label, in the file's order."""
        return [s.texto for s in self.sueltos]

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
