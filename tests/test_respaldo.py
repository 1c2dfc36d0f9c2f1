import shutil
import zipfile
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from informes import demo, plantilla, services
from informes.models import Informe

from .factories import InformeFactory, analista


def fotografia() -> dict:
    """Everything a restore must bring back, keyed by stable identities."""
    resultado = {}
    for informe in Informe.objects.order_by("serie", "version"):
        clave = (str(informe.serie), informe.version)
        resultado[clave] = {
            "campos": {c: getattr(informe, c) for c in plantilla.CAMPOS_SIMPLES},
            "estado": informe.estado,
            "autor": informe.autor.username,
            "coautores": sorted(u.username for u in informe.coautores.all()),
            "bibliotecas": list(informe.bibliotecas.values_list("nombre", "version")),
            "rutas": list(informe.rutas.values_list("ruta", "proposito")),
            "variables": list(informe.variables_entorno.values_list("nombre", "valor_ejemplo")),
            "diagramas": [
                (d.titulo, d.imagen.name, d.imagen.read()) for d in informe.diagramas.all()
            ],
        }
    return resultado


@pytest.fixture
def datos(transactional_db):
    coautor = analista()
    informe = InformeFactory()
    informe.coautores.add(coautor)
    services.diagrama_agregar(
        informe=informe, archivo=ContentFile(demo.diagrama_png(), name="d.png"), titulo="D"
    )
    InformeFactory(nombre_modelo="Otro modelo", filas=False)
    return fotografia()


def vaciar(media):
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media, ignore_errors=True)


def test_backup_then_restore_into_an_empty_database_brings_everything_back(
    datos, tmp_path, media_temporal
):
    zip_ = tmp_path / "respaldo.zip"
    call_command("respaldar", str(zip_), stdout=StringIO())
    vaciar(media_temporal)
    assert not Informe.objects.exists()

    salida = StringIO()
    call_command("restaurar", str(zip_), stdout=salida)
    assert "restaurado" in salida.getvalue()
    assert fotografia() == datos
    assert User.objects.get(username=Informe.objects.first().autor.username).check_password(
        "contrasena-de-prueba-123"
    )


def test_a_tampered_backup_is_refused_and_writes_nothing(datos, tmp_path, media_temporal):
    zip_ = tmp_path / "respaldo.zip"
    call_command("respaldar", str(zip_), stdout=StringIO())
    alterado = tmp_path / "alterado.zip"
    with zipfile.ZipFile(zip_) as origen, zipfile.ZipFile(alterado, "w") as destino:
        for nombre in origen.namelist():
            contenido = origen.read(nombre)
            if nombre.startswith("media/"):
                contenido = contenido[:-1] + b"\x00"
            destino.writestr(nombre, contenido)
    vaciar(media_temporal)
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("restaurar", str(alterado), stdout=StringIO())
    assert not Informe.objects.exists()
    assert not media_temporal.exists() or not any(media_temporal.rglob("*.png"))


def test_restore_refuses_a_database_that_already_has_reports(datos, tmp_path):
    zip_ = tmp_path / "respaldo.zip"
    call_command("respaldar", str(zip_), stdout=StringIO())
    with pytest.raises(CommandError, match="ya tiene informes"):
        call_command("restaurar", str(zip_), stdout=StringIO())
