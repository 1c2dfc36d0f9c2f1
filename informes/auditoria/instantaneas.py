"""Snapshots of a report as plain JSON and the field-level differences between two.

Pure functions: a snapshot is built from a model (``instantanea``) or from the
values of a bound form (``instantanea_de``), and reads the database only, never
a stored file: a diagram's fingerprint is the SHA-256 recorded at upload. The
save path records their differences, the edit form's preview and conflict page
show them, a field-level merge can reuse them.

Rows are matched by their natural key (library and variable by name, path by
path); two rows with the same key and different values are "changed", rows
are never matched by position, so reordering alone is no change. Diagrams are
matched by title plus the SHA-256 of the image: a new image under the same
title reads as one removed and one added; a new caption as changed.
"""

from collections.abc import Iterable, Mapping

from .. import filas as tipos_de_fila
from .. import plantilla
from ..models import Informe


def instantanea_de(
    *,
    campos: Mapping[str, str],
    no_aplica: Mapping[str, str],
    filas: Mapping[str, Iterable[Mapping]],
    coautores: Iterable[str] = (),
    notas: Mapping[str, str] | None = None,
) -> dict:
    """A snapshot from plain values (a bound form's, an import's), shaped as ``instantanea``.

    ``filas`` maps a listed label to its rows as mappings; diagrams carry their
    image's ``huella``. Labels and rows left out count as empty.
    """
    return {
        "campos": {c: campos.get(c) or "" for c in plantilla.CAMPOS_SIMPLES},
        "no_aplica": dict(no_aplica or {}),
        "notas": {n: t for n, t in (notas or {}).items() if t},
        "coautores": sorted(coautores),
        "filas": {
            campo: [
                {c: fila.get(c) or "" for c in tipo.columnas_instantanea}
                for fila in filas.get(campo, ())
            ]
            for campo, tipo in tipos_de_fila.TIPOS.items()
        },
    }


def instantanea(informe: Informe) -> dict:
    """The report's content as plain JSON. Rows are read from the database, not caches."""
    filas = {}
    for campo, tipo in tipos_de_fila.TIPOS.items():
        guardadas = tipo.modelo.objects.filter(informe_id=informe.pk)
        if tipo.imagen:
            guardadas = (
                {**d, "huella": d["sha256"]} for d in guardadas.values(*tipo.nombres, "sha256")
            )
        else:
            guardadas = guardadas.values(*tipo.nombres)
        filas[campo] = guardadas
    coautores = informe.coautores.values_list("username", flat=True) if informe.pk else ()
    return instantanea_de(
        campos={c: getattr(informe, c) for c in plantilla.CAMPOS_SIMPLES},
        no_aplica=informe.no_aplica or {},
        filas=filas,
        coautores=coautores,
        notas=informe.notas or {},
    )


def contenido(informe: Informe) -> dict:
    """What a save writes and a merge reads: the labels, marks and rows, diagrams with ids.

    Rows come through the report's related managers, so a page that prefetched
    them lays out the form and its base (``huellas``) from the same read; a
    fresh instance reads the database. Diagrams carry their image's
    fingerprint (``huella``) and the co-authors come along, so the audit
    trail's snapshot is made from it without reading anything again.
    """
    filas = {}
    for campo, tipo in tipos_de_fila.TIPOS.items():
        relacionadas = getattr(informe, campo).all()
        if tipo.imagen:
            filas[campo] = [
                {"pk": d.pk, "titulo": d.titulo, "leyenda": d.leyenda, "huella": d.sha256}
                for d in relacionadas
            ]
        else:
            filas[campo] = [tipo.valores(f) for f in relacionadas]
    return {
        "campos": {c: getattr(informe, c) or "" for c in plantilla.CAMPOS_SIMPLES},
        "no_aplica": dict(informe.no_aplica or {}),
        "notas": dict(informe.notas or {}),
        "filas": filas,
        "coautores": [c.username for c in informe.coautores.all()],
    }


def instantanea_de_contenido(contenido_: Mapping) -> dict:
    """The audit trail's snapshot of a content read by ``contenido``."""
    return instantanea_de(
        campos=contenido_["campos"],
        no_aplica=contenido_["no_aplica"],
        filas=contenido_["filas"],
        coautores=contenido_.get("coautores", ()),
        notas=contenido_.get("notas"),
    )


def vacia() -> dict:
    """The snapshot of a report that does not exist yet."""
    return instantanea_de(campos={}, no_aplica={}, filas={})


def emparejar(antes: list[dict], despues: list[dict], clave) -> tuple[list, list, list, list]:
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


def filas_de(instantanea_: dict, campo: str) -> list[dict]:
    """The rows a snapshot holds under a listed label."""
    return instantanea_["filas"].get(campo, [])


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
        if etiqueta.es_filas:
            agregadas, eliminadas, cambiadas, _iguales = emparejar(
                filas_de(antes, campo),
                filas_de(despues, campo),
                tipos_de_fila.TIPOS[campo].clave_de,
            )
            if agregadas or eliminadas or cambiadas:
                cambios.append(
                    {
                        "campo": campo,
                        "tipo": "diagramas" if campo == "diagramas" else "filas",
                        "agregadas": agregadas,
                        "eliminadas": eliminadas,
                        "cambiadas": [{"antes": a, "despues": d} for a, d in cambiadas],
                    }
                )
            continue
        valor_antes = antes["campos"].get(campo, "")
        valor_despues = despues["campos"].get(campo, "")
        if valor_antes != valor_despues:
            cambios.append(
                {"campo": campo, "tipo": "texto", "antes": valor_antes, "despues": valor_despues}
            )
    for seccion in plantilla.SECCIONES:
        numero = str(seccion.numero)
        nota_antes = antes.get("notas", {}).get(numero, "")
        nota_despues = despues.get("notas", {}).get(numero, "")
        if nota_antes != nota_despues:
            cambios.append(
                {"campo": f"notas.{numero}", "tipo": "texto", "antes": nota_antes,
                 "despues": nota_despues}
            )  # fmt: skip
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
