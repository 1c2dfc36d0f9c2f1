"""A report's findings located by label, row and column, and the marks of harmless examples.

The detection (``busqueda``) reads plain text; this module walks what a report
holds (each label's text, each row's columns, each diagram's title and caption,
each «No aplica» reason, each section's unclassified text), a form's values or
an import's reading, and says
where each finding is. A finding's key (``huella``) is a fingerprint of its
label, column, kind and value: it survives reordering rows and editing around
it, and the author's mark (``Informe.secretos_inofensivos``) is kept by it.
Unlike the rest of the package, this module needs Django.
"""

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext

from .. import filas, limites, plantilla
from ..models import Informe
from .busqueda import hallazgos
from .hallazgo import DESCRIPCIONES, LARGO_HUELLA, Hallazgo

NO_APLICA = "no_aplica"  # the column of a label's «No aplica» reason
COLUMNAS_DIAGRAMA = ("titulo", "leyenda")
SECCION = {e.campo: s.numero for s in plantilla.SECCIONES for e in s.etiquetas}
PREFIJO_NOTA = "notas."  # a section's unclassified text: "notas.<número>"


@dataclass(frozen=True)
class Texto:
    """One text of a report and where it is: a label, and a row's column or its reason."""

    campo: str
    texto: str
    columna: str = ""  # "" for the label's own text
    fila: int | None = None  # the row's place in its list, from 0
    nombre: str = ""  # the variable whose example value this is


@dataclass(frozen=True)
class Ubicado:
    """A finding and where it is."""

    texto: Texto
    hallazgo: Hallazgo

    @property
    def huella(self) -> str:
        donde = f"{self.texto.campo}\0{self.texto.columna}\0{self.hallazgo.huella}"
        return hashlib.sha256(donde.encode()).hexdigest()[:LARGO_HUELLA]


def _columnas(campo: str) -> tuple[str, ...]:
    return COLUMNAS_DIAGRAMA if campo == "diagramas" else filas.LISTAS[campo].nombres


def textos(
    campos: Mapping[str, str],
    filas_: Mapping[str, Iterable[Mapping]],
    no_aplica: Mapping[str, str],
    notas: Mapping[str, str] | None = None,
) -> Iterator[Texto]:
    """Every text of a report given as values, in the template's order, then the notes."""
    for etiqueta in plantilla.ETIQUETAS:
        campo = etiqueta.campo
        if etiqueta.es_filas:
            for indice, fila in enumerate(filas_.get(campo) or ()):
                for columna in _columnas(campo):
                    nombre = str(fila.get("nombre") or "") if columna == "valor_ejemplo" else ""
                    yield Texto(campo, str(fila.get(columna) or ""), columna, indice, nombre)
        else:
            yield Texto(campo, str(campos.get(campo) or ""))
        if motivo := no_aplica.get(campo):
            yield Texto(campo, str(motivo), NO_APLICA)
    for numero, nota in sorted((notas or {}).items()):
        yield Texto(PREFIJO_NOTA + str(numero), str(nota or ""))


def textos_de_informe(informe: Informe) -> Iterator[Texto]:
    """Every text of a stored report (its rows prefetched when they are)."""
    campos = {e.campo: getattr(informe, e.campo) for e in plantilla.ETIQUETAS if not e.es_filas}
    filas_ = {
        e.campo: [
            {c: getattr(f, c) for c in _columnas(e.campo)} for f in getattr(informe, e.campo).all()
        ]
        for e in plantilla.ETIQUETAS
        if e.es_filas
    }
    return textos(campos, filas_, informe.no_aplica or {}, informe.notas)


def ubicar(textos_: Iterable[Texto]) -> list[Ubicado]:
    return [Ubicado(t, h) for t in textos_ if t.texto for h in hallazgos(t.texto, nombre=t.nombre)]


def descripcion(hallazgo: Hallazgo) -> str:
    """The finding's description in the user's language."""
    return gettext(DESCRIPCIONES[hallazgo.tipo]) % {"nombre": hallazgo.nombre}


def donde(hallazgo: dict) -> str:
    """A finding's label, with its row's number when in a row: «Variables de Entorno · fila 3»."""
    if hallazgo["fila"] is None:
        return hallazgo["etiqueta"]
    return gettext("%(etiqueta)s · fila %(fila)s") % {
        "etiqueta": hallazgo["etiqueta"],
        "fila": hallazgo["fila"] + 1,
    }


