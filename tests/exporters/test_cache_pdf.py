"""exporters.cache_pdf: a draft's PDF rendered once per content, never served once it changed."""

import hashlib
import shutil
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from informes import demo, limites, selectors, services
from informes.exporters import cache_pdf, huella_pdf, pdf
from informes.models import ArchivoPDF, Informe, PDFEnCache
from tests.factories import InformeFactory, pdf_en_cache, revisor
from tests.pdfs import textos

pytestmark = pytest.mark.django_db


def cargado(informe) -> Informe:
    """The report as the download view reads it."""
    return selectors.informe_para_detalle(informe.pk)


def descargar(informe) -> cache_pdf.PDF:
    return cache_pdf.obtener(cargado(informe))


def texto(resultado: cache_pdf.PDF) -> str:
    return " ".join(textos(resultado.datos))


def guardar(informe, **cambios) -> Informe:
    informe = Informe.objects.get(pk=informe.pk)
    return services.informe_guardar(
        informe=informe,
        editor=informe.autor,
        contador_esperado=informe.contador_cambios,
        **cambios,
    )


def archivos_guardados() -> list[str]:
    try:
        carpetas, _ = default_storage.listdir("cache_pdf")
    except FileNotFoundError:
        return []
    return [f"{c}/{a}" for c in carpetas for a in default_storage.listdir(f"cache_pdf/{c}")[1]]


def borrador() -> Informe:
    return InformeFactory(no_aplica={"diagramas": "Sin diagrama."})


def test_a_second_download_of_unchanged_content_is_the_stored_pdf(client):
    informe = borrador()
    client.force_login(informe.autor)
    url = reverse("informes:exportar_pdf", args=[informe.pk])
    primera = client.get(url)
    assert primera.status_code == 200 and primera.content.startswith(b"%PDF-")
    entrada = PDFEnCache.objects.get(informe=informe)
    with entrada.archivo.open("rb") as archivo:
        assert archivo.read() == primera.content
    assert entrada.sha256 == hashlib.sha256(primera.content).hexdigest()
    assert descargar(informe).de_cache
    segunda = client.get(url)
    assert segunda.content == primera.content
    assert segunda["Content-Disposition"] == primera["Content-Disposition"]
    assert segunda["Cache-Control"] == "private, no-store"
    assert len(archivos_guardados()) == 1


def test_each_change_renders_anew_and_replaces_the_stored_pdf(media_temporal):
    informe = borrador()
    primera = descargar(informe)
    assert not primera.de_cache and descargar(informe).de_cache

    # One character of one label.
    nombre = informe.nombre_modelo[:-1] + "Z"
    guardar(informe, campos={"nombre_modelo": nombre})
    cambio = descargar(informe)
    assert not cambio.de_cache and nombre in texto(cambio)
    assert descargar(informe).de_cache

    # One row.
    guardar(informe, filas={"bibliotecas": [{"nombre": "paquete-nuevo", "version": "1.0"}]})
    cambio = descargar(informe)
    assert not cambio.de_cache and "paquete-nuevo" in texto(cambio)

    # One diagram: added, then its caption.
    guardar(informe, no_aplica={})
    diagrama = services.diagrama_agregar(
        informe=Informe.objects.get(pk=informe.pk),
        archivo=ContentFile(demo.diagrama_png(), name="d.png"),
        titulo="Arquitectura",
    )
    assert not descargar(informe).de_cache
    guardar(informe, diagramas=[{"pk": diagrama.pk, "titulo": "Arquitectura", "leyenda": "Zona B"}])
    cambio = descargar(informe)
    assert not cambio.de_cache and "Zona B" in texto(cambio)

    # The «No aplica» mark.
    guardar(informe, no_aplica={"rutas": "Sin rutas propias."})
    cambio = descargar(informe)
    assert not cambio.de_cache and "Sin rutas propias." in texto(cambio)

    # The estado (the cover's estado and the review history).
    services.informe_enviar(informe=Informe.objects.get(pk=informe.pk), usuario=informe.autor)
    cambio = descargar(informe)
    assert not cambio.de_cache and "En revisión" in texto(cambio)
    assert descargar(informe).de_cache

    # One entry per version: each render replaced the previous file.
    assert PDFEnCache.objects.filter(informe=informe).count() == 1
    assert len(archivos_guardados()) == 1


