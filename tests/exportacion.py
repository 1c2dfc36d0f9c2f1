"""Shared builders for the export, PDF and import tests."""

from django.core.files.base import ContentFile

from informes import demo, services

from .factories import analista


def informe_demo(autor=None, diagrama=True):
    """The demo report exactly as ``cargar_demo`` creates it, with fixed people."""
    autor = autor or analista(username="ana", first_name="Ana", last_name="Analista")
    informe = services.informe_crear(
        autor=autor,
        campos=demo.CAMPOS,
        filas={
            "bibliotecas": demo.BIBLIOTECAS,
            "rutas": demo.RUTAS,
            "variables_entorno": demo.VARIABLES,
        },
    )
    if diagrama:
        services.diagrama_agregar(
            informe=informe,
            archivo=ContentFile(demo.diagrama_png(), name="arquitectura.png"),
            titulo="Arquitectura de despliegue",
            leyenda="Flujo desde las encuestas hasta la base de resultados.",
        )
    return informe
