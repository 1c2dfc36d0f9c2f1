"""Reading a backup that may be hostile: bounded directory, entries, manifest and streams.

Nothing is decompressed before the zip's directory has been checked against
``limites`` (by ``zip_seguro``, which the import of a zip shares); every entry
then streams through ``Lector``, which never reads past the size the signed
manifest declares.
"""

import hashlib
import json
import zipfile

from .. import limites, zip_seguro
from .formato import (
    DATOS,
    FIRMA,
    FORMATO,
    MANIFIESTO,
    PREFIJO_MEDIA,
    RespaldoInvalido,
    firma_valida,
    ruta_segura,
)

FIRMA_MAXIMA = 1024


def _como_respaldo(funcion, *args, **kwargs):
    try:
        return funcion(*args, **kwargs)
    except zip_seguro.ZipRechazado as error:
        raise RespaldoInvalido(str(error)) from error


def acotar_directorio(archivo) -> None:
    """Refuse a zip whose central directory is too large, before zipfile reads it."""
    _como_respaldo(
        zip_seguro.acotar_directorio,
        archivo,
        entradas_maximas=limites.RESPALDO_ENTRADAS_MAXIMAS,
        directorio_maximo=limites.RESPALDO_DIRECTORIO_MAXIMO,
    )


def revisar_entradas(zona: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Every entry by name, once each checked for name, kind and declared sizes."""
    infos = zona.infolist()
    if len(infos) > limites.RESPALDO_ENTRADAS_MAXIMAS:
        raise RespaldoInvalido("El respaldo tiene demasiadas entradas.")
    entradas: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        nombre = info.filename
        if nombre in entradas:
            raise RespaldoInvalido(f"El respaldo repite la entrada {nombre!r}.")
        if nombre not in (DATOS, MANIFIESTO, FIRMA) and not (
            nombre.startswith(PREFIJO_MEDIA) and ruta_segura(nombre[len(PREFIJO_MEDIA) :])
        ):
            raise RespaldoInvalido(f"El respaldo tiene una entrada no permitida: {nombre!r}.")
        if info.is_dir():
            raise RespaldoInvalido(f"La entrada {nombre!r} no es un archivo común.")
        _como_respaldo(
            zip_seguro.revisar_entrada,
            info,
            entrada_maxima=limites.RESPALDO_ENTRADA_MAXIMA,
            razon_maxima=limites.RESPALDO_RAZON_MAXIMA,
            razon_desde=limites.RESPALDO_RAZON_DESDE,
        )
        total += info.file_size
        if total > limites.RESPALDO_TOTAL_MAXIMO:
            raise RespaldoInvalido(
                f"El respaldo descomprimido supera {limites.RESPALDO_TOTAL_MAXIMO} bytes."
            )
        entradas[nombre] = info
    return entradas


class Lector(zip_seguro.Lector):
    """One entry's bytes, hashed and counted, never more than ``tamano``."""

    def __init__(self, flujo, nombre: str, tamano: int):
        super().__init__(flujo, nombre, tamano)
        self._suma = hashlib.sha256()

    def readinto(self, destino):
        return _como_respaldo(super().readinto, destino)

    def recibir(self, datos: bytes) -> None:
        self._suma.update(datos)

    def verificar(self, suma: str) -> None:
        """After the last byte: the size and SHA-256 the manifest declares."""
        if self.leidos != self.tamano or self._suma.hexdigest() != suma:
            raise RespaldoInvalido(f"La suma SHA-256 de {self.nombre!r} no coincide.")


def leer_entero(zona: zipfile.ZipFile, info: zipfile.ZipInfo, maximo: int) -> bytes:
    return _como_respaldo(zip_seguro.leer_entero, zona, info, maximo)


def manifiesto_firmado(zona: zipfile.ZipFile, entradas: dict, llave: bytes) -> dict:
    """The manifest once its signature holds and it lists exactly the zip's entries."""
    if MANIFIESTO not in entradas or FIRMA not in entradas:
        raise RespaldoInvalido("El respaldo no tiene manifiesto firmado.")
    crudo = leer_entero(zona, entradas[MANIFIESTO], limites.RESPALDO_MANIFIESTO_MAXIMO)
    firma = leer_entero(zona, entradas[FIRMA], FIRMA_MAXIMA)
    # The signature is checked on the raw bytes, before anything parses them.
    if not firma_valida(crudo, firma, llave):
        raise RespaldoInvalido(
            "La firma del manifiesto no es válida: el respaldo fue alterado o se firmó "
            "con otra clave."
        )
    try:
        manifiesto = json.loads(crudo)
    except ValueError as error:
        raise RespaldoInvalido("El manifiesto del respaldo no es JSON válido.") from error
    if not isinstance(manifiesto, dict) or manifiesto.get("formato") != FORMATO:
        raise RespaldoInvalido(
            f"Formato de respaldo desconocido; esta versión lee el formato {FORMATO}."
        )
    declaradas = manifiesto.get("entradas")
    grupos = manifiesto.get("grupos")
    if not isinstance(declaradas, dict) or not isinstance(grupos, list):
        raise RespaldoInvalido("El manifiesto del respaldo está incompleto.")
    if not all(isinstance(g, str) and 0 < len(g) <= 150 for g in grupos):
        raise RespaldoInvalido("El manifiesto nombra grupos no válidos.")
    if set(declaradas) != set(entradas) - {MANIFIESTO, FIRMA} or DATOS not in declaradas:
        raise RespaldoInvalido("Los archivos del respaldo no coinciden con su manifiesto.")
    for nombre, declarada in declaradas.items():
        if not (
            isinstance(declarada, dict)
            and isinstance(declarada.get("sha256"), str)
            and declarada.get("tamano") == entradas[nombre].file_size
        ):
            raise RespaldoInvalido(f"El manifiesto no describe bien {nombre!r}.")
    return manifiesto
