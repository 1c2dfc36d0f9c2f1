"""Factories for users and reports: filled, complete (ready to send), and the demo report;
and a stored draft PDF."""

import hashlib
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from informes import demo, limites, policy, services
from informes.models import (
    Biblioteca,
    ComentarioRevision,
    Estado,
    EventoAuditoria,
    Informe,
    PDFEnCache,
    RutaArchivo,
    VariableEntorno,
)

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


def informe_pequeno():
    """A first version with no rows, no diagrams, no comments, a short trail."""
    return InformeFactory(filas=False)


def informe_grande():
    """The third version of a series, every list at its row limit, diagrams,
    a long trail and many comments."""
    autor = analista()
    anteriores = [InformeFactory(autor=autor, filas=False) for _ in range(2)]
    informe = InformeFactory(autor=autor, filas=False)
    serie = anteriores[0].serie
    for version, otro in enumerate([*anteriores, informe], start=1):
        Informe.objects.filter(pk=otro.pk).update(serie=serie, version=version)
    informe.refresh_from_db()
    informe.coautores.add(analista(), analista())
    filas = {
        "bibliotecas": [
            {"nombre": f"paquete-{i}", "version": "1.0"} for i in range(limites.FILAS_MAXIMAS)
        ],
        "rutas": [
            {"ruta": f"/ruta/{i}", "proposito": "Datos"} for i in range(limites.FILAS_MAXIMAS)
        ],
        "variables_entorno": [
            {"nombre": f"VARIABLE_{i}", "proposito": "Uso", "valor_ejemplo": "x"}
            for i in range(limites.FILAS_MAXIMAS)
        ],
    }
    informe = services.informe_guardar(
        informe=informe, editor=informe.autor, contador_esperado=informe.contador_cambios,
        filas=filas,
    )  # fmt: skip
    for i in range(3):
        services.diagrama_agregar(
            informe=informe,
            archivo=ContentFile(demo.diagrama_png(), name="d.png"),
            titulo=f"Diagrama {i}",
        )
    otro = revisor()
    ComentarioRevision.objects.bulk_create(
        ComentarioRevision(informe=informe, seccion=1 + i % 9, texto=f"Nota {i}", autor=otro)
        for i in range(40)
    )
    EventoAuditoria.objects.bulk_create(
        EventoAuditoria(
            informe=informe,
            serie=informe.serie,
            version=informe.version,
            usuario=otro,
            accion="comentar",
            comentario=f"c{i}",
        )
        for i in range(200)
    )
    return Informe.objects.get(pk=informe.pk)


def pdf_en_cache(informe, tamano: int = 100, hace: timedelta = timedelta(minutes=5)) -> PDFEnCache:
    """A stored draft PDF of ``tamano`` bytes for ``informe``, last downloaded ``hace`` ago."""
    datos = b"%PDF-" + bytes(tamano - 5)
    fila = PDFEnCache(
        informe=informe,
        clave="0" * 64,
        sha256=hashlib.sha256(datos).hexdigest(),
        tamano=tamano,
        usado=timezone.now() - hace,
    )
    fila.archivo.save("x.pdf", ContentFile(datos), save=False)
    fila.save()
    return fila
