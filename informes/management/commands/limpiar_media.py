"""``manage.py limpiar_media [--borrar]``: stored PDFs past their use, orphaned media files."""

from datetime import timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import models
from django.utils import timezone

from ...exporters import cache_pdf


def archivos_referenciados() -> set[str]:
    """Every file name stored in any FileField of any model."""
    nombres: set[str] = set()
    for modelo in apps.get_models():
        for campo in modelo._meta.get_fields():
            if isinstance(campo, models.FileField):
                valores = modelo._base_manager.exclude(**{campo.name: ""}).values_list(
                    campo.name, flat=True
                )
                nombres.update(v for v in valores.iterator() if v)
    return nombres


def archivos_guardados(carpeta: str = ""):
    """Every file in the default storage, walked recursively."""
    subcarpetas, archivos = default_storage.listdir(carpeta)
    for archivo in archivos:
        yield f"{carpeta}/{archivo}" if carpeta else archivo
    for sub in subcarpetas:
        yield from archivos_guardados(f"{carpeta}/{sub}" if carpeta else sub)


class Command(BaseCommand):
    help = (
        "Lista (o borra con --borrar) los PDF guardados que ya no conviene conservar "
        "(de versiones con PDF/A archivado, sin descargas en días, más allá del límite "
        "de tamaño) y los archivos de media que ningún registro usa, como los que deja "
        "una subida interrumpida. Sin --borrar no cambia nada."
    )

    def add_arguments(self, parser):
        parser.add_argument("--borrar", action="store_true", help="Borra los huérfanos.")
        parser.add_argument(
            "--minutos",
            type=int,
            default=60,
            help="Ignora archivos más recientes que esto (una subida puede estar en curso).",
        )

    def handle(self, *args, borrar: bool, minutos: int, **options):
        # Stored PDFs first: the files of the entries removed are then gone too.
        sobrantes = cache_pdf.limpiar(borrar=borrar)
        for entrada, motivo in sobrantes:
            accion = "borrado" if borrar else "prescindible"
            self.stdout.write(f"{accion} (PDF guardado, {motivo}): {entrada.archivo.name}")
        usados = archivos_referenciados()
        limite = timezone.now() - timedelta(minutes=minutos)
        huerfanos = [
            nombre
            for nombre in sorted(archivos_guardados())
            if nombre not in usados
            and not nombre.endswith(".gitkeep")
            and default_storage.get_modified_time(nombre) < limite
        ]
        for nombre in huerfanos:
            if borrar:
                default_storage.delete(nombre)
            self.stdout.write(f"{'borrado' if borrar else 'huérfano'}: {nombre}")
        resumen = f"{len(sobrantes)} PDF guardado(s) prescindible(s), "
        resumen += f"{len(huerfanos)} archivo(s) huérfano(s)"
        if not borrar and (huerfanos or sobrantes):
            resumen += "; use --borrar para eliminarlos"
        self.stdout.write(self.style.SUCCESS(resumen))
