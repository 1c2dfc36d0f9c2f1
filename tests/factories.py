"""Factories for users and reports: filled, complete (ready to send), and the demo report."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from informes import demo, policy
from informes.models import Biblioteca, Estado, Informe, RutaArchivo, VariableEntorno

CONTRASENA = "contrasena-de-prueba-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"usuario{n}")
    first_name = factory.Faker("first_name", locale="es_CO")
    last_name = factory.Faker("last_name", locale="es_CO")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(CONTRASENA)

    @factory.post_generation
    def grupo(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])


def analista(**kwargs):
    return UserFactory(grupo=policy.GRUPO_ANALISTAS, **kwargs)


def revisor(**kwargs):
    return UserFactory(grupo=policy.GRUPO_REVISORES, **kwargs)


def admin(**kwargs):
    return UserFactory(is_superuser=True, is_staff=True, **kwargs)


class InformeFactory(factory.django.DjangoModelFactory):
    """A report with every simple field of the template filled."""

    class Meta:
        model = Informe
        skip_postgeneration_save = True

    autor = factory.SubFactory(UserFactory, grupo=policy.GRUPO_ANALISTAS)

    @factory.lazy_attribute
    def nombre_modelo(self):
        return demo.CAMPOS["nombre_modelo"]

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        for campo, valor in demo.CAMPOS.items():
            kwargs.setdefault(campo, valor)
        return kwargs

    @factory.post_generation
    def filas(self, create, extracted, **kwargs):
        """Rows for every listed label unless ``filas=False``."""
        if not create or extracted is False:
            return
        for orden, datos in enumerate(demo.BIBLIOTECAS):
            Biblioteca.objects.create(informe=self, orden=orden, **datos)
        for orden, datos in enumerate(demo.RUTAS):
            RutaArchivo.objects.create(informe=self, orden=orden, **datos)
        for orden, datos in enumerate(demo.VARIABLES):
            VariableEntorno.objects.create(informe=self, orden=orden, **datos)


def informe_completo(estado: str = Estado.BORRADOR, **kwargs) -> Informe:
    """A fully filled report in ``estado``; the diagram label is marked "No aplica" to
    spare an image. Built as a draft, then moved, since closed versions refuse rows."""
    informe = InformeFactory(**kwargs)
    Informe.objects.filter(pk=informe.pk).update(
        no_aplica={"diagramas": "Sin diagrama."}, estado=estado
    )
    informe.refresh_from_db()
    return informe


def informe_demo(autor=None, diagrama=True):
    """The demo report exactly as ``cargar_demo`` creates it, with fixed people."""
    autor = autor or analista(username="ana", first_name="Ana", last_name="Analista")
    return demo.crear_informe(autor, diagrama=diagrama)
