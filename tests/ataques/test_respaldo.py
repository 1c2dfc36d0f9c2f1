"""Hostile backups: each is refused in one line, within a CPU budget, writing nothing.

The archives are built here byte by byte: zip bombs by ratio and by size, sizes
that lie, forged records, a tampered or foreign-key manifest, traversal names,
symlinks, duplicates. Most are signed with the right key, so what refuses them
is the check under test and not the signature.
"""

import hashlib
import json
import os
import stat
import struct
import time
import zipfile
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command

from informes import limites, respaldo
from informes.respaldo.formato import firmar

pytestmark = pytest.mark.django_db

CLAVE = "clave-de-prueba-para-firmar-respaldos-0123456789"
OTRA_CLAVE = "otra-clave-que-nadie-configuro-en-este-servidor-98765"
# CPU seconds a refusal may take: each is decided from the zip's directory or
# the first bytes of an entry, in milliseconds; the margin is for slow machines.
CPU_MAXIMO = 2.0

SUPERUSUARIO = {
    "model": "auth.user",
    "pk": 1,
    "fields": {
        "password": "md5$x$0",
        "username": "intruso",
        "is_superuser": True,
        "is_staff": True,
        "is_active": True,
        "first_name": "",
        "last_name": "",
        "email": "",
        "last_login": None,
        "date_joined": "2026-01-01T00:00:00Z",
        "groups": [],
        "user_permissions": [],
    },
}


@pytest.fixture(autouse=True)
def clave(monkeypatch):
    monkeypatch.setenv(respaldo.VARIABLE_CLAVE, CLAVE)


def lineas(*registros) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in registros)


def armar(ruta, entradas, *, llave=CLAVE, manifiesto=None, firma=None):
    """A zip holding ``entradas`` (name or ZipInfo, bytes) and a manifest signed with ``llave``."""
    declaradas = {}
    with zipfile.ZipFile(ruta, "w", zipfile.ZIP_DEFLATED) as zona:
        for nombre, contenido in entradas:
            zona.writestr(nombre, contenido)
            nombre = getattr(nombre, "filename", nombre)
            declaradas[nombre] = {
                "sha256": hashlib.sha256(contenido).hexdigest(),
                "tamano": len(contenido),
            }
        if manifiesto is None:
            manifiesto = {"formato": 2, "grupos": [], "entradas": declaradas}
        crudo = json.dumps(manifiesto).encode()
        zona.writestr("manifiesto.json", crudo)
        if firma is not False:
            zona.writestr("manifiesto.firma", firma or firmar(crudo, llave.encode()))
    return ruta


def rechazo(ruta, *opciones) -> str:
    """Restore ``ruta`` expecting a refusal; its one-line message."""
    inicio = time.process_time()
    with pytest.raises(CommandError) as error:
        call_command("restaurar", str(ruta), *opciones, stdout=StringIO())
    assert time.process_time() - inicio < CPU_MAXIMO
    mensaje = str(error.value)
    assert "\n" not in mensaje and "Traceback" not in mensaje
    assert not User.objects.exists()
    assert not Session.objects.exists() and not AccessAttempt.objects.exists()
    return mensaje


def sin_archivos(*carpetas):
    return not any(p.is_file() for c in carpetas if c.exists() for p in c.rglob("*"))


# --- Zip bombs.


def test_a_zip_bomb_by_ratio_is_refused_before_decompressing(tmp_path, media_temporal):
    bomba = armar(tmp_path / "r.zip", [("datos.jsonl", b"\n" * (64 * 1024 * 1024))])
    assert bomba.stat().st_size < 200_000
    assert "se expande" in rechazo(bomba)
    assert sin_archivos(media_temporal)


def test_an_entry_above_its_size_limit_is_refused(tmp_path, media_temporal, monkeypatch):
    monkeypatch.setattr(limites, "RESPALDO_ENTRADA_MAXIMA", 1024 * 1024)
    grande = armar(
        tmp_path / "r.zip",
        [("datos.jsonl", b"\n"), ("media/diagramas/a.png", os.urandom(2 * 1024 * 1024))],
    )
    assert "ocupa 2097152 bytes" in rechazo(grande)
    assert sin_archivos(media_temporal)


