"""Zips that may be hostile: the directory bounded before zipfile reads it, entries checked.

Shared by the restore of a backup and the import of a report with its
diagrams; each caller gives its own numbers (``limites``) and turns
``ZipRechazado`` into its own message by the refusal's ``codigo``. Nothing is
decompressed before the zip's directory has been checked; entries then stream
through ``Lector``, which never reads past the size the directory declares.
"""

import io
import stat
import struct
import zipfile

FIN_DIRECTORIO = b"PK\x05\x06"
LOCALIZADOR_ZIP64 = b"PK\x06\x07"
FIN_DIRECTORIO_ZIP64 = b"PK\x06\x06"
COLA_MAXIMA = 22 + 65535  # the end record and the longest zip comment
METODOS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class ZipRechazado(Exception):
    """The zip is damaged or past a budget; ``codigo`` says which, ``datos`` the numbers."""

    def __init__(self, codigo: str, mensaje: str, **datos):
        super().__init__(mensaje)
        self.codigo = codigo
        self.datos = datos


def acotar_directorio(archivo, *, entradas_maximas: int, directorio_maximo: int) -> int:
    """Refuse a zip whose central directory is too large, before zipfile reads it.

    zipfile loads the whole directory into memory, however many entries it
    lists; its size and entry count are in the end record, read here first.
    Returns the number of entries it declares.
    """
    archivo.seek(0, io.SEEK_END)
    tamano = archivo.tell()
    archivo.seek(max(0, tamano - COLA_MAXIMA))
    cola = archivo.read()
    posicion = cola.rfind(FIN_DIRECTORIO)
    if posicion < 0 or len(cola) - posicion < 22:
        raise ZipRechazado("no_es_zip", "El archivo no es un zip.")
    entradas, directorio = struct.unpack("<HI", cola[posicion + 10 : posicion + 16])
    if entradas == 0xFFFF or directorio == 0xFFFFFFFF:
        localizador = cola[max(0, posicion - 20) : posicion]
        if len(localizador) != 20 or not localizador.startswith(LOCALIZADOR_ZIP64):
            raise ZipRechazado("danado", "El zip está dañado (registro ZIP64).")
        (desplazamiento,) = struct.unpack("<Q", localizador[8:16])
        archivo.seek(desplazamiento)
        registro = archivo.read(56)
        if len(registro) != 56 or not registro.startswith(FIN_DIRECTORIO_ZIP64):
            raise ZipRechazado("danado", "El zip está dañado (registro ZIP64).")
        entradas, directorio = struct.unpack("<QQ", registro[32:48])
    if entradas > entradas_maximas:
        raise ZipRechazado(
            "entradas",
            f"El zip tiene {entradas} entradas; el máximo es {entradas_maximas}.",
            entradas=entradas,
            maximo=entradas_maximas,
        )
    if directorio > directorio_maximo:
        raise ZipRechazado(
            "directorio",
            f"El directorio del zip ocupa {directorio} bytes; el máximo es {directorio_maximo}.",
            tamano=directorio,
            maximo=directorio_maximo,
        )
    archivo.seek(0)
    return entradas


def revisar_entrada(
    info: zipfile.ZipInfo, *, entrada_maxima: int, razon_maxima: float, razon_desde: int
) -> None:
    """One entry's kind, encryption, compression, declared size and compression ratio.

    Directories pass (they hold nothing); links, devices and the like do not.
    A ratio past ``razon_maxima`` on an entry larger than ``razon_desde`` is a
    zip bomb's mark: small entries cannot blow up, so they are exempt.
    """
    nombre = info.filename
    tipo = stat.S_IFMT(info.external_attr >> 16)
    if tipo not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise ZipRechazado(
            "no_comun", f"La entrada {nombre!r} no es un archivo común.", nombre=nombre
        )
    if info.flag_bits & 0x1:
        raise ZipRechazado("cifrada", f"La entrada {nombre!r} está cifrada.", nombre=nombre)
    if info.compress_type not in METODOS:
        raise ZipRechazado(
            "compresion", f"La entrada {nombre!r} usa una compresión no admitida.", nombre=nombre
        )
    if info.file_size > entrada_maxima:
        raise ZipRechazado(
            "grande",
            f"La entrada {nombre!r} ocupa {info.file_size} bytes descomprimida; "
            f"el máximo es {entrada_maxima}.",
            nombre=nombre,
            tamano=info.file_size,
            maximo=entrada_maxima,
        )
    razon = info.file_size / max(info.compress_size, 1)
    if info.file_size > razon_desde and razon > razon_maxima:
        raise ZipRechazado(
            "razon",
            f"La entrada {nombre!r} se expande {razon:.0f} veces al descomprimirse; "
            f"el máximo es {razon_maxima}.",
            nombre=nombre,
            razon=round(razon),
            maximo=razon_maxima,
        )


class Lector(io.RawIOBase):
    """One entry's bytes, counted, never more than ``tamano``."""

    def __init__(self, flujo, nombre: str, tamano: int):
        self._flujo = flujo
        self.nombre = nombre
        self.tamano = tamano
        self.leidos = 0

    def readable(self):
        return True

    def readinto(self, destino):
        # One byte beyond the declared size is enough to tell a lie.
        pedido = min(len(destino), self.tamano - self.leidos + 1)
        datos = self._flujo.read(pedido)
        self.leidos += len(datos)
        if self.leidos > self.tamano:
            raise ZipRechazado(
                "mas_largo",
                f"La entrada {self.nombre!r} es más larga de lo declarado.",
                nombre=self.nombre,
            )
        self.recibir(datos)
        destino[: len(datos)] = datos
        return len(datos)

    def recibir(self, datos: bytes) -> None:
        """Each piece read, for a subclass that hashes or counts them."""


def leer_entero(zona: zipfile.ZipFile, info: zipfile.ZipInfo, maximo: int) -> bytes:
    """A whole entry of at most ``maximo`` bytes, as declared and as read."""
    if info.file_size > maximo:
        raise ZipRechazado(
            "grande", f"La entrada {info.filename!r} es demasiado grande.", nombre=info.filename
        )
    partes, leidos = [], 0
    with zona.open(info) as flujo:
        lector = Lector(flujo, info.filename, info.file_size)
        while leidos <= maximo and (parte := lector.read(min(1024 * 1024, maximo + 1 - leidos))):
            partes.append(parte)
            leidos += len(parte)
    datos = b"".join(partes)
    if len(datos) > maximo:
        raise ZipRechazado(
            "grande", f"La entrada {info.filename!r} es demasiado grande.", nombre=info.filename
        )
    return datos
