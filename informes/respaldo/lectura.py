"""Reading a backup that may be hostile: bounded directory, entries, manifest and streams.

Nothing is decompressed before the zip's directory has been checked against
``limites``; every entry then streams through ``Lector``, which never reads
past the size the signed manifest declares.
"""

import hashlib
import io
import json
import stat
import struct
import zipfile

from .. import limites
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

FIN_DIRECTORIO = b"PK\x05\x06"
LOCALIZADOR_ZIP64 = b"PK\x06\x07"
FIN_DIRECTORIO_ZIP64 = b"PK\x06\x06"
COLA_MAXIMA = 22 + 65535  # the end record and the longest zip comment
FIRMA_MAXIMA = 1024
METODOS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def acotar_directorio(archivo) -> None:
    """Refuse a zip whose central directory is too large, before zipfile reads it.

    zipfile loads the whole directory into memory, however many entries it
    lists; its size and entry count are in the end record, read here first.
    """
    archivo.seek(0, io.SEEK_END)
    tamano = archivo.tell()
    inicio = max(0, tamano - COLA_MAXIMA)
    archivo.seek(inicio)
    cola = archivo.read()
    posicion = cola.rfind(FIN_DIRECTORIO)
    if posicion < 0 or len(cola) - posicion < 22:
        raise RespaldoInvalido("El archivo no es un zip de respaldo.")
    entradas, directorio = struct.unpack("<HI", cola[posicion + 10 : posicion + 16])
    if entradas == 0xFFFF or directorio == 0xFFFFFFFF:
        localizador = cola[max(0, posicion - 20) : posicion]
        if len(localizador) != 20 or not localizador.startswith(LOCALIZADOR_ZIP64):
            raise RespaldoInvalido("El zip del respaldo está dañado (registro ZIP64).")
        (desplazamiento,) = struct.unpack("<Q", localizador[8:16])
        archivo.seek(desplazamiento)
        registro = archivo.read(56)
        if len(registro) != 56 or not registro.startswith(FIN_DIRECTORIO_ZIP64):
            raise RespaldoInvalido("El zip del respaldo está dañado (registro ZIP64).")
        entradas, directorio = struct.unpack("<QQ", registro[32:48])
    if entradas > limites.RESPALDO_ENTRADAS_MAXIMAS:
        raise RespaldoInvalido(
            f"El respaldo tiene {entradas} entradas; el máximo es "
            f"{limites.RESPALDO_ENTRADAS_MAXIMAS}."
        )
    if directorio > limites.RESPALDO_DIRECTORIO_MAXIMO:
        raise RespaldoInvalido(
            f"El directorio del zip ocupa {directorio} bytes; el máximo es "
            f"{limites.RESPALDO_DIRECTORIO_MAXIMO}."
        )
    archivo.seek(0)


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
        tipo = stat.S_IFMT(info.external_attr >> 16)
        if info.is_dir() or tipo not in (0, stat.S_IFREG):
            raise RespaldoInvalido(f"La entrada {nombre!r} no es un archivo común.")
        if info.flag_bits & 0x1:
            raise RespaldoInvalido(f"La entrada {nombre!r} está cifrada.")
        if info.compress_type not in METODOS:
            raise RespaldoInvalido(f"La entrada {nombre!r} usa una compresión no admitida.")
        _acotar_tamano(info)
        total += info.file_size
        if total > limites.RESPALDO_TOTAL_MAXIMO:
            raise RespaldoInvalido(
                f"El respaldo descomprimido supera {limites.RESPALDO_TOTAL_MAXIMO} bytes."
            )
        entradas[nombre] = info
    return entradas


def _acotar_tamano(info: zipfile.ZipInfo) -> None:
    if info.file_size > limites.RESPALDO_ENTRADA_MAXIMA:
        raise RespaldoInvalido(
            f"La entrada {info.filename!r} ocupa {info.file_size} bytes descomprimida; "
            f"el máximo es {limites.RESPALDO_ENTRADA_MAXIMA}."
        )
    razon = info.file_size / max(info.compress_size, 1)
    if info.file_size > limites.RESPALDO_RAZON_DESDE and razon > limites.RESPALDO_RAZON_MAXIMA:
        raise RespaldoInvalido(
            f"La entrada {info.filename!r} se expande {razon:.0f} veces al descomprimirse; "
            f"el máximo es {limites.RESPALDO_RAZON_MAXIMA}."
        )


class Lector(io.RawIOBase):
    """One entry's bytes, hashed and counted, never more than ``tamano``."""

    def __init__(self, flujo, nombre: str, tamano: int):
        self._flujo = flujo
        self.nombre = nombre
        self.tamano = tamano
        self.leidos = 0
        self._suma = hashlib.sha256()

    def readable(self):
        return True

    def readinto(self, destino):
        # One byte beyond the declared size is enough to tell a lie.
        pedido = min(len(destino), self.tamano - self.leidos + 1)
        datos = self._flujo.read(pedido)
        self.leidos += len(datos)
        if self.leidos > self.tamano:
            raise RespaldoInvalido(f"La entrada {self.nombre!r} es más larga de lo declarado.")
        self._suma.update(datos)
        destino[: len(datos)] = datos
        return len(datos)

    def verificar(self, suma: str) -> None:
        """After the last byte: the size and SHA-256 the manifest declares."""
        if self.leidos != self.tamano or self._suma.hexdigest() != suma:
            raise RespaldoInvalido(f"La suma SHA-256 de {self.nombre!r} no coincide.")


def leer_entero(zona: zipfile.ZipFile, info: zipfile.ZipInfo, maximo: int) -> bytes:
    if info.file_size > maximo:
        raise RespaldoInvalido(f"La entrada {info.filename!r} es demasiado grande.")
    with zona.open(info) as flujo:
        datos = flujo.read(maximo + 1)
    if len(datos) > maximo:
        raise RespaldoInvalido(f"La entrada {info.filename!r} es demasiado grande.")
    return datos


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