def test_entries_above_the_total_limit_are_refused(tmp_path, media_temporal, monkeypatch):
    monkeypatch.setattr(limites, "RESPALDO_TOTAL_MAXIMO", 3 * 1024 * 1024)
    trozo = os.urandom(1024 * 1024 + 1)
    varios = armar(
        tmp_path / "r.zip",
        [("datos.jsonl", b"\n")] + [(f"media/diagramas/{n}.png", trozo) for n in "abcd"],
    )
    assert "supera 3145728 bytes" in rechazo(varios)
    assert sin_archivos(media_temporal)


def test_an_entry_that_lies_about_its_size_is_read_no_further(tmp_path, media_temporal):
    # 8 MiB of records whose zip headers and signed manifest both declare 100 bytes.
    real = lineas(SUPERUSUARIO) * 40_000
    ruta = tmp_path / "r.zip"
    with zipfile.ZipFile(ruta, "w", zipfile.ZIP_DEFLATED) as zona:
        zona.writestr("datos.jsonl", real)
    datos = bytearray(ruta.read_bytes())
    local = datos.index(b"PK\x03\x04")
    central = datos.index(b"PK\x01\x02")
    datos[local + 22 : local + 26] = struct.pack("<I", 100)
    datos[central + 24 : central + 28] = struct.pack("<I", 100)
    manifiesto = json.dumps(
        {
            "formato": 2,
            "grupos": [],
            "entradas": {
                "datos.jsonl": {"sha256": hashlib.sha256(real[:100]).hexdigest(), "tamano": 100}
            },
        }
    ).encode()
    ruta.write_bytes(bytes(datos))
    with zipfile.ZipFile(ruta, "a") as zona:
        zona.writestr("manifiesto.json", manifiesto)
        zona.writestr("manifiesto.firma", firmar(manifiesto, CLAVE.encode()))
    assert "dañado" in rechazo(ruta) or "SHA-256" in rechazo(ruta)


def test_a_corrupt_compressed_stream_is_refused(tmp_path):
    ruta = armar(tmp_path / "r.zip", [("datos.jsonl", lineas(SUPERUSUARIO) * 200)])
    datos = bytearray(ruta.read_bytes())
    inicio = datos.index(b"PK\x03\x04") + 30 + len("datos.jsonl")
    datos[inicio : inicio + 40] = b"\xff" * 40
    ruta.write_bytes(bytes(datos))
    assert "dañado" in rechazo(ruta)


# --- The zip's directory.


def test_too_many_entries_are_refused_before_the_directory_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(limites, "RESPALDO_ENTRADAS_MAXIMAS", 5)
    muchas = armar(
        tmp_path / "r.zip",
        [("datos.jsonl", b"\n")] + [(f"media/d/{n}.png", b"x") for n in range(10)],
    )
    assert "13 entradas" in rechazo(muchas)


def test_an_oversized_directory_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limites, "RESPALDO_DIRECTORIO_MAXIMO", 1000)
    nombres = [(f"media/diagramas/{'n' * 150}{n}.png", b"x") for n in range(10)]
    assert "directorio" in rechazo(armar(tmp_path / "r.zip", [("datos.jsonl", b"\n"), *nombres]))


# --- Names and kinds of entries.


@pytest.mark.parametrize(
    "nombre",
    [
        "media/../../escapado.txt",
        "media/diagramas/../../../escapado.txt",
        "/tmp/escapado.txt",
        "media//tmp/escapado.txt",
        "media\\..\\..\\escapado.txt",
        "media/.ssh/authorized_keys",
        "media/a/./b.png",
        "../datos.jsonl",
        "otra-carpeta/escapado.txt",
        "media/diagramas/\u202egnp.exe",
    ],
)
def test_traversal_and_foreign_names_are_refused(nombre, tmp_path, media_temporal):
    ruta = armar(tmp_path / "r.zip", [("datos.jsonl", b"\n"), (nombre, b"contenido")])
    assert "no permitida" in rechazo(ruta)
    assert sin_archivos(media_temporal)
    assert not list(tmp_path.parent.rglob("escapado.txt"))


