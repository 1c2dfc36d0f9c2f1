"""Background work through Django's task framework (the django-tasks backport): the glue.

Without a worker (the embedded default) tasks run at once, in the request that
queues them; with ``INFORMES_TAREAS=db`` they wait in the database for
``manage.py db_worker``. The tasks live beside the services they run (the
archival PDF: ``services.archivo.archivar_pdf``); arguments are ids, passed by
keyword, since task arguments must be JSON and are looked up here by name.
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def en_segundo_plano(tarea) -> bool:
    """Whether a worker runs ``tarea`` (otherwise it runs at once, in the request).

    Asks the task for its backend: ``django_tasks.default_task_backend`` is a
    proxy, never an instance of the backend's class.
    """
    return not isinstance(tarea.get_backend(), ImmediateBackend)


def pendiente(tarea, *, perdida_tras: float, **argumentos) -> bool:
    """Whether ``tarea`` with these keyword arguments waits in the queue or is running.

    A run that started more than ``perdida_tras`` seconds ago is taken for lost
    (its worker was killed): it no longer counts. Backends that keep no queue
    (the immediate one) never have anything pending.
    """
    if not isinstance(tarea.get_backend(), DatabaseBackend):
        return False
    filas = DBTaskResult.objects.filter(task_path=tarea.module_path, backend_name=tarea.backend)
    for nombre, valor in argumentos.items():
        filas = filas.filter(**{f"args_kwargs__kwargs__{nombre}": valor})
    desde = timezone.now() - datetime.timedelta(seconds=perdida_tras)
    return filas.filter(
        Q(status=TaskResultStatus.READY) | Q(status=TaskResultStatus.RUNNING, started_at__gte=desde)
    ).exists()


def reintentar(tarea, *, espera: float, **argumentos) -> bool:
    """Queue ``tarea`` again to run in ``espera`` seconds; False without a worker
    (nothing can wait: the next request that needs the work does it)."""
    if not en_segundo_plano(tarea):
        return False
    cuando = timezone.now() + datetime.timedelta(seconds=espera)
    tarea.using(run_after=cuando).enqueue(**argumentos)
    return True
