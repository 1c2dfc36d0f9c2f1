"""``manage.py crear_token USUARIO [--solo-lectura] [--dias N]``: print a new access token."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from informes import limites, services


class Command(BaseCommand):
    help = (
        "Crea un token de acceso personal para USUARIO y lo imprime (una sola vez): "
        "para automatizar la API y informes-cli."
    )

    def add_arguments(self, parser):
        parser.add_argument("usuario", help="Nombre de usuario dueño del token.")
        parser.add_argument(
            "--solo-lectura",
            action="store_true",
            help="Solo consultar y exportar (por omisión: lectura y escritura).",
        )
        parser.add_argument(
            "--dias",
            type=int,
            default=limites.TOKEN_DIAS_PREDETERMINADOS,
            help=f"Días de vigencia, de 1 a {limites.TOKEN_DIAS_MAXIMOS} "
            f"(por omisión {limites.TOKEN_DIAS_PREDETERMINADOS}).",
        )
        parser.add_argument("--nombre", default="Línea de comandos", help="Para reconocerlo.")

    def handle(self, *args, usuario, solo_lectura, dias, nombre, **options):
        cuenta = get_user_model().objects.filter(username=usuario).first()
        if cuenta is None:
            raise CommandError(f"No existe el usuario «{usuario}».")
        try:
            token, texto = services.token_crear(
                usuario=cuenta, nombre=nombre, solo_lectura=solo_lectura, dias=dias
            )
        except services.NoPermitido as error:
            raise CommandError(f"La cuenta «{usuario}» está desactivada.") from error
        except services.DatoInvalido as error:
            raise CommandError(str(error.mensaje)) from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        alcance = "solo lectura" if token.solo_lectura else "lectura y escritura"
        self.stderr.write(
            f"Token «{token.nombre}» de {usuario} ({alcance}), vence {token.expira:%Y-%m-%d}."
        )
        self.stdout.write(texto)