def test_a_record_naming_a_file_outside_the_media_is_refused(tmp_path, media_temporal):
    diagrama = {
        "model": "informes.diagrama",
        "pk": 1,
        "fields": {"informe": 1, "imagen": "../../escapado.png", "titulo": "x", "orden": 0},
    }
    assert "archivo no válido" in rechazo(
        armar(tmp_path / "r.zip", [("datos.jsonl", lineas(diagrama))])
    )


def test_a_symlink_entry_is_refused(tmp_path, media_temporal):
    enlace = zipfile.ZipInfo("media/diagramas/enlace.png")
    enlace.external_attr = (stat.S_IFLNK | 0o777) << 16
    ruta = armar(tmp_path / "r.zip", [("datos.jsonl", b"\n"), (enlace, b"/etc/passwd")])
    assert "no es un archivo común" in rechazo(ruta)
    assert sin_archivos(media_temporal)


def test_a_directory_entry_is_refused(tmp_path):
    carpeta = zipfile.ZipInfo("media/diagramas/")
    assert "no permitida" in rechazo(
        armar(tmp_path / "r.zip", [("datos.jsonl", b"\n"), (carpeta, b"")])
    )


def test_duplicate_names_are_refused(tmp_path):
    with pytest.warns(UserWarning, match="Duplicate name"):
        ruta = armar(
            tmp_path / "r.zip", [("datos.jsonl", b"\n"), ("datos.jsonl", lineas(SUPERUSUARIO))]
        )
    assert "repite la entrada" in rechazo(ruta)


def test_an_encrypted_entry_is_refused(tmp_path):
    ruta = armar(tmp_path / "r.zip", [("datos.jsonl", b"\n")])
    # zipfile cannot write encrypted entries: set the flag in both headers.
    datos = bytearray(ruta.read_bytes())
    datos[datos.index(b"PK\x03\x04") + 6] |= 0x1
    datos[datos.index(b"PK\x01\x02") + 8] |= 0x1
    ruta.write_bytes(bytes(datos))
    assert "cifrada" in rechazo(ruta)


def test_an_unusual_compression_is_refused(tmp_path):
    lzma = zipfile.ZipInfo("datos.jsonl")
    lzma.compress_type = zipfile.ZIP_LZMA
    assert "compresión" in rechazo(armar(tmp_path / "r.zip", [(lzma, b"\n")]))


# --- Records.


@pytest.mark.parametrize(
    "registro",
    [
        {
            "model": "sessions.session",
            "pk": "k" * 32,
            "fields": {"session_data": "x", "expire_date": "2099-01-01T00:00:00Z"},
        },
        {
            "model": "axes.accessattempt",
            "pk": 1,
            "fields": {"username": "jefe", "failures_since_start": 99},
        },
        {"model": "auth.group", "pk": 99, "fields": {"name": "Superpoderes", "permissions": []}},
        {
            "model": "auth.permission",
            "pk": 999,
            "fields": {"name": "x", "codename": "x", "content_type": 1},
        },
        {
            "model": "contenttypes.contenttype",
            "pk": 999,
            "fields": {"app_label": "x", "model": "y"},
        },
        {"model": "admin.logentry", "pk": 1, "fields": {}},
        {"model": "django_tasks_db.dbtaskresult", "pk": 1, "fields": {}},
        ["no", "es", "un", "registro"],
    ],
    ids=lambda r: r.get("model") if isinstance(r, dict) else "lista",
)
def test_records_of_models_a_backup_never_writes_are_refused(registro, tmp_path):
    # Signed with the right key: the list of models refuses it, not the signature.
    ruta = armar(tmp_path / "r.zip", [("datos.jsonl", lineas(SUPERUSUARIO, registro))])
    assert "un tipo que un respaldo no guarda" in rechazo(ruta)


