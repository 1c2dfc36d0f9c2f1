"""``manage.py restaurar ZIP [--reemplazar]``: a signed backup back into the database."""

import zipfile
import zlib

from django.core.management.base import BaseCommand, CommandError

from informes import respaldo


class Command(BaseCommand):
    help = (
        "Restaura un respaldo hecho con 'respaldar' en una base de datos sin cuentas ni "
        "informes, verificando su firma, sus tamaños y cada suma SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument("origen", help="Ruta del zip de respaldo.")
        parser.add_argument(
            "--reemplazar",
            action="store_true",
            help=(
                "Si la base ya tiene cuentas o informes, borrarlos (con su historial, "
                "comentarios, archivos, sesiones y bloqueos de acceso) y dejar solo lo que "
                "trae el respaldo, todo en una transacción."
            ),
        )

    def handle(self, *args, origen: str, reemplazar: bool, **options):
        try:
            resultado = respaldo.restaurar(origen, reemplazar=reemplazar)
        except respaldo.RespaldoInvalido as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"No se pudo leer {origen}: {error.strerror or error}.") from error
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, RuntimeError) as error:
            # zipfile's own complaints about a damaged archive (CRC, truncation, zlib).
            raise CommandError(f"El zip del respaldo está dañado: {_linea(error)}") from error
        if resultado.cuentas_reemplazadas or resultado.informes_reemplazados:
            self.stdout.write(
                f"Reemplazadas {resultado.cuentas_reemplazadas} cuentas y "
                f"{resultado.informes_reemplazados} informes."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Respaldo restaurado: {resultado.objetos} registros, "
                f"{resultado.archivos} archivos."
            )
        )


def _linea(error: Exception) -> str:
    texto = str(error).strip().splitlines()
    return (texto[0] if texto else type(error).__name__)[:200]
