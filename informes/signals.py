"""Sign-in events into the structured log (never the password)."""

import logging

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import registro


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_login_failed)
def al_fallar_login(sender, credentials, request=None, **kwargs):
    registro.evento(
        "login_fallido",
        nivel=logging.WARNING,
        username=credentials.get("username"),
        ip=_ip(request),
    )


@receiver(user_logged_in)
def al_iniciar_sesion(sender, request, user, **kwargs):
    registro.evento("login", usuario=user, ip=_ip(request))
