"""Backup and restore: everything comes back, into an empty database or replacing one."""

import os
import stat
import zipfile
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from informes import demo, plantilla, respaldo, services
from informes.models import ArchivoPDF, ComentarioRevision, EventoAuditoria, Informe
from tests.factories import CONTRASENA, InformeFactory, admin, analista, revisor

CLAVE = "clave-de-prueba-para-firmar-respaldos-0123456789"


@pytest.fixture(autouse=True)
def clave(monkeypatch):
    monkeypatch.setenv(respaldo.VARIABLE_CLAVE, CLAVE)


def fotografia() -> dict:
    """Everything a restore must bring back, keyed by stable identities."""
    resultado = {}
    for informe in Informe.objects.order_by("serie", "version"):
        clave_informe = (str(informe.serie), informe.version)
        archivo = ArchivoPDF.objects.filter(informe=informe).first()
        resultado[clave_informe] = {
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
            "historial": list(
                EventoAuditoria.objects.filter(informe=informe)
                .order_by("pk")
                .values_list("accion", "usuario__username", "comentario")
            ),
            "comentarios": list(informe.comentarios.values_list("texto", "autor__username")),
            "archivo": archivo and (archivo.archivo.name, archivo.sha256, archivo.archivo.read()),
        }
    cuentas = {
        u.username: (u.password, u.is_superuser, sorted(u.groups.values_list("name", flat=True)))
        for u in User.objects.all()
    }
    return {"informes": resultado, "cuentas": cuentas}


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


@pytest.fixture
def aprobado(transactional_db):
    """A report with history, a reviewer's comment and its archived PDF/A."""
    informe = demo.crear_informe(analista(username="ana"))
    jueza = revisor(username="rita")
    informe = services.informe_enviar(informe=informe, usuario=informe.autor)
    services.comentario_agregar(informe=informe, revisor=jueza, texto="Revisado", seccion=2)
    services.informe_aprobar(informe=informe, revisor=jueza, comentario="Bien")
    assert ArchivoPDF.objects.filter(informe=informe).exists()
    return fotografia()


def respaldar(tmp_path, nombre="respaldo.zip"):
    carpeta = tmp_path / "respaldos"
    carpeta.mkdir(exist_ok=True)
    ruta = carpeta / nombre
    call_command("respaldar", str(ruta), stdout=StringIO())
    return ruta


def restaurar(ruta, *opciones) -> str:
    salida = StringIO()
    call_command("restaurar", str(ruta), *opciones, stdout=salida)
    return salida.getvalue()


def vaciar(media):
    call_command("flush", interactive=False, verbosity=0)
    for archivo in sorted(media.rglob("*"), reverse=True):
        archivo.unlink() if archivo.is_file() else archivo.rmdir()


def archivos(media) -> set[str]:
    return {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}


# --- The round trip.


def test_backup_then_restore_into_an_empty_database_brings_everything_back(
    datos, tmp_path, media_temporal
):
    zip_ = respaldar(tmp_path)
    vaciar(media_temporal)
    assert not Informe.objects.exists()

    assert "restaurado" in restaurar(zip_)
    assert fotografia() == datos
    autor = Informe.objects.first().autor
    assert User.objects.get(username=autor.username).check_password(CONTRASENA)


def test_history_comments_and_the_archived_pdf_come_back(aprobado, tmp_path, media_temporal):
    zip_ = respaldar(tmp_path)
    vaciar(media_temporal)
    restaurar(zip_)
    assert fotografia() == aprobado
    assert ComentarioRevision.objects.get().texto == "Revisado"


def test_after_a_restore_new_records_get_fresh_ids(datos, tmp_path, media_temporal):
    # PostgreSQL's sequences must start after the restored ids.
    zip_ = respaldar(tmp_path)
    vaciar(media_temporal)
    restaurar(zip_)
    nuevo = InformeFactory(autor=analista(username="recien-llegada"))
    assert nuevo.pk > max(Informe.objects.exclude(pk=nuevo.pk).values_list("pk", flat=True))


def test_the_backup_is_readable_by_its_owner_only(datos, tmp_path):
    anterior = os.umask(0o022)
    try:
        zip_ = respaldar(tmp_path)
    finally:
        os.umask(anterior)
    assert stat.S_IMODE(zip_.stat().st_mode) == 0o600
    assert [p.name for p in zip_.parent.iterdir()] == ["respaldo.zip"]


def test_the_manifest_is_signed_and_lists_every_entry(datos, tmp_path):
    with zipfile.ZipFile(respaldar(tmp_path)) as zona:
        nombres = set(zona.namelist())
        firma = zona.read("manifiesto.firma").decode().strip()
        manifiesto = zona.read("manifiesto.json")
    assert {"datos.jsonl", "manifiesto.json", "manifiesto.firma"} <= nombres
    assert any(n.startswith("media/diagramas/") for n in nombres)
    assert firma == respaldo.formato.firmar(manifiesto, CLAVE.encode())


# --- The key.


def test_without_a_key_nothing_is_backed_up(datos, tmp_path, monkeypatch):
    monkeypatch.delenv(respaldo.VARIABLE_CLAVE)
    with pytest.raises(CommandError, match=respaldo.VARIABLE_CLAVE):
        respaldar(tmp_path)
    assert not any((tmp_path / "respaldos").iterdir())


