"""``manage.py respaldar ZIP``: every account and report, with their files, in one zip."""

from django.core.management.base import BaseCommand

from informes import respaldo


class Command(BaseCommand):
    help = (
        "Guarda en un zip todos los informes (versiones, historial, comentarios), "
        "sus archivos y PDF archivados, con un manifiesto de sumas SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument("destino", help="Ruta del zip que se creará.")

    def handle(self, *args, destino: str, **options):
        resumen = respaldo.respaldar(destino)
        self.stdout.write(
            self.style.SUCCESS(
                f"Respaldo escrito en {destino}: {resumen.objetos} registros, "
                f"{resumen.archivos} archivos."
            )
        )
