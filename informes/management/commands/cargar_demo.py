"""``manage.py cargar_demo``: the demo accounts and the completely filled demo report."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from informes import demo, policy
from informes.models import Informe

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
            self.stdout.write(f"  usuario: {nombre:<10} contraseña: {contrasena}")

    def _usuario(self, nombre, first_name, last_name, grupo):
        usuario, _ = get_user_model().objects.get_or_create(
            username=nombre,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{nombre}@example.org",
            },
        )
        contrasena = secrets.token_urlsafe(12)
        usuario.set_password(contrasena)
        usuario.save()
        usuario.groups.add(Group.objects.get(name=grupo))
        return contrasena

    def _informe(self, analista) -> bool:
        if Informe.objects.filter(
            autor=analista, nombre_modelo=demo.CAMPOS["nombre_modelo"]
        ).exists():
            return False
        demo.crear_informe(analista)
        return True
