"""``manage.py cargar_demo``: the demo accounts and the completely filled demo report.

An account keeps its password across runs: a new one gets a random password,
printed once, or the one in ``INFORMES_DEMO_PASSWORD``, which an existing
account also takes (so a forgotten password can be set again).
"""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from informes import demo, policy
from informes.models import Informe

VARIABLE_CONTRASENA = "INFORMES_DEMO_PASSWORD"
USUARIOS = (
    ("analista", "Ana", "Analista", policy.GRUPO_ANALISTAS),
    ("revisor", "Rubén", "Revisor", policy.GRUPO_REVISORES),
)


class Command(BaseCommand):
    help = "Carga cuentas de demostración y un informe completo de ejemplo (solo con DEBUG)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Los datos de demostración solo se cargan con DJANGO_DEBUG activado: "
                "crean cuentas con contraseñas conocidas."
            )
        with transaction.atomic():
            contrasenas = {datos[0]: self._usuario(*datos) for datos in USUARIOS}
            analista = get_user_model().objects.get(username="analista")
            creado = self._informe(analista)
        self.stdout.write(self.style.SUCCESS("Datos de demostración listos."))
        if creado:
            self.stdout.write("Informe de ejemplo creado.")
        for nombre, contrasena in contrasenas.items():
            if contrasena is None:
                contrasena = "(la misma de antes)"
            self.stdout.write(f"  usuario: {nombre:<10} contraseña: {contrasena}")

    def _usuario(self, nombre, first_name, last_name, grupo) -> str | None:
        """The account's password as printed: new, from the environment, or None (unchanged)."""
        usuario, creado = get_user_model().objects.get_or_create(
            username=nombre,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{nombre}@example.org",
            },
        )
        usuario.groups.add(Group.objects.get(name=grupo))
        fija = os.environ.get(VARIABLE_CONTRASENA, "")
        if fija:
            usuario.set_password(fija)
            usuario.save()
            return f"(la de {VARIABLE_CONTRASENA})"
        if not creado:
            return None
        contrasena = secrets.token_urlsafe(12)
        usuario.set_password(contrasena)
        usuario.save()
        return contrasena

    def _informe(self, analista) -> bool:
        if Informe.objects.filter(
            autor=analista, nombre_modelo=demo.CAMPOS["nombre_modelo"]
        ).exists():
            return False
        demo.crear_informe(analista)
        return True