def test_a_short_key_is_refused(datos, tmp_path, monkeypatch):
    monkeypatch.setenv(respaldo.VARIABLE_CLAVE, "corta")
    with pytest.raises(CommandError, match="al menos 32"):
        respaldar(tmp_path)


def test_without_the_key_nothing_is_restored(datos, tmp_path, media_temporal, monkeypatch):
    zip_ = respaldar(tmp_path)
    vaciar(media_temporal)
    monkeypatch.delenv(respaldo.VARIABLE_CLAVE)
    with pytest.raises(CommandError, match=respaldo.VARIABLE_CLAVE):
        restaurar(zip_)
    assert not User.objects.exists()


# --- The target database.


def test_restore_refuses_a_database_that_already_has_reports(datos, tmp_path):
    zip_ = respaldar(tmp_path)
    with pytest.raises(CommandError, match="ya tiene cuentas o informes"):
        restaurar(zip_)
    assert fotografia() == datos


def test_restore_refuses_a_database_with_accounts_and_no_reports(datos, tmp_path, media_temporal):
    # It used to overwrite the superuser with the backup's account of the same id.
    zip_ = respaldar(tmp_path)
    vaciar(media_temporal)
    jefe = admin(username="jefe")
    with pytest.raises(CommandError, match="--reemplazar"):
        restaurar(zip_)
    assert list(User.objects.values_list("pk", "username", "is_superuser")) == [
        (jefe.pk, "jefe", True)
    ]
    assert not Informe.objects.exists()
    assert not archivos(media_temporal)


def test_replacing_leaves_exactly_the_backup(datos, tmp_path, media_temporal, client):
    zip_ = respaldar(tmp_path)
    respaldados = archivos(media_temporal)
    vaciar(media_temporal)
    # The target: another superuser signed in, a lockout, a report with its diagram.
    jefe = admin(username="jefe")
    client.force_login(jefe)
    AccessAttempt.objects.create(username="jefe", ip_address="203.0.113.9", failures_since_start=3)
    propio = InformeFactory(autor=analista(username="solo-en-destino"))
    services.diagrama_agregar(
        informe=propio, archivo=ContentFile(demo.diagrama_png(), name="p.png"), titulo="P"
    )
    archivo_propio = propio.diagramas.get().imagen.name

    salida = restaurar(zip_, "--reemplazar")

    assert "Reemplazadas 2 cuentas y 1 informes" in salida
    assert fotografia() == datos
    assert not User.objects.filter(username__in=["jefe", "solo-en-destino"]).exists()
    assert not Session.objects.exists() and not AccessAttempt.objects.exists()
    assert archivos(media_temporal) == respaldados
    assert archivo_propio not in archivos(media_temporal)
    assert client.get("/informes/").status_code == 302


def test_replacing_a_database_with_its_own_backup_keeps_its_files(datos, tmp_path, media_temporal):
    zip_ = respaldar(tmp_path)
    antes = archivos(media_temporal)
    restaurar(zip_, "--reemplazar")
    assert fotografia() == datos
    assert archivos(media_temporal) == antes


def test_a_failed_replacement_changes_nothing(datos, tmp_path, media_temporal):
    zip_ = respaldar(tmp_path)
    # A backup whose diagram is damaged, properly signed: the sum catches it late.
    danado = tmp_path / "danado.zip"
    with zipfile.ZipFile(zip_) as origen, zipfile.ZipFile(danado, "w") as destino:
        for info in origen.infolist():
            contenido = origen.read(info)
            if info.filename.startswith("media/"):
                contenido = contenido[:-1] + bytes([contenido[-1] ^ 1])
            destino.writestr(info.filename, contenido)
    vaciar(media_temporal)
    InformeFactory(autor=analista(username="se-queda"))
    antes = fotografia()
    with pytest.raises(CommandError, match="SHA-256"):
        restaurar(danado, "--reemplazar")
    assert fotografia() == antes
    assert not archivos(media_temporal)


# --- Damaged files.


def test_a_tampered_backup_is_refused_and_writes_nothing(datos, tmp_path, media_temporal):
    zip_ = respaldar(tmp_path)
    alterado = tmp_path / "alterado.zip"
    with zipfile.ZipFile(zip_) as origen, zipfile.ZipFile(alterado, "w") as destino:
        for nombre in origen.namelist():
            contenido = origen.read(nombre)
            if nombre.startswith("media/"):
                contenido = contenido[:-1] + b"\x00"
            destino.writestr(nombre, contenido)
    vaciar(media_temporal)
    with pytest.raises(CommandError, match="SHA-256"):
        restaurar(alterado)
    assert not Informe.objects.exists() and not User.objects.exists()
    assert not archivos(media_temporal)


@pytest.mark.parametrize(
    "contenido", [b"", b"no es un zip", b"PK\x05\x06" + b"\x00" * 18, None], ids=str
)
def test_a_file_that_is_not_a_backup_gives_one_line(contenido, tmp_path, db):
    ruta = tmp_path / "x.zip"
    if contenido is not None:
        ruta.write_bytes(contenido)
    with pytest.raises(CommandError) as error:
        restaurar(ruta)
    assert "\n" not in str(error.value) and "Traceback" not in str(error.value)


def test_a_truncated_backup_gives_one_line(datos, tmp_path):
    zip_ = respaldar(tmp_path)
    corto = tmp_path / "corto.zip"
    corto.write_bytes(zip_.read_bytes()[: zip_.stat().st_size // 2])
    with pytest.raises(CommandError) as error:
        restaurar(corto)
    assert "\n" not in str(error.value)
