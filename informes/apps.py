"""The app's configuration: it connects the receivers of ``signals`` when the app is ready."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InformesConfig(AppConfig):
    name = "informes"
    verbose_name = _("Informes de despliegue")

    def ready(self):
        # The receivers import the models, which may be imported only now.
        from . import signals

        post_migrate.connect(signals.asegurar_grupos, sender=self)
        post_migrate.connect(signals.asegurar_indice_fts5, sender=self)
