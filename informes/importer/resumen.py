"""What an import did, for its summary page: each label's state, each unmatched piece's place.

The summary is plain JSON (it waits in the session until the page is shown).
Its parts are lists the page lays out as they come; ``avisos`` is where other
checks of an imported file (secrets, for one) add what the user must know.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import plantilla
from .lectura import Estado, EstadoEtiqueta, Lectura, Motivo

# Characters of a piece of text, or of a value, the page shows, and pieces it
# lists: the rest is in the draft. The summary waits in the session, so a file
# of a hundred thousand stray labels must not become a session of megabytes.
VISTA_PREVIA = 2_000
VISTA_VALOR = 120
VISTA_SUELTOS = 200

ESTADOS = {
    Estado.VALOR: gettext_lazy("Valor encontrado"),
    Estado.VACIA: gettext_lazy("Vacía"),
    Estado.PISTA: gettext_lazy("Pista sin llenar"),
    Estado.NO_APLICA: gettext_lazy("No aplica"),
}
MOTIVOS = {
    Motivo.TEXTO: gettext_lazy("texto que no corresponde a ninguna etiqueta"),
    Motivo.VALOR_INVALIDO: gettext_lazy("no es un valor válido para su etiqueta"),
    Motivo.FILA_INVALIDA: gettext_lazy("no forma una fila válida"),
    Motivo.REPETIDA: gettext_lazy("la etiqueta aparece dos veces"),
    Motivo.DIAGRAMA: gettext_lazy("no es una imagen ni su leyenda"),
}


def _recorte(texto: str, largo: int) -> str:
    return texto if len(texto) <= largo else texto[:largo] + "…"


def _detalle(lectura: Lectura, etiqueta: plantilla.Etiqueta, mostrar) -> str:
    campo = etiqueta.campo
    if campo in lectura.no_aplica:
        return _recorte(mostrar(lectura.no_aplica[campo]), VISTA_VALOR)
    if campo == "diagramas":
        guardados = sum(1 for d in lectura.diagramas if d.guardada)
        faltan = len(lectura.diagramas) - guardados
        partes = []
        if guardados:
            partes.append(ngettext("%d diagrama importado", "%d diagramas importados", guardados))
            partes[-1] %= guardados
        if faltan:
            partes.append(ngettext("%d imagen por subir", "%d imágenes por subir", faltan) % faltan)
        return ", ".join(partes)
    if etiqueta.es_filas:
        filas = len(lectura.filas.get(campo, []))
        return ngettext("%d fila", "%d filas", filas) % filas if filas else ""
    return _recorte(" ".join(mostrar(lectura.campos.get(campo, "")).split()), VISTA_VALOR)


def _estado(lectura: Lectura, etiqueta: plantilla.Etiqueta) -> EstadoEtiqueta:
    estado = lectura.etiquetas.get(etiqueta.campo) or EstadoEtiqueta()
    sin_guardar = not any(d.guardada for d in lectura.diagramas)
    if etiqueta.campo == "diagramas" and estado.estado == Estado.VALOR and sin_guardar:
        # Linked images that did not come with the file: the label is still empty.
        return EstadoEtiqueta(Estado.VACIA, estado.linea, estado.original)
    return estado


def _destino(suelto) -> str:
    if suelto.campo is None:
        return _("nota de la sección %(numero)s") % {"numero": suelto.seccion}
    return _("al final de «%(etiqueta)s»") % {"etiqueta": plantilla.POR_CAMPO[suelto.campo].texto}


def _tal_cual(texto: str) -> str:
    return texto


def resumen(lectura: Lectura, *, pk: int, mostrar: Callable[[str], str] = _tal_cual) -> dict:
    """The summary of the import that created the draft ``pk`` from ``lectura``.

    Every text read from the file goes through ``mostrar`` whole, before it is
    cut to its preview: the page passes the secret detection's masking.
    """
    etiquetas = []
    for seccion in plantilla.SECCIONES:
        for etiqueta in seccion.etiquetas:
            estado = _estado(lectura, etiqueta)
            etiquetas.append(
                {
                    "seccion": seccion.numero,
                    "etiqueta": etiqueta.texto,
                    "estado": estado.estado,
                    "estado_texto": str(ESTADOS[estado.estado]),
                    "detalle": _detalle(lectura, etiqueta, mostrar),
                    "linea": estado.linea,
                    "original": _recorte(mostrar(estado.original or ""), VISTA_VALOR),
                }
            )
    sueltos = [
        {
            "texto": _recorte(mostrar(s.texto), VISTA_PREVIA),
            "desde": s.desde,
            "hasta": s.hasta,
            "seccion": s.seccion,
            "destino": _destino(s),
            "motivo": str(MOTIVOS[s.motivo]),
        }
        for s in lectura.sueltos[:VISTA_SUELTOS]
    ]
    diagramas = [
        {"ruta": d.ruta, "titulo": mostrar(d.titulo), "guardada": d.guardada, "linea": d.linea}
        for d in lectura.diagramas
    ]
    llenas = sum(1 for e in etiquetas if e["estado"] in (Estado.VALOR, Estado.NO_APLICA))
    return {
        "pk": pk,
        "etiquetas": etiquetas,
        "llenas": llenas,
        "vacias": len(etiquetas) - llenas,
        "sueltos": sueltos,
        "sueltos_omitidos": max(0, len(lectura.sueltos) - VISTA_SUELTOS),
        "diagramas": diagramas,
        "avisos": [],  # {"nivel": "warning"|"danger", "texto": str}: added by other checks
    }
