"""Receivers: sign-in events into the structured log, and what every migrate leaves in place."""

import logging

from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import registro
from .busqueda.sqlite import asegurar_indice_fts5
from .policy import GRUPO_ANALISTAS, GRUPO_REVISORES

__all__ = ["asegurar_grupos", "asegurar_indice_fts5"]


def asegurar_grupos(using="default", **kwargs):
    """The roles' groups exist after every migrate and every flush.

    Migration 0002 creates them once; a flush (as transactional tests do after
    each test) empties the table and fires post_migrate, which brings them back.
    """
    for nombre in (GRUPO_ANALISTAS, GRUPO_REVISORES):
        Group.objects.using(using).get_or_create(name=nombre)


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
