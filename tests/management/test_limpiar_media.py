import os
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from informes import demo, limites, services
from informes.models import ArchivoPDF, Estado, Informe, PDFEnCache
from tests.factories import InformeFactory, pdf_en_cache

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


# --- Stored draft PDFs (exporters.cache_pdf).


def pdf_guardado(informe, tamano: int = 100, hace: timedelta = timedelta(minutes=5)):
    fila = pdf_en_cache(informe, tamano, hace)
    envejecer(fila.archivo.name)  # older than --minutos: only its entry keeps it
    return fila


@pytest.fixture
def pdfs_guardados(monkeypatch):
    monkeypatch.setattr(limites, "CACHE_PDF_TOTAL", 1000)
    archivado = InformeFactory(filas=False)
    Informe.objects.filter(pk=archivado.pk).update(estado=Estado.APROBADO)
    ArchivoPDF.objects.create(
        informe=archivado, archivo="archivo/x/v1.pdf", sha256="1" * 64, tamano=1
    )
    return {
        "archivado": pdf_guardado(archivado),
        "olvidado": pdf_guardado(
            InformeFactory(filas=False), hace=timedelta(days=limites.CACHE_PDF_DIAS + 1)
        ),
        "viejo": pdf_guardado(InformeFactory(filas=False), 600, timedelta(hours=2)),
        "reciente": pdf_guardado(InformeFactory(filas=False), 600, timedelta(hours=1)),
    }


def test_dry_run_lists_stored_pdfs_past_their_use_and_deletes_nothing(pdfs_guardados):
    salida = StringIO()
    call_command("limpiar_media", stdout=salida)
    texto = salida.getvalue()
    for nombre, motivo in (
        ("archivado", "versión con PDF/A archivado"),
        ("olvidado", f"sin descargas en {limites.CACHE_PDF_DIAS} días"),
        ("viejo", "límite de tamaño"),
    ):
        linea = f"prescindible (PDF guardado, {motivo}): {pdfs_guardados[nombre].archivo.name}"
        assert linea in texto
    assert pdfs_guardados["reciente"].archivo.name not in texto
    assert "3 PDF guardado(s) prescindible(s)" in texto
    assert PDFEnCache.objects.count() == 4
    assert all(default_storage.exists(f.archivo.name) for f in pdfs_guardados.values())


def test_borrar_removes_stored_pdfs_past_their_use_with_their_files(pdfs_guardados):
    call_command("limpiar_media", "--borrar", stdout=StringIO())
    reciente = pdfs_guardados.pop("reciente")
    assert list(PDFEnCache.objects.all()) == [reciente]
    assert default_storage.exists(reciente.archivo.name)
    assert not any(default_storage.exists(f.archivo.name) for f in pdfs_guardados.values())


def test_a_stored_pdf_in_use_is_never_an_orphan(pdfs_guardados):
    salida = StringIO()
    call_command("limpiar_media", stdout=salida)
    assert f"huérfano: {pdfs_guardados['reciente'].archivo.name}" not in salida.getvalue()


def test_an_entry_whose_file_is_gone_is_removed():
    fila = pdf_guardado(InformeFactory(filas=False))
    default_storage.delete(fila.archivo.name)
    salida = StringIO()
    call_command("limpiar_media", "--borrar", stdout=salida)
    assert f"borrado (PDF guardado, archivo inexistente): {fila.archivo.name}" in salida.getvalue()
    assert not PDFEnCache.objects.exists()