def test_a_change_written_around_the_services_is_seen_too():
    informe = borrador()
    descargar(informe)
    Informe.objects.filter(pk=informe.pk).update(hardware_requerido="Una GPU de prueba")
    cambio = descargar(informe)
    assert not cambio.de_cache and "Una GPU de prueba" in texto(cambio)


def test_a_changed_stylesheet_renders_anew(settings, tmp_path):
    informe = borrador()
    descargar(informe)
    original = django_settings.BASE_DIR / "static" / "informes" / "css" / "pdf.css"
    copia = tmp_path / "informes" / "css" / "pdf.css"
    copia.parent.mkdir(parents=True)
    shutil.copy(original, copia)
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
    assert descargar(informe).de_cache  # the same bytes found elsewhere
    copia.write_text(copia.read_text() + "\nh1 { color: #000001; }\n")
    assert not descargar(informe).de_cache
    assert descargar(informe).de_cache


def test_a_changed_pdf_template_renders_anew(settings, tmp_path):
    informe = borrador()
    descargar(informe)
    original = django_settings.BASE_DIR / "templates" / huella_pdf.PLANTILLA_PDF
    copia = tmp_path / huella_pdf.PLANTILLA_PDF
    copia.parent.mkdir(parents=True)
    copia.write_text(original.read_text().replace("<body>", "<body><p>MARCA DE PLANTILLA</p>", 1))
    plantillas = [dict(settings.TEMPLATES[0])]
    plantillas[0]["DIRS"] = [tmp_path, *plantillas[0]["DIRS"]]
    settings.TEMPLATES = plantillas
    cambio = descargar(informe)
    assert not cambio.de_cache and "MARCA DE PLANTILLA" in texto(cambio)


def test_the_key_follows_the_logo_the_fonts_and_the_renderer(settings, monkeypatch):
    informe = cargado(borrador())
    clave = huella_pdf.clave(informe)
    assert huella_pdf.clave(informe) == clave
    settings.INFORMES_LOGO_PDF = "informes/img/otro-logo.svg"
    assert huella_pdf.clave(informe) != clave
    settings.INFORMES_LOGO_PDF = pdf.LOGO_PDF_POR_DEFECTO
    monkeypatch.setattr(huella_pdf, "fuentes_del_sistema", lambda: "otras fuentes")
    assert huella_pdf.clave(informe) != clave
    monkeypatch.undo()
    monkeypatch.setattr(huella_pdf, "PAQUETES_PDF", (*huella_pdf.PAQUETES_PDF, "pypdf"))
    assert huella_pdf.clave(informe) != clave


def test_the_fonts_identity_lists_the_fonts_the_stylesheet_asks_for():
    archivos = huella_pdf.archivos_de_fuentes()
    assert any("DejaVuSans" in ruta for ruta, _tamano, _fecha in archivos)
    assert huella_pdf.fuentes_del_sistema() == huella_pdf.huellas.sha256_json(archivos)


def test_a_render_missing_a_resource_is_never_stored(client, settings):
    settings.INFORMES_LOGO_PDF = "informes/img/no-existe.svg"
    informe = borrador()
    with pytest.raises(pdf.DocumentoIncompleto):
        descargar(informe)
    client.force_login(informe.autor)
    assert client.get(reverse("informes:exportar_pdf", args=[informe.pk])).status_code == 503
    assert not PDFEnCache.objects.exists() and archivos_guardados() == []


def test_a_render_past_its_deadline_is_never_stored(settings):
    informe = borrador()
    settings.INFORMES_PDF_TIEMPO_MAXIMO = 0.01
    with pytest.raises(pdf.TiempoAgotado):
        descargar(informe)
    assert not PDFEnCache.objects.exists() and archivos_guardados() == []


def test_a_damaged_or_missing_stored_file_is_rendered_again():
    informe = borrador()
    original = descargar(informe)
    entrada = PDFEnCache.objects.get()
    with default_storage.open(entrada.archivo.name, "wb") as archivo:
        archivo.write(original.datos[:-100])
    otra = descargar(informe)
    assert not otra.de_cache and otra.datos.startswith(b"%PDF-")
    default_storage.delete(PDFEnCache.objects.get().archivo.name)
    assert not descargar(informe).de_cache
    assert descargar(informe).de_cache


