"""The audit trail: snapshots of a report, field-level diffs and the entries that keep them.

A snapshot is plain JSON: the simple fields, the "No aplica" marks, the
co-authors, every row and every diagram. Two snapshots give the changes
recorded by each save and shown by the compare page.

Rows are matched by their natural key (library and variable by name, path by
path); two rows with the same key and different values are "changed", rows
are never matched by position, so reordering alone is no change. Diagrams are
matched by title plus a SHA-256 of the stored image: a new image under the
same title reads as one removed and one added; a new caption as changed.
"""

import hashlib
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from . import plantilla
from .models import (
    AccionAuditoria,
    Biblioteca,
    Diagrama,
    EventoAuditoria,
    Informe,
    RutaArchivo,
    VariableEntorno,
)

FILAS = {
    "bibliotecas": (Biblioteca, ("nombre", "version"), "nombre"),
    "rutas": (RutaArchivo, ("ruta", "proposito"), "ruta"),
    "variables_entorno": (VariableEntorno, ("nombre", "proposito", "valor_ejemplo"), "nombre"),
}
# Changes to things outside the template's labels.
ETIQUETAS_EXTRA = {"coautores": _("Coautores"), "proxima_revision": _("Próxima revisión")}


def huella(diagrama: Diagrama) -> str:
    """SHA-256 of a diagram's stored image; empty when the file is missing."""
    try:
        with diagrama.imagen.open("rb") as archivo:
            return hashlib.sha256(archivo.read()).hexdigest()
    except (OSError, ValueError):
        return ""


def instantanea(informe: Informe) -> dict:
    """The report's content as plain JSON. Rows are read from the database, not caches."""
    filas = {}
    for tipo, (modelo, campos, _clave) in FILAS.items():
        filas[tipo] = list(modelo.objects.filter(informe_id=informe.pk).values(*campos))
    diagramas = [
        {"titulo": d.titulo, "leyenda": d.leyenda, "huella": huella(d)}
        for d in Diagrama.objects.filter(informe_id=informe.pk)
    ]
    coautores = sorted(informe.coautores.values_list("username", flat=True)) if informe.pk else []
    return {
        "campos": {c: getattr(informe, c) or "" for c in plantilla.CAMPOS_SIMPLES},
        "no_aplica": dict(informe.no_aplica or {}),
        "coautores": coautores,
        "filas": filas,
        "diagramas": diagramas,
    }


def vacia() -> dict:
    """The snapshot of a report that does not exist yet."""
    return {
        "campos": dict.fromkeys(plantilla.CAMPOS_SIMPLES, ""),
        "no_aplica": {},
        "coautores": [],
        "filas": {tipo: [] for tipo in FILAS},
        "diagramas": [],
    }


def _emparejar(antes: list[dict], despues: list[dict], clave) -> tuple[list, list, list, list]:
    """Pair rows by key: (added, removed, changed pairs, unchanged pairs)."""
    pendientes: dict = {}
    for fila in antes:
        pendientes.setdefault(clave(fila), []).append(fila)
    agregadas, cambiadas, iguales = [], [], []
    for fila in despues:
        candidatas = pendientes.get(clave(fila))
        if not candidatas:
            agregadas.append(fila)
            continue
        anterior = candidatas.pop(0)
        (iguales if anterior == fila else cambiadas).append((anterior, fila))
    eliminadas = [f for lista in pendientes.values() for f in lista]
    return agregadas, eliminadas, cambiadas, iguales


def _clave_diagrama(d: dict):
    return (d.get("titulo", ""), d.get("huella", ""))


def diferencias(antes: dict, despues: dict) -> list[dict]:
    """Field-level changes from one snapshot to another, in the template's order."""
    cambios = []
    for etiqueta in plantilla.ETIQUETAS:
        campo = etiqueta.campo
        na_antes = antes["no_aplica"].get(campo, "")
        na_despues = despues["no_aplica"].get(campo, "")
        if na_antes != na_despues:
            cambios.append(
                {"campo": campo, "tipo": "no_aplica", "antes": na_antes, "despues": na_despues}
            )
        if campo in FILAS:
            clave = FILAS[campo][2]
            agregadas, eliminadas, cambiadas, _iguales = _emparejar(
                antes["filas"].get(campo, []),
                despues["filas"].get(campo, []),
                lambda f, clave=clave: f.get(clave),
            )
            if agregadas or eliminadas or cambiadas:
                cambios.append(
                    {
                        "campo": campo,
                        "tipo": "filas",
                        "agregadas": agregadas,
                        "eliminadas": eliminadas,
                        "cambiadas": [{"antes": a, "despues": d} for a, d in cambiadas],
                    }
                )
        elif campo == "diagramas":
            agregados, eliminados, cambiados, _iguales = _emparejar(
                antes["diagramas"], despues["diagramas"], _clave_diagrama
            )
            if agregados or eliminados or cambiados:
                cambios.append(
                    {
                        "campo": campo,
                        "tipo": "diagramas",
                        "agregadas": agregados,
                        "eliminadas": eliminados,
                        "cambiadas": [{"antes": a, "despues": d} for a, d in cambiados],
                    }
                )
        else:
            valor_antes = antes["campos"].get(campo, "")
            valor_despues = despues["campos"].get(campo, "")
            if valor_antes != valor_despues:
                cambios.append(
                    {
                        "campo": campo,
                        "tipo": "texto",
                        "antes": valor_antes,
                        "despues": valor_despues,
                    }
                )
    agregados = sorted(set(despues["coautores"]) - set(antes["coautores"]))
    eliminados = sorted(set(antes["coautores"]) - set(despues["coautores"]))
    if agregados or eliminados:
        cambios.append(
            {
                "campo": "coautores",
                "tipo": "coautores",
                "agregadas": agregados,
                "eliminadas": eliminados,
            }
        )
    return cambios


