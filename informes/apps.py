"""The app's configuration: its groups after every migrate, its signal receivers."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def asegurar_grupos(using="default", **kwargs):
    """The roles' groups exist after every migrate and every flush.

    Migration 0002 creates them once; a flush (as transactional tests do after
    each test) empties the table and fires post_migrate, which brings them back.
    """
    from django.contrib.auth.models import Group

    from .policy import GRUPO_ANALISTAS, GRUPO_REVISORES

    for nombre in (GRUPO_ANALISTAS, GRUPO_REVISORES):
        Group.objects.using(using).get_or_create(name=nombre)


class InformesConfig(AppConfig):
    name = "informes"
    verbose_name = _("Informes de despliegue")

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)

        post_migrate.connect(asegurar_grupos, sender=self)
