import os
import time
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from informes import demo, services

from .factories import InformeFactory

pytestmark = pytest.mark.django_db


def envejecer(nombre: str, segundos: int = 7200):
    ruta = default_storage.path(nombre)
    antes = time.time() - segundos
    os.utime(ruta, (antes, antes))


@pytest.fixture
def diagrama_y_huerfano():
    informe = InformeFactory(filas=False)
    diagrama = services.diagrama_agregar(
        informe=informe, archivo=ContentFile(demo.diagrama_png(), name="d.png"), titulo="D"
    )
    huerfano = default_storage.save("diagramas/perdido/resto.png", ContentFile(b"x"))
    envejecer(diagrama.imagen.name)
    envejecer(huerfano)
    return diagrama, huerfano


def test_dry_run_lists_orphans_and_deletes_nothing(diagrama_y_huerfano):
    diagrama, huerfano = diagrama_y_huerfano
    salida = StringIO()
    call_command("limpiar_media", stdout=salida)
    assert f"huérfano: {huerfano}" in salida.getvalue()
    assert diagrama.imagen.name not in salida.getvalue()
    assert default_storage.exists(huerfano)


def test_borrar_removes_only_orphans(diagrama_y_huerfano):
    diagrama, huerfano = diagrama_y_huerfano
    call_command("limpiar_media", "--borrar", stdout=StringIO())
    assert not default_storage.exists(huerfano)
    assert default_storage.exists(diagrama.imagen.name)


def test_recent_files_are_left_alone(diagrama_y_huerfano):
    reciente = default_storage.save("diagramas/perdido/en-curso.png", ContentFile(b"x"))
    call_command("limpiar_media", "--borrar", stdout=StringIO())
    assert default_storage.exists(reciente)