def etiqueta_de(campo: str) -> str:
    """The template's own label for a changed field."""
    if campo in ETIQUETAS_EXTRA:
        return str(ETIQUETAS_EXTRA[campo])
    return plantilla.etiqueta(campo).texto


def con_etiquetas(cambios: list[dict]) -> list[dict]:
    """The recorded changes with the template's labels, for display."""
    return [{**c, "etiqueta": etiqueta_de(c["campo"])} for c in cambios]


def registrar(
    *,
    informe: Informe,
    usuario,
    accion: str,
    estado_desde: str = "",
    estado_hasta: str = "",
    comentario: str = "",
    cambios: list[dict] | None = None,
) -> EventoAuditoria:
    """Append one entry to the report's trail."""
    return EventoAuditoria.objects.create(
        informe=informe,
        serie=informe.serie,
        version=informe.version,
        usuario=usuario if usuario is not None and usuario.is_authenticated else None,
        accion=accion,
        estado_desde=estado_desde,
        estado_hasta=estado_hasta,
        comentario=comentario,
        cambios=cambios or [],
    )


def registrar_guardado(
    *, informe: Informe, usuario, antes: dict, despues: dict, comentario: str = ""
) -> EventoAuditoria | None:
    """Record a content save with its field-level changes; nothing when nothing changed.

    Call it inside the saving transaction with ``antes = instantanea(informe)``
    taken before the write and ``despues = instantanea(informe)`` after it.
    """
    cambios = diferencias(antes, despues)
    if not cambios:
        return None
    return registrar(
        informe=informe,
        usuario=usuario,
        accion=AccionAuditoria.GUARDAR,
        estado_desde=informe.estado,
        estado_hasta=informe.estado,
        comentario=comentario,
        cambios=cambios,
    )


# Side-by-side comparison of two versions.


@dataclass
class FilaComparada:
    estado: str  # "igual", "agregada", "eliminada", "cambiada"
    a: dict | None
    b: dict | None


@dataclass
class ElementoComparado:
    etiqueta: plantilla.Etiqueta
    a: str = ""
    b: str = ""
    no_aplica_a: str = ""
    no_aplica_b: str = ""
    filas: list[FilaComparada] = field(default_factory=list)
    columnas: tuple[str, ...] = ()

    @property
    def cambiado(self) -> bool:
        return (
            self.a != self.b
            or self.no_aplica_a != self.no_aplica_b
            or any(f.estado != "igual" for f in self.filas)
        )


@dataclass
class SeccionComparada:
    seccion: plantilla.Seccion
    elementos: list[ElementoComparado]

    @property
    def cambiada(self) -> bool:
        return any(e.cambiado for e in self.elementos)


def _filas_comparadas(antes: list[dict], despues: list[dict], clave) -> list[FilaComparada]:
    agregadas, eliminadas, cambiadas, iguales = _emparejar(antes, despues, clave)
    filas = [FilaComparada("igual", a, b) for a, b in iguales]
    filas += [FilaComparada("cambiada", a, b) for a, b in cambiadas]
    filas += [FilaComparada("eliminada", a, None) for a in eliminadas]
    filas += [FilaComparada("agregada", None, b) for b in agregadas]
    return filas


def comparar(a: dict, b: dict) -> list[SeccionComparada]:
    """Two snapshots laid out section by section, label by label."""
    resultado = []
    for seccion in plantilla.SECCIONES:
        elementos = []
        for etiqueta in seccion.etiquetas:
            campo = etiqueta.campo
            elemento = ElementoComparado(
                etiqueta,
                no_aplica_a=a["no_aplica"].get(campo, ""),
                no_aplica_b=b["no_aplica"].get(campo, ""),
            )
            if campo in FILAS:
                _modelo, columnas, clave = FILAS[campo]
                elemento.columnas = columnas
                elemento.filas = _filas_comparadas(
                    a["filas"].get(campo, []),
                    b["filas"].get(campo, []),
                    lambda f, clave=clave: f.get(clave),
                )
            elif campo == "diagramas":
                elemento.columnas = ("titulo", "leyenda")
                elemento.filas = _filas_comparadas(a["diagramas"], b["diagramas"], _clave_diagrama)
            else:
                elemento.a = a["campos"].get(campo, "")
                elemento.b = b["campos"].get(campo, "")
            elementos.append(elemento)
        resultado.append(SeccionComparada(seccion, elementos))
    return resultado


# The decisions a report's PDF lists at its end.
DECISIONES_DE_REVISION = (
    AccionAuditoria.ENVIAR,
    AccionAuditoria.RETIRAR,
    AccionAuditoria.SOLICITAR_CAMBIOS,
    AccionAuditoria.APROBAR,
    AccionAuditoria.ARCHIVAR,
)


def historial_revision(informe: Informe) -> list[dict]:
    """The version's review decisions, oldest first, as the PDF shows them."""
    eventos = (
        EventoAuditoria.objects.filter(informe_id=informe.pk, accion__in=DECISIONES_DE_REVISION)
        .select_related("usuario")
        .order_by("momento", "pk")
    )
    return [
        {
            "fecha": e.momento,
            "usuario": (e.usuario.get_full_name() or e.usuario.get_username()) if e.usuario else "",
            "decision": e.get_accion_display(),
            "comentario": e.comentario,
        }
        for e in eventos
    ]