def test_an_archived_pdfa_is_served_as_it_is_and_never_cached(client):
    informe = borrador()
    descargar(informe)  # a draft's PDF, stored
    services.informe_enviar(informe=Informe.objects.get(pk=informe.pk), usuario=informe.autor)
    services.informe_aprobar(informe=Informe.objects.get(pk=informe.pk), revisor=revisor())
    client.force_login(informe.autor)
    # Without a task worker the download makes the archive and serves it.
    respuesta = client.get(reverse("informes:exportar_pdf", args=[informe.pk]))
    archivado = ArchivoPDF.objects.get(informe=informe)
    assert respuesta["X-Informes-SHA256"] == archivado.sha256
    assert hashlib.sha256(b"".join(respuesta.streaming_content)).hexdigest() == archivado.sha256
    # The draft's entry is left for limpiar_media; no entry was made from the approval.
    entrada = PDFEnCache.objects.get()
    assert entrada.usado < timezone.now() and entrada.sha256 != archivado.sha256
    assert [motivo for _e, motivo in cache_pdf.limpiar(borrar=False)] == [
        "versión con PDF/A archivado"
    ]


# --- The bound.


def test_the_least_recently_downloaded_go_first_past_the_bound(monkeypatch):
    viejo, medio, nuevo = (
        pdf_en_cache(InformeFactory(filas=False), 400, timedelta(hours=h)) for h in (3, 2, 1)
    )
    monkeypatch.setattr(limites, "CACHE_PDF_TOTAL", 1000)
    assert cache_pdf.acotar(borrar=False) == [viejo]
    assert PDFEnCache.objects.count() == 3
    assert cache_pdf.acotar() == [viejo]
    assert set(PDFEnCache.objects.all()) == {medio, nuevo}
    assert not default_storage.exists(viejo.archivo.name)
    assert default_storage.exists(medio.archivo.name)


def test_a_download_keeps_its_entry_in_the_cache(monkeypatch):
    informe = borrador()
    descargar(informe)
    fila = PDFEnCache.objects.get()
    PDFEnCache.objects.filter(pk=fila.pk).update(usado=timezone.now() - timedelta(days=1))
    otro = pdf_en_cache(InformeFactory(filas=False), 100, timedelta(hours=1))
    assert descargar(informe).de_cache  # a download moves it to the front
    monkeypatch.setattr(limites, "CACHE_PDF_TOTAL", fila.tamano + 50)
    assert cache_pdf.acotar() == [otro]


def test_storing_past_the_bound_removes_the_oldest_and_a_huge_pdf_is_not_kept(monkeypatch):
    viejo = pdf_en_cache(InformeFactory(filas=False), 1000, timedelta(hours=1))
    informe = borrador()
    monkeypatch.setattr(limites, "CACHE_PDF_TOTAL", 1000)
    resultado = descargar(informe)
    assert resultado.datos.startswith(b"%PDF-")
    # The new PDF is larger than the bound by itself: nothing stays.
    assert not PDFEnCache.objects.exists()
    assert not default_storage.exists(viejo.archivo.name)
    monkeypatch.setattr(limites, "CACHE_PDF_TOTAL", 10**9)
    monkeypatch.setattr(limites, "CACHE_PDF_ENTRADA", len(resultado.datos) - 1)
    assert not descargar(informe).de_cache
    assert not PDFEnCache.objects.exists() and archivos_guardados() == []


def test_with_collected_static_files_a_changed_file_renders_anew(settings, tmp_path):
    """Production's manifest storage: the renderer reads the collected, hashed files."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    informe = borrador()
    assert not descargar(informe).de_cache
    entrada = PDFEnCache.objects.get()
    hojas = [u for u in entrada.recursos if "/informes/css/pdf." in u]
    assert len(hojas) == 1 and not hojas[0].endswith("/pdf.css")  # the hashed name
    assert descargar(informe).de_cache
    coleccionada = tmp_path / hojas[0].split("/static/", 1)[1]
    coleccionada.write_text(coleccionada.read_text() + "\nh1 { color: #000002; }\n")
    assert not descargar(informe).de_cache
