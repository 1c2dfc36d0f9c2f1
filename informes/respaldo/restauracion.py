"""Restoring a backup: checked whole before the database changes, then one transaction.

An empty target (no account, no report) is the normal case. With
``reemplazar`` the target's accounts and reports, and everything hanging from
them (rows, history, comments, archives, sessions, sign-in lockouts), are
deleted in the same transaction that writes the backup's, so the database ends
up holding exactly the backup or, on any error, exactly what it held before.
Files of the replaced records are deleted only after that transaction commits.
"""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.python import Deserializer
from django.db import connection, models, transaction

from .. import limites
from ..models import Informe
from .formato import (
    DATOS,
    PREFIJO_MEDIA,
    RespaldoInvalido,
    archivos_de,
    archivos_referidos,
    clave,
    modelos_respaldados,
    ruta_segura,
)
from .lectura import Lector, acotar_directorio, manifiesto_firmado, revisar_entradas

MENSAJE_OCUPADA = (
    "La base de datos de destino ya tiene cuentas o informes. Restaure en una base vacía, "
    "o use --reemplazar para borrarlos y dejar solo lo que trae el respaldo."
)


@dataclass
class Restaurado:
    objetos: int
    archivos: int
    cuentas_reemplazadas: int = 0
    informes_reemplazados: int = 0


def restaurar(origen, *, reemplazar: bool = False) -> Restaurado:
    """Restore the backup at path ``origen``; RespaldoInvalido says why not.

    The zip's directory, the manifest's signature and every declared size are
    checked before the database is touched; each entry's SHA-256 is checked as
    it streams, and any mismatch undoes the whole restore.
    """
    llave = clave()
    with open(origen, "rb") as archivo:
        acotar_directorio(archivo)
        try:
            zona = zipfile.ZipFile(archivo)
        except zipfile.BadZipFile as error:
            raise RespaldoInvalido(f"El zip del respaldo está dañado: {error}.") from error
        with zona:
            entradas = revisar_entradas(zona)
            manifiesto = manifiesto_firmado(zona, entradas, llave)
            return _escribir(zona, entradas, manifiesto, reemplazar=reemplazar)


def _escribir(zona, entradas, manifiesto, *, reemplazar: bool) -> Restaurado:
    declaradas = manifiesto["entradas"]
    media = {n[len(PREFIJO_MEDIA) :] for n in declaradas if n.startswith(PREFIJO_MEDIA)}
    escritos: list[str] = []
    try:
        with transaction.atomic():
            resultado = Restaurado(objetos=0, archivos=0)
            if _ocupada():
                if not reemplazar:
                    raise RespaldoInvalido(MENSAJE_OCUPADA)
                anteriores = _vaciar(resultado)
                sobrantes = anteriores - media
                transaction.on_commit(lambda: _borrar(sobrantes))
            for nombre in manifiesto["grupos"]:
                Group.objects.get_or_create(name=nombre)
            referidos = _cargar_datos(zona, entradas[DATOS], declaradas[DATOS], resultado)
            if referidos != media:
                ejemplo = min(referidos ^ media)
                raise RespaldoInvalido(
                    f"Los registros y los archivos del respaldo no coinciden ({ejemplo!r})."
                )
            for ruta in sorted(media):
                nombre = PREFIJO_MEDIA + ruta
                if _guardar(zona, entradas[nombre], ruta, declaradas[nombre]):
                    escritos.append(ruta)
            resultado.archivos = len(media)
            _reiniciar_secuencias()
    except BaseException:
        _borrar(escritos)
        raise
    return resultado


def _ocupada() -> bool:
    return get_user_model()._base_manager.exists() or Informe._base_manager.exists()


def _vaciar(resultado: Restaurado) -> set[str]:
    """Delete what a restore replaces; the names of the files those records used."""
    anteriores = archivos_referidos()
    resultado.cuentas_reemplazadas = get_user_model()._base_manager.count()
    resultado.informes_reemplazados = Informe._base_manager.count()
    # Dependants first. The base managers are plain: the append-only guards of
    # the history stop edits from the app, not the replacement of a database.
    for modelo in reversed(modelos_respaldados()):
        modelo._base_manager.all().delete()
    # A session or a lockout names an account that is gone or now another person.
    for modelo in (Session, AccessAttempt, AccessLog, AccessFailureLog):
        modelo.objects.all().delete()
    return anteriores


