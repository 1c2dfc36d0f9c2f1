"""``manage.py limpiar_sesiones [--cada SEGUNDOS]``: delete sessions expired a day ago.

Django's ``clearsessions`` deletes every expired session at once; this one
leaves them ``SESION_EXPIRADA_CONSERVADA_HORAS`` longer, because a form posted
after its session expired is kept only while that session's row still exists
(``informes.views.sesion``). The compose stack runs it with ``--cada``.
"""

import time
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from informes import limites, registro


def limpiar() -> int:
    """Delete the sessions that expired more than the kept hours ago; how many."""
    limite = timezone.now() - timedelta(hours=limites.SESION_EXPIRADA_CONSERVADA_HORAS)
    borradas, _ = Session.objects.filter(expire_date__lt=limite).delete()
    return borradas


class Command(BaseCommand):
    help = (
        "Borra las sesiones que expiraron hace más de "
        f"{limites.SESION_EXPIRADA_CONSERVADA_HORAS} horas. Con --cada, lo repite sin fin "
        "cada tantos segundos (así lo corre docker-compose.yml)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--cada",
            type=int,
            metavar="SEGUNDOS",
            help=f"Repetir cada tantos segundos (p. ej., {limites.SESION_LIMPIEZA_SEGUNDOS}).",
        )

    def handle(self, *args, cada: int | None, **options):
        while True:
            try:
                borradas = limpiar()
            except DatabaseError as error:
                if cada is None:
                    raise
                # The database may be restarting: try again next round.
                registro.evento("sesiones_no_limpiadas", nivel=40, error=str(error)[:200])
            else:
                registro.evento("sesiones_limpiadas", borradas=borradas)
                self.stdout.write(f"Sesiones expiradas borradas: {borradas}.")
            if cada is None:
                return
            # As between requests: a broken or too old connection is reopened.
            close_old_connections()
            time.sleep(max(cada, 1))