def test_a_repeated_record_is_refused(tmp_path):
    otro = {**SUPERUSUARIO, "fields": {**SUPERUSUARIO["fields"], "username": "otro"}}
    ruta = armar(tmp_path / "r.zip", [("datos.jsonl", lineas(SUPERUSUARIO, otro))])
    assert "repite" in rechazo(ruta)


def test_an_oversized_record_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limites, "RESPALDO_REGISTRO_MAXIMO", 1024)
    largo = {**SUPERUSUARIO, "fields": {**SUPERUSUARIO["fields"], "first_name": "x" * 5000}}
    assert "supera 1024" in rechazo(armar(tmp_path / "r.zip", [("datos.jsonl", lineas(largo))]))


def test_a_record_that_does_not_fit_its_model_is_refused(tmp_path):
    raro = {**SUPERUSUARIO, "fields": {**SUPERUSUARIO["fields"], "campo_inventado": 1}}
    assert "no se pudo restaurar" in rechazo(
        armar(tmp_path / "r.zip", [("datos.jsonl", lineas(raro))])
    )


# --- The signature.


def test_a_forged_superuser_signed_with_another_key_is_refused(tmp_path):
    ruta = armar(tmp_path / "r.zip", [("datos.jsonl", lineas(SUPERUSUARIO))], llave=OTRA_CLAVE)
    assert "firma" in rechazo(ruta)


def test_an_unsigned_backup_is_refused(tmp_path):
    ruta = armar(tmp_path / "r.zip", [("datos.jsonl", lineas(SUPERUSUARIO))], firma=False)
    assert "firmado" in rechazo(ruta)


def test_a_tampered_manifest_is_refused(tmp_path):
    original = armar(tmp_path / "o.zip", [("datos.jsonl", lineas(SUPERUSUARIO))])
    alterado = tmp_path / "r.zip"
    with zipfile.ZipFile(original) as origen, zipfile.ZipFile(alterado, "w") as destino:
        for nombre in origen.namelist():
            contenido = origen.read(nombre)
            if nombre == "manifiesto.json":
                contenido = contenido.replace(b'"grupos": []', b'"grupos": ["Superpoderes"]')
            destino.writestr(nombre, contenido)
    assert "firma" in rechazo(alterado)


def test_records_swapped_under_a_valid_signature_are_refused(tmp_path):
    original = armar(tmp_path / "o.zip", [("datos.jsonl", lineas(SUPERUSUARIO))])
    intruso = {**SUPERUSUARIO, "fields": {**SUPERUSUARIO["fields"], "username": "otro-intruso"}}
    cambiado = tmp_path / "r.zip"
    with zipfile.ZipFile(original) as origen, zipfile.ZipFile(cambiado, "w") as destino:
        for nombre in origen.namelist():
            contenido = lineas(intruso) if nombre == "datos.jsonl" else origen.read(nombre)
            destino.writestr(nombre, contenido)
    mensaje = rechazo(cambiado)
    assert "SHA-256" in mensaje or "manifiesto" in mensaje


def test_a_backup_of_the_unsigned_format_is_refused(tmp_path):
    viejo = {"formato": 1, "grupos": [], "sha256": {}}
    ruta = armar(tmp_path / "r.zip", [("datos.jsonl", b"\n")], manifiesto=viejo)
    assert "formato 2" in rechazo(ruta)


def test_an_oversized_manifest_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(limites, "RESPALDO_MANIFIESTO_MAXIMO", 100)
    assert "demasiado grande" in rechazo(armar(tmp_path / "r.zip", [("datos.jsonl", b"\n")]))


def test_an_entry_missing_from_the_manifest_is_refused(tmp_path):
    manifiesto = {"formato": 2, "grupos": [], "entradas": {}}
    ruta = armar(tmp_path / "r.zip", [("datos.jsonl", b"\n")], manifiesto=manifiesto)
    assert "no coinciden con su manifiesto" in rechazo(ruta)
