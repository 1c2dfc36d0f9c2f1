"""``manage.py restaurar ZIP``: a backup back into a database with no reports."""

from django.core.management.base import BaseCommand, CommandError

from informes import respaldo


class Command(BaseCommand):
    help = (
        "Restaura un respaldo hecho con 'respaldar' en una base de datos sin informes, "
        "verificando cada suma SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument("origen", help="Ruta del zip de respaldo.")

    def handle(self, *args, origen: str, **options):
        try:
            resumen = respaldo.restaurar(origen)
        except respaldo.RespaldoInvalido as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Respaldo restaurado: {resumen.objetos} registros, {resumen.archivos} archivos."
            )
        )