def como_dict(ubicado: Ubicado, marcas: Mapping[str, Mapping] | None = None) -> dict:
    """A finding as pages, messages, the API and the session show it: no credential in it."""
    marca = (marcas or {}).get(ubicado.huella) or {}
    texto, hallazgo = ubicado.texto, ubicado.hallazgo
    if texto.campo.startswith(PREFIJO_NOTA):
        numero = int(texto.campo.removeprefix(PREFIJO_NOTA))
        etiqueta = gettext("Texto sin clasificar de la sección %s") % numero
    else:
        numero, etiqueta = SECCION[texto.campo], plantilla.POR_CAMPO[texto.campo].texto
    return {
        "campo": texto.campo,
        "etiqueta": etiqueta,
        "seccion": numero,
        "columna": texto.columna,
        "fila": texto.fila,
        "tipo": hallazgo.tipo,
        "descripcion": descripcion(hallazgo),
        "extracto": hallazgo.extracto,
        "huella": ubicado.huella,
        "inofensivo": bool(marca),
        "marcado_por": marca.get("usuario", ""),
        "marcado_en": marca.get("momento", ""),
    }


def ubicados_de_informe(informe: Informe) -> list[Ubicado]:
    return ubicar(textos_de_informe(informe))


def hallazgos_informe(informe: Informe) -> list[dict]:
    """Every finding of a stored report, in the template's order, marked ones included.

    Each is a dict: ``campo`` (the label's key), ``etiqueta`` (its text),
    ``seccion`` (its section's number), ``columna`` ("" for the label's text, a
    row's column, or "no_aplica"), ``fila`` (the row's index from 0, or None),
    ``tipo``, ``descripcion``,
    ``extracto`` (masked), ``huella`` (what marks it harmless), ``inofensivo``,
    ``marcado_por`` and ``marcado_en``.
    """
    marcas = informe.secretos_inofensivos or {}
    return [como_dict(u, marcas) for u in ubicados_de_informe(informe)]


def sin_marcas(informe: Informe) -> list[dict]:
    """The findings of a stored report as its content alone gives them (no marks):
    what the detail page keeps with its cached sections."""
    return [como_dict(u) for u in ubicados_de_informe(informe)]


def con_marcas(hallazgos_: list[dict], marcas: Mapping[str, Mapping] | None) -> list[dict]:
    """``hallazgos_`` (from ``sin_marcas``) with the report's marks as they are now."""
    resultado = []
    for hallazgo in hallazgos_:
        marca = (marcas or {}).get(hallazgo["huella"]) or {}
        resultado.append(
            {
                **hallazgo,
                "inofensivo": bool(marca),
                "marcado_por": marca.get("usuario", ""),
                "marcado_en": marca.get("momento", ""),
            }
        )
    return resultado


def pendientes(informe: Informe) -> list[dict]:
    """The findings that keep the report from being sent: those not marked harmless."""
    return [h for h in hallazgos_informe(informe) if not h["inofensivo"]]


def recortar(hallazgos_: list[dict], maximo: int = limites.HALLAZGOS_LISTADOS) -> dict:
    """The first ``maximo`` findings to list (``lista``), how many more there are
    (``restantes``) and how many of all are not marked harmless (``pendientes``)."""
    return {
        "lista": hallazgos_[:maximo],
        "restantes": max(0, len(hallazgos_) - maximo),
        "pendientes": sum(1 for h in hallazgos_ if not h["inofensivo"]),
    }


def hallazgos_lectura(lectura) -> list[dict]:
    """The findings of an import's reading (``importer.Lectura``), as ``hallazgos_informe``.

    The text the importer could not place is in its section's note, read as such.
    """
    leidos = textos(lectura.campos, lectura.filas, lectura.no_aplica, lectura.notas)
    return [como_dict(u) for u in ubicar(leidos)]


def hallazgos_valor(
    informe: Informe | None,
    campo: str,
    valor,
    *,
    columna: str = "",
    nombre: str = "",
    fila: int | None = None,
) -> list[dict]:
    """The findings of one value as the form holds it, with the report's marks.

    ``nombre`` (a variable's name) counts for its example value only, as in ``textos``.
    """
    nombre = str(nombre or "") if columna == "valor_ejemplo" else ""
    texto = Texto(campo, str(valor or ""), columna, fila, nombre)
    marcas = informe.secretos_inofensivos if informe is not None else {}
    return [como_dict(u, marcas) for u in ubicar([texto])]
