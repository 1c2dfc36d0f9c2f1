"""Writes of a report's content: creation, diagrams, and the one save path of every editor.

The form, autosave, rows and diagrams all save through ``informe_guardar``.
Each write is one transaction, recorded in the audit trail with its
field-level changes.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .. import auditoria, flujo, images, plantilla, policy
from .. import filas as tipos_de_fila
from ..models import (
    ESTADOS_INMUTABLES,
    AccionAuditoria,
    Diagrama,
    Informe,
    InformeInmutable,
)
from . import combinacion, eventos, guardado
from .combinacion import Guardado
from .errores import (
    MENSAJE_FUSIONADO,
    MENSAJE_NO_EDITABLE,
    DatoInvalido,
    EdicionNoPermitida,
    InformeNoEditable,
)
from .texto import exigir_texto_del_informe


@transaction.atomic
def informe_crear(
    *,
    autor,
    campos: dict[str, str] | None = None,
    filas: dict[str, Iterable[dict]] | None = None,
    coautores: Iterable = (),
    no_aplica: dict[str, str] | None = None,
    notas: dict[str, str] | None = None,
    diagramas: Sequence["DiagramaNuevo"] = (),
) -> Informe:
    """Create a first-version draft owned by ``autor``.

    ``campos`` maps template fields to their text; ``filas`` maps a row type
    ("bibliotecas", "rutas", "variables_entorno") to dicts of row values;
    ``notas`` a section's number to its unclassified text; ``diagramas`` are
    re-encoded images, whose files go if the creation fails. The creation is
    the first entry of the report's trail.
    """
    campos = guardado.canonicos(campos or {})
    desconocidos = set(campos) - set(plantilla.CAMPOS_SIMPLES)
    if desconocidos:
        raise ValueError(f"Campos desconocidos: {sorted(desconocidos)}")
    informe = Informe(autor=autor, no_aplica=guardado.motivos(no_aplica or {}), **campos)
    informe.notas = guardado.notas_guardadas(notas or {})
    exigir_texto_del_informe(informe, informe.no_aplica, informe.notas)
    informe.full_clean()
    informe.save()
    informe.coautores.set(coautores)
    _reemplazar_filas(informe, filas or {})
    with guardado.sin_archivos_huerfanos() as guardados:
        _aplicar_diagramas(informe, None, diagramas, guardados)
        eventos.registrar(
            informe=informe,
            usuario=autor,
            accion=AccionAuditoria.CREAR,
            estado_hasta=informe.estado,
            cambios=auditoria.diferencias(auditoria.vacia(), auditoria.instantanea(informe)),
        )
    return informe


def _tomar_para_escribir(informe: Informe) -> None:
    """Count one more change, only while the report is editable; refuse otherwise."""
    actualizadas = Informe.objects.filter(pk=informe.pk, estado__in=flujo.ESTADOS_EDITABLES).update(
        contador_cambios=F("contador_cambios") + 1, actualizado=timezone.now()
    )
    if actualizadas != 1:
        estado = Informe.objects.filter(pk=informe.pk).values_list("estado", flat=True).first()
        if estado in ESTADOS_INMUTABLES:
            raise InformeInmutable
        raise DatoInvalido(MENSAJE_NO_EDITABLE)
    informe.refresh_from_db(fields=["contador_cambios", "actualizado", "estado"])


@transaction.atomic
def diagrama_agregar(
    *, informe: Informe, archivo, titulo: str, leyenda: str = "", usuario=None
) -> Diagrama:
    """Validate and re-encode an uploaded image, then attach it to ``informe``.

    Raises ValidationError (nothing stored) when the file is not an acceptable
    image or does not fit the report's caps, ``InformeInmutable`` on an approved
    or archived version. ``usuario`` is recorded in the audit trail.
    """
    _tomar_para_escribir(informe)
    antes = auditoria.instantanea(informe)
    limpia = images.limpiar_imagen(archivo, images.Presupuesto.para(informe.diagramas.all()))
    orden = informe.diagramas.count()
    diagrama = Diagrama(informe=informe, titulo=titulo, leyenda=leyenda, orden=orden)
    diagrama.poner_imagen(limpia.archivo)
    try:
        diagrama.full_clean(exclude=["imagen"])
        diagrama.save()
        eventos.registrar_guardado(
            informe=informe,
            usuario=usuario,
            antes=antes,
            despues=auditoria.instantanea(informe),
        )
    except Exception:
        # The file was written before the row: remove it so nothing is orphaned.
        diagrama.imagen.delete(save=False)
        raise
    return diagrama


# --- Saving a report's content: the one path for the form, autosave, rows and diagrams.


@dataclass(frozen=True)
class DiagramaNuevo:
    imagen: images.ImagenLimpia
    titulo: str
    leyenda: str = ""


def _reemplazar_filas(informe: Informe, filas: dict[str, Iterable[dict]]) -> None:
    # Rows are values, not identities: the submitted list replaces the stored one,
    # so autosave and the full save never duplicate or lose a row.
    for campo, valores in filas.items():
        modelo = tipos_de_fila.LISTAS[campo].modelo
        modelo.objects.filter(informe=informe).delete()
        for orden, datos in enumerate(valores):
            fila = modelo(informe=informe, orden=orden, **guardado.fila_guardada(datos))
            fila.full_clean()
            fila.save()


def _guardar_imagen(diagrama: Diagrama, limpia: images.ImagenLimpia, guardados: list) -> None:
    diagrama.poner_imagen(limpia.archivo)
    guardados.append(diagrama.imagen.name)
    diagrama.ancho, diagrama.alto = limpia.ancho, limpia.alto
    diagrama.full_clean(exclude=["imagen"])
    diagrama.save()


def _aplicar_diagramas(
    informe: Informe,
    diagramas: Iterable[dict] | None,
    nuevos: Sequence[DiagramaNuevo],
    guardados: list,
) -> None:
    existentes = {d.pk: d for d in Diagrama.objects.filter(informe=informe)}
    orden = 0
    if diagramas is not None:
        vistos = set()
        for datos in diagramas:
            # A diagram removed meanwhile (or another report's) is simply skipped.
            diagrama = existentes.get(datos.get("pk"))
            if diagrama is None or diagrama.pk in vistos:
                continue
            vistos.add(diagrama.pk)
            if datos.get("borrar"):
                nombre = diagrama.imagen.name
                diagrama.delete()
                transaction.on_commit(lambda n=nombre: default_storage.delete(n))
                continue
            diagrama.titulo = datos.get("titulo", diagrama.titulo)
            diagrama.leyenda = datos.get("leyenda", diagrama.leyenda)
            diagrama.orden = orden
            orden += 1
            diagrama.full_clean(exclude=["imagen"])
            diagrama.save(update_fields=["titulo", "leyenda", "orden"])
        # Diagrams the form did not mention keep their place after the listed ones.
        for pk, diagrama in existentes.items():
            if pk not in vistos:
                diagrama.orden = orden
                orden += 1
                diagrama.save(update_fields=["orden"])
    else:
        orden = len(existentes)
    images.exigir_cupo(Diagrama.objects.filter(informe=informe), [n.imagen for n in nuevos])
    for nuevo in nuevos:
        diagrama = Diagrama(
            informe=informe, titulo=nuevo.titulo, leyenda=nuevo.leyenda, orden=orden
        )
        _guardar_imagen(diagrama, nuevo.imagen, guardados)
        orden += 1


def informe_guardar(*, informe: Informe, **argumentos) -> Informe:
    """Save an editor's changes to a report: the only write of a report's content.

    Takes the arguments of ``informe_guardar_fusionando`` and returns the report
    as stored.
    """
    return informe_guardar_fusionando(informe=informe, **argumentos).informe


def informe_guardar_fusionando(
    *,
    informe: Informe,
    editor,
    contador_esperado: int,
    campos: dict[str, str] | None = None,
    no_aplica: dict[str, str] | None = None,
    filas: dict[str, Iterable[dict]] | None = None,
    diagramas: Iterable[dict] | None = None,
    diagramas_nuevos: Sequence[DiagramaNuevo] = (),
    notas: dict[str, str] | None = None,
    base: str | None = None,
    decisiones: dict | None = None,
    automatico: bool = False,
) -> Guardado:
    """Save an editor's changes, merged with any save that came first (``combinacion``).

    ``campos`` maps template fields to text; ``no_aplica`` replaces the
    {campo: motivo} marks; ``notas`` replaces the sections' unclassified text;
    ``filas`` replaces the listed row types wholesale;
    ``diagramas`` lists existing diagrams in their new order with ``titulo``,
    ``leyenda`` and ``borrar``; ``diagramas_nuevos`` are appended. ``None``
    leaves that part untouched. Values are stored as the export writes them
    (``guardado``). ``base`` is the token of what the page started
    from, ``decisiones`` the values chosen for conflicts (by their ``firma``);
    ``automatico`` marks an autosave's entry in the audit trail.

    One transaction. Raises ``InformeNoEditable`` when the estado admits no
    change (whoever calls), ``EdicionNoPermitida`` when ``editor`` may not edit,
    ``ConflictoFusion`` (a ``ConflictoEdicion``) when another save changed the
    same label or row differently and no decision covers it, and
    ``ValidationError`` on invalid values; in every case nothing is written.
    """
    with guardado.sin_archivos_huerfanos() as guardados, transaction.atomic():
        return _informe_guardar(
            informe=informe,
            editor=editor,
            contador_esperado=contador_esperado,
            contenido={
                "campos": guardado.canonicos(campos or {}),
                "no_aplica": None if no_aplica is None else guardado.motivos(no_aplica),
                "notas": notas,
                "filas": filas,
                "diagramas": None if diagramas is None else list(diagramas),
            },
            diagramas_nuevos=diagramas_nuevos,
            base=base,
            decisiones=decisiones,
            automatico=automatico,
            guardados=guardados,
        )


def _informe_guardar(
    *, informe, editor, contador_esperado, contenido, diagramas_nuevos, base, decisiones,
    automatico, guardados,
) -> Guardado:  # fmt: skip
    if informe.estado not in flujo.ESTADOS_EDITABLES:
        raise InformeNoEditable
    if not policy.puede(informe, editor, policy.Accion.EDITAR):
        raise EdicionNoPermitida
    escrito, previo = combinacion.escribir(
        informe=informe,
        contador_esperado=contador_esperado,
        base=base,
        decisiones=decisiones,
        contenido=contenido,
    )
    if escrito.filas is not None:
        _reemplazar_filas(informe, escrito.filas)
    if escrito.diagramas is not None or diagramas_nuevos:
        _aplicar_diagramas(informe, escrito.diagramas, diagramas_nuevos, guardados)
    informe.refresh_from_db()
    despues = auditoria.contenido(Informe.objects.get(pk=informe.pk))
    eventos.registrar_guardado(
        informe=informe,
        usuario=editor,
        antes=auditoria.instantanea_de_contenido(previo),
        despues=auditoria.instantanea_de_contenido(despues),
        comentario=str(MENSAJE_FUSIONADO) if escrito.combinada else "",
        automatico=automatico,
    )
    recargar = escrito.fusion is not None and bool(escrito.fusion.ajenos)
    return Guardado(informe, auditoria.token_de(despues), recargar)


@transaction.atomic
def informe_nuevo_guardar(*, autor, **contenido) -> Informe:
    """Create a draft owned by ``autor`` and save its first content in one transaction.

    ``contenido`` takes the arguments of ``informe_guardar`` (without the counter).
    """
    informe = informe_crear(autor=autor)
    return informe_guardar(informe=informe, editor=autor, contador_esperado=0, **contenido)
