"""Background work, through Django's task framework (the django-tasks backport).

Without a worker (the embedded default) tasks run at once in the request; with
``INFORMES_TAREAS=db`` they wait in the database for ``manage.py db_worker``.
Arguments are ids: task arguments must be JSON.
"""

import logging

from django.db import transaction
from django_tasks import default_task_backend, task
from django_tasks.backends.immediate import ImmediateBackend

from . import registro

logger = logging.getLogger(__name__)


@task()
def archivar_pdf(informe_id: int) -> str:
    """Render and store the archival PDF/A of an approved version; its SHA-256.

    Running it twice is harmless: an existing archive is kept as it is.
    """
    from . import services
    from .models import ArchivoPDF, Informe

    existente = ArchivoPDF.objects.filter(informe_id=informe_id).first()
    if existente is not None:
        return existente.sha256
    informe = Informe.objects.get(pk=informe_id)
    archivo = services.archivo_generar(informe=informe)
    registro.evento("pdf_archivado", informe=informe, sha256=archivo.sha256)
    return archivo.sha256


def encolar_archivo_pdf(informe_id: int) -> None:
    """Queue the archival PDF once the current transaction has committed."""
    transaction.on_commit(lambda: archivar_pdf.enqueue(informe_id))


def en_segundo_plano() -> bool:
    """Whether a worker runs the tasks (otherwise they run in the request)."""
    return not isinstance(default_task_backend, ImmediateBackend)
