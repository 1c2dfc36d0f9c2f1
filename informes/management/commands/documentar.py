"""``manage.py documentar [--comprobar]``: README's layout and workflow, written from the code."""

from django.core.management.base import BaseCommand, CommandError

from informes import documentacion


class Command(BaseCommand):
    help = (
        "Reescribe en README.md la estructura del paquete (de las docstrings de los módulos) "
        "y el flujo de revisión (de informes.flujo)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--comprobar",
            action="store_true",
            help="No escribe: termina con error si README no está al día.",
        )

    def handle(self, *args, comprobar=False, **options):
        actual = documentacion.README.read_text(encoding="utf-8")
        nuevo = documentacion.actualizar(actual)
        if nuevo == actual:
            self.stdout.write("README.md está al día.")
            return
        if comprobar:
            raise CommandError("README.md no está al día: ejecute «manage.py documentar».")
        documentacion.README.write_text(nuevo, encoding="utf-8")
        self.stdout.write("README.md actualizado.")
