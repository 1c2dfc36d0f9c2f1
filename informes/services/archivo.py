"""The archival PDF/A-3b of an approved version: rendered once, stored, never replaced.

``archivo_generar`` renders and stores it; ``archivar_pdf`` is the task that
calls it (in the request without a worker, in ``db_worker`` with one) and
queues itself again when a render fails; ``archivo_encolar`` queues that task
at most once per version, however many approvals' commits and downloads ask.
"""

import hashlib
import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from .. import limites, registro, tareas
from ..exporters import archivo as archivo_exportador
from ..exporters import pdf
from ..models import ArchivoPDF, Estado, Informe

MENSAJE_ARCHIVO_NO_APROBADO = _("Solo se archiva el PDF de una versión aprobada.")
MENSAJE_ARCHIVO_EXISTE = _("Esta versión ya tiene su PDF archivado; no se vuelve a generar.")


def archivo_generar(*, informe: Informe, historial: Iterable[dict] | None = None) -> ArchivoPDF:
    """Render the approved ``informe`` once as PDF/A-3b, store it and record its SHA-256.

    Refuses (ValidationError) unless the report is approved, and when an archive
    already exists: the archived bytes never change. A render that runs out of
    time (``pdf.TiempoAgotado``) or misses a resource (``pdf.DocumentoIncompleto``)
    stores nothing. Safe to call inside the approval's transaction or from
    ``transaction.on_commit``: the row is written in its own atomic block, and a
    stored file whose row fails is removed.
    """
    informe = Informe.objects.get(pk=informe.pk)
    if informe.estado != Estado.APROBADO:
        raise ValidationError(MENSAJE_ARCHIVO_NO_APROBADO, code="no_aprobado")
    if ArchivoPDF.objects.filter(informe=informe).exists():
        raise ValidationError(MENSAJE_ARCHIVO_EXISTE, code="existe")
    datos = archivo_exportador.generar(informe, historial)
    fila = ArchivoPDF(informe=informe, sha256=hashlib.sha256(datos).hexdigest(), tamano=len(datos))
    # The stored name comes from ``ruta_archivo``, never from this argument.
    fila.archivo.save("archivo.pdf", ContentFile(datos), save=False)
    try:
        with transaction.atomic():
            # Lock the report row so two approvals cannot both archive it.
            Informe.objects.select_for_update().get(pk=informe.pk)
            if ArchivoPDF.objects.filter(informe=informe).exists():
                raise ValidationError(MENSAJE_ARCHIVO_EXISTE, code="existe")
            fila.save()
    except BaseException:
        # Also when the worker is being stopped: no stored file without its row.
        fila.archivo.delete(save=False)
        raise
    return fila


@task()
def archivar_pdf(informe_id: int, intento: int = 1) -> str:
    """Make the archival PDF/A of an approved version; its SHA-256.

    Idempotent: an existing archive is kept as it is, and a version that is no
    longer approved (a newer one replaced it first) is left alone (returns "").
    A failed render is logged and, with a worker, queued again after a growing
    wait, up to ``limites.ARCHIVO_INTENTOS`` attempts; meanwhile the approval
    stands and the report shows its archive as pending.
    """
    existente = ArchivoPDF.objects.filter(informe_id=informe_id).first()
    if existente is not None:
        return existente.sha256
    informe = Informe.objects.filter(pk=informe_id, estado=Estado.APROBADO).first()
    if informe is None:
        return ""
    try:
        archivo = archivo_generar(informe=informe)
    except ValidationError as error:
        if error.code != "existe":
            raise
        return ArchivoPDF.objects.get(informe_id=informe_id).sha256
    except BaseException as error:
        # A character no font draws fails the same way every time: no new attempt.
        otra_vez = (
            not isinstance(error, pdf.GlifosFaltantes)
            and intento < limites.ARCHIVO_INTENTOS
            and tareas.reintentar(
                archivar_pdf,
                espera=limites.ARCHIVO_ESPERA * 2 ** (intento - 1),
                informe_id=informe_id,
                intento=intento + 1,
            )
        )
        registro.evento(
            "pdf_archivo_fallido",
            informe=informe,
            nivel=logging.WARNING,
            intento=intento,
            motivo=type(error).__name__,
            rechazados=getattr(error, "rechazados", []),
            reintento=bool(otra_vez),
        )
        raise
    registro.evento("pdf_archivado", informe=informe, sha256=archivo.sha256)
    return archivo.sha256


def archivo_encolar(*, informe_id: int) -> None:
    """Queue the archive of an approved version once the current transaction commits,
    unless one is already queued or running: one queued archive per version.

    Without a worker the task runs at once, in this request.
    """
    transaction.on_commit(lambda: _encolar(informe_id))


def _encolar(informe_id: int) -> None:
    if not tareas.en_segundo_plano(archivar_pdf):
        archivar_pdf.enqueue(informe_id=informe_id)
        return
    with transaction.atomic():
        # Concurrent downloads take turns here, so the second sees the first's task.
        Informe.objects.select_for_update().filter(pk=informe_id).first()
        if not tareas.pendiente(
            archivar_pdf, perdida_tras=limites.ARCHIVO_TAREA_PERDIDA, informe_id=informe_id
        ):
            archivar_pdf.enqueue(informe_id=informe_id)