def _registros(texto, permitidos: dict[str, list[str]]):
    """The records of ``datos.jsonl`` as dicts, each checked before Django sees it.

    ``permitidos`` maps each model a backup writes to its file fields, whose
    names are checked here: building the model would already touch the file.
    """
    vistos = set()
    numero = 0
    while linea := texto.readline(limites.RESPALDO_REGISTRO_MAXIMO + 1):
        numero += 1
        if len(linea) > limites.RESPALDO_REGISTRO_MAXIMO:
            raise RespaldoInvalido(
                f"El registro {numero} de {DATOS} supera "
                f"{limites.RESPALDO_REGISTRO_MAXIMO} caracteres."
            )
        if not linea.strip():
            continue
        try:
            registro = json.loads(linea)
        except ValueError as error:
            raise RespaldoInvalido(f"El registro {numero} de {DATOS} no es JSON.") from error
        modelo = registro.get("model") if isinstance(registro, dict) else None
        if modelo not in permitidos:
            raise RespaldoInvalido(
                f"El registro {numero} de {DATOS} es de un tipo que un respaldo no guarda "
                f"({str(modelo)[:60]!r})."
            )
        clave_registro = (modelo, str(registro.get("pk")))
        if registro.get("pk") is None or clave_registro in vistos:
            raise RespaldoInvalido(f"El registro {numero} de {DATOS} repite o no tiene su clave.")
        vistos.add(clave_registro)
        campos = registro.get("fields")
        if not isinstance(campos, dict):
            raise RespaldoInvalido(f"El registro {numero} de {DATOS} no tiene campos.")
        for campo in permitidos[modelo]:
            valor = campos.get(campo)
            if valor and not (isinstance(valor, str) and ruta_segura(valor)):
                raise RespaldoInvalido(
                    f"El registro {numero} de {DATOS} nombra un archivo no válido."
                )
        yield numero, registro


def _cargar_datos(zona, info, declarada: dict, resultado: Restaurado) -> set[str]:
    """Save every record; the stored files they name."""
    permitidos = {
        m._meta.label_lower: [
            c.name for c in m._meta.concrete_fields if isinstance(c, models.FileField)
        ]
        for m in modelos_respaldados()
    }
    referidos = set()
    with zona.open(info) as flujo:
        lector = Lector(flujo, DATOS, declarada["tamano"])
        texto = io.TextIOWrapper(io.BufferedReader(lector), encoding="utf-8", newline="\n")
        # Lazily, one record at a time: natural keys find the accounts just saved.
        for numero, registro in _registros(texto, permitidos):
            try:
                for objeto in Deserializer([registro], handle_forward_references=False):
                    objeto.save()
                    referidos |= archivos_de(objeto.object)
                    resultado.objetos += 1
            except RespaldoInvalido:
                raise
            except Exception as error:
                raise RespaldoInvalido(
                    f"El registro {numero} de {DATOS} no se pudo restaurar: {_linea(error)}"
                ) from error
        lector.verificar(declarada["sha256"])
    return referidos


def _guardar(zona, info, ruta: str, declarada: dict) -> bool:
    """Store one file under its own name; False when an identical one was already there."""
    if default_storage.exists(ruta):
        with default_storage.open(ruta, "rb") as existente:
            if _suma(existente) == declarada["sha256"]:
                return False
        raise RespaldoInvalido(f"El archivo {ruta} ya existe en el destino con otro contenido.")
    guardado = None
    try:
        with zona.open(info) as flujo:
            lector = Lector(flujo, info.filename, declarada["tamano"])
            try:
                guardado = default_storage.save(ruta, File(io.BufferedReader(lector), name=ruta))
            except BaseException:
                # A stream refused halfway leaves a partial file behind.
                _borrar([ruta])
                raise
        if guardado != ruta:
            raise RespaldoInvalido(f"No se pudo guardar {ruta} con su nombre.")
        lector.verificar(declarada["sha256"])
        with default_storage.open(guardado, "rb") as escrito:
            if _suma(escrito) != declarada["sha256"]:
                raise RespaldoInvalido(f"{ruta} cambió al guardarse.")
    except BaseException:
        if guardado is not None:
            _borrar([guardado])
        raise
    return True


def _suma(archivo) -> str:
    suma = hashlib.sha256()
    while bloque := archivo.read(1024 * 1024):
        suma.update(bloque)
    return suma.hexdigest()


def _reiniciar_secuencias() -> None:
    """Records keep their ids; PostgreSQL's sequences must then start after them."""
    sentencias = connection.ops.sequence_reset_sql(no_style(), modelos_respaldados())
    if sentencias:
        with connection.cursor() as cursor:
            for sentencia in sentencias:
                cursor.execute(sentencia)


def _borrar(nombres) -> None:
    for nombre in nombres:
        default_storage.delete(nombre)


def _linea(error: Exception) -> str:
    texto = str(error).strip().splitlines()
    return (texto[0] if texto else type(error).__name__)[:200]
