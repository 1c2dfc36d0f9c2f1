"""Writing a backup: records as JSON lines, stored files, a signed manifest, mode 0600."""

import hashlib
import io
import json
import os
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from django.contrib.auth.models import Group
from django.core import serializers
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from .formato import (
    DATOS,
    FIRMA,
    FORMATO,
    MANIFIESTO,
    PREFIJO_MEDIA,
    archivos_referidos,
    clave,
    firmar,
    modelos_respaldados,
)

BLOQUE = 1024 * 1024


@dataclass
class Resumen:
    objetos: int
    archivos: int


class _Contador(io.RawIOBase):
    """A write-only stream that hashes and counts what passes through to ``destino``."""

    def __init__(self, destino):
        self._destino = destino
        self.suma = hashlib.sha256()
        self.tamano = 0

    def writable(self):
        return True

    def write(self, datos):
        self._destino.write(datos)
        self.suma.update(datos)
        self.tamano += len(datos)
        return len(datos)

    def entrada(self) -> dict:
        return {"sha256": self.suma.hexdigest(), "tamano": self.tamano}


def respaldar(destino: str | os.PathLike) -> Resumen:
    """Write every account and report, with their files, into the zip ``destino``.

    The file is written next to ``destino`` with mode 0600 (it holds every
    password hash) and moved into place only when complete, so a failed backup
    never leaves a half-written zip under the expected name.
    """
    llave = clave()
    destino = Path(destino)
    descriptor, temporal = tempfile.mkstemp(
        dir=destino.parent, prefix=f".{destino.name}.", suffix=".parcial"
    )
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as archivo:
            resumen = _escribir(archivo, llave)
        os.replace(temporal, destino)
    except BaseException:
        Path(temporal).unlink(missing_ok=True)
        raise
    return resumen


@contextmanager
def _instantanea():
    """On PostgreSQL, one snapshot for the whole backup, so records and files agree.

    SQLite here takes the write lock when a transaction begins, which would stop
    the app for as long as the backup runs; there each query reads on its own.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _escribir(archivo, llave: bytes) -> Resumen:
    entradas = {}
    objetos = 0

    def contados(consultas):
        nonlocal objetos
        for objeto in chain.from_iterable(consultas):
            objetos += 1
            yield objeto

    with _instantanea(), zipfile.ZipFile(archivo, "w", zipfile.ZIP_DEFLATED) as zona:
        modelos = modelos_respaldados()
        with zona.open(DATOS, "w", force_zip64=True) as crudo:
            contador = _Contador(crudo)
            texto = io.TextIOWrapper(contador, encoding="utf-8", newline="\n", write_through=True)
            serializers.serialize(
                "jsonl",
                contados(m._base_manager.order_by("pk").iterator() for m in modelos),
                stream=texto,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=False,
            )
            texto.flush()
            texto.detach()
        entradas[DATOS] = contador.entrada()
        nombres = sorted(archivos_referidos())
        for nombre in nombres:
            with (
                default_storage.open(nombre, "rb") as origen,
                zona.open(PREFIJO_MEDIA + nombre, "w", force_zip64=True) as crudo,
            ):
                contador = _Contador(crudo)
                while bloque := origen.read(BLOQUE):
                    contador.write(bloque)
            entradas[PREFIJO_MEDIA + nombre] = contador.entrada()
        manifiesto = json.dumps(
            {
                "formato": FORMATO,
                "creado": timezone.now().isoformat(),
                "grupos": sorted(Group.objects.values_list("name", flat=True)),
                "entradas": entradas,
            },
            indent=1,
            sort_keys=True,
        ).encode()
        zona.writestr(MANIFIESTO, manifiesto)
        zona.writestr(FIRMA, firmar(manifiesto, llave) + "\n")
    return Resumen(objetos=objetos, archivos=len(nombres))
