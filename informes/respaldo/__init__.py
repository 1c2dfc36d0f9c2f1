"""Backup and restore of every report: all versions, their rows, history,
comments, media files and archived PDFs, in one zip with a SHA-256 manifest.

The data part is Django's JSON serialization of the accounts and of every model
of this app, so a model added later is included without changing this module.
"""

import hashlib
import json
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

FORMATO = 1
DATOS = "datos.json"
MANIFIESTO = "manifiesto.json"
PREFIJO_MEDIA = "media/"


class RespaldoInvalido(Exception):
    """The archive is damaged, incomplete or does not fit the target database."""


def _sha256(datos: bytes) -> str:
    return hashlib.sha256(datos).hexdigest()


def modelos_respaldados() -> list[type[models.Model]]:
    """Accounts first, then every model of the app in dependency order."""
    propios = list(apps.get_app_config("informes").get_models())
    return serializers.sort_dependencies([("auth", [get_user_model()]), ("informes", propios)])


def _archivos(objetos) -> set[str]:
    nombres = set()
    for objeto in objetos:
        for campo in objeto._meta.concrete_fields:
            if isinstance(campo, models.FileField):
                valor = getattr(objeto, campo.attname)
                if valor:
                    nombres.add(str(valor))
    return nombres


@dataclass
class Resumen:
    objetos: int
    archivos: int


def respaldar(destino) -> Resumen:
    """Write the whole backup into ``destino`` (a path or a binary file)."""
    objetos = []
    for modelo in modelos_respaldados():
        objetos.extend(modelo._base_manager.order_by("pk"))
    datos = serializers.serialize(
        "json", objetos, indent=1, use_natural_foreign_keys=True, use_natural_primary_keys=False
    ).encode()
    grupos = sorted(Group.objects.values_list("name", flat=True))
    sumas = {DATOS: _sha256(datos)}
    with zipfile.ZipFile(destino, "w", compression=zipfile.ZIP_DEFLATED) as zona:
        zona.writestr(DATOS, datos)
        nombres = sorted(_archivos(objetos))
        for nombre in nombres:
            with default_storage.open(nombre, "rb") as archivo:
                contenido = archivo.read()
            zona.writestr(PREFIJO_MEDIA + nombre, contenido)
            sumas[PREFIJO_MEDIA + nombre] = _sha256(contenido)
        manifiesto = {
            "formato": FORMATO,
            "creado": timezone.now().isoformat(),
            "grupos": grupos,
            "sha256": sumas,
        }
        zona.writestr(MANIFIESTO, json.dumps(manifiesto, indent=1, sort_keys=True))
    return Resumen(objetos=len(objetos), archivos=len(nombres))


def _leer_verificado(zona: zipfile.ZipFile) -> tuple[dict, dict[str, bytes]]:
    try:
        manifiesto = json.loads(zona.read(MANIFIESTO))
    except (KeyError, ValueError) as error:
        raise RespaldoInvalido("El respaldo no tiene un manifiesto válido.") from error
    if manifiesto.get("formato") != FORMATO:
        raise RespaldoInvalido("Formato de respaldo desconocido.")
    sumas = manifiesto.get("sha256", {})
    presentes = set(zona.namelist()) - {MANIFIESTO}
    if presentes != set(sumas):
        raise RespaldoInvalido("Los archivos del respaldo no coinciden con su manifiesto.")
    contenidos = {}
    for nombre, suma in sumas.items():
        contenido = zona.read(nombre)
        if _sha256(contenido) != suma:
            raise RespaldoInvalido(f"La suma SHA-256 de {nombre} no coincide.")
        contenidos[nombre] = contenido
    return manifiesto, contenidos


def restaurar(origen) -> Resumen:
    """Restore a backup into a database that holds no reports yet.

    Every SHA-256 is verified before anything is written, and again for each
    media file after it is stored. The database part is one transaction.
    """
    with zipfile.ZipFile(origen) as zona:
        manifiesto, contenidos = _leer_verificado(zona)
    informe = apps.get_model("informes", "Informe")
    if informe._base_manager.exists():
        raise RespaldoInvalido("La base de datos de destino ya tiene informes.")
    escritos = []
    try:
        with transaction.atomic():
            for nombre in manifiesto.get("grupos", []):
                Group.objects.get_or_create(name=nombre)
            # Deserialization is lazy: each object is read after the previous
            # one is saved, so natural keys find the accounts just restored.
            objetos = 0
            for objeto in serializers.deserialize("json", contenidos[DATOS]):
                objeto.save()
                objetos += 1
            for nombre, contenido in contenidos.items():
                if not nombre.startswith(PREFIJO_MEDIA):
                    continue
                ruta = nombre[len(PREFIJO_MEDIA) :]
                if default_storage.exists(ruta):
                    raise RespaldoInvalido(f"El archivo {ruta} ya existe en el destino.")
                guardado = default_storage.save(ruta, ContentFile(contenido))
                escritos.append(guardado)
                if guardado != ruta:
                    raise RespaldoInvalido(f"No se pudo guardar {ruta} con su nombre.")
                with default_storage.open(guardado, "rb") as archivo:
                    if _sha256(archivo.read()) != manifiesto["sha256"][nombre]:
                        raise RespaldoInvalido(f"{ruta} cambió al guardarse.")
    except Exception:
        for nombre in escritos:
            default_storage.delete(nombre)
        raise
    return Resumen(objetos=objetos, archivos=len(escritos))
