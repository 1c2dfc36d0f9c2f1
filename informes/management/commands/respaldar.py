"""``manage.py respaldar ZIP``: every account and report, with their files, in one signed zip."""

from django.core.management.base import BaseCommand, CommandError

from informes import respaldo


class Command(BaseCommand):
    help = (
        "Guarda en un zip todas las cuentas y los informes (versiones, historial, "
        "comentarios), sus archivos y PDF archivados, con un manifiesto de sumas SHA-256 "
        f"firmado con la clave de {respaldo.VARIABLE_CLAVE}. El zip queda con permisos 0600."
    )

    def add_arguments(self, parser):
        parser.add_argument("destino", help="Ruta del zip que se creará (o reemplazará).")

    def handle(self, *args, destino: str, **options):
        try:
            resumen = respaldo.respaldar(destino)
        except respaldo.RespaldoInvalido as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            motivo = error.strerror or error
            raise CommandError(f"No se pudo escribir {destino}: {motivo}.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Respaldo escrito en {destino}: {resumen.objetos} registros, "
                f"{resumen.archivos} archivos."
            )
        )
