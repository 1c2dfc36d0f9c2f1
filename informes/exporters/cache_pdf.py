"""Draft PDFs kept in storage under a SHA-256 of everything their render reads.

A version without an archived PDF/A is rendered on its first download and the
bytes stored (``models.PDFEnCache``, one entry per version). A later download
gets them back only while the key (``huella_pdf.clave``) and every static file
the render was served (``huella_pdf.recursos_vigentes``) are unchanged, and
the stored bytes still have their SHA-256; anything else renders anew and
replaces the entry. A render that failed or was incomplete raises before
anything is stored. The entries are bounded in total size
(``limites.CACHE_PDF_TOTAL``; the least recently downloaded go first), and
``manage.py limpiar_media`` removes those no longer worth keeping. Archived
PDF/A files (``services.archivo``) never pass through here.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.db.models import Sum
from django.utils import timezone

from .. import limites
from ..models import Informe, PDFEnCache
from . import pdf
from .huella_pdf import FetcherRegistrado, clave, recursos_vigentes
from .plazo import plazo

logger = logging.getLogger(__name__)

# A download refreshes its entry's place in the LRU order at most this often.
REFRESCO_USO = timedelta(minutes=1)


@dataclass(frozen=True)
class PDF:
    datos: bytes
    sha256: str
    de_cache: bool  # served from storage, not rendered by this call


def obtener(informe: Informe) -> PDF:
    """The PDF of ``informe``: the stored one while its content is unchanged, else a
    fresh render (stored for the next download).

    Raises what ``pdf.exportar`` raises (``TiempoAgotado``, ``DocumentoIncompleto``),
    and then stores nothing. Failing to store only costs the next download a render.
    """
    with plazo():
        actual = clave(informe)
        entrada = PDFEnCache.objects.filter(informe=informe).first()
        if entrada is not None and entrada.clave == actual:
            guardado = _leer_vigente(entrada)
            if guardado is not None:
                return guardado
        url_fetcher = FetcherRegistrado(pdf.fetcher_para(informe).diagramas)
        datos = pdf.escribir(pdf.html(informe), url_fetcher)
    resultado = PDF(datos, hashlib.sha256(datos).hexdigest(), de_cache=False)
    _guardar(informe, actual, url_fetcher.recursos, resultado)
    return resultado


def _leer_vigente(entrada: PDFEnCache) -> PDF | None:
    if not recursos_vigentes(entrada.recursos):
        return None
    try:
        with entrada.archivo.open("rb") as archivo:
            datos = archivo.read(limites.CACHE_PDF_ENTRADA + 1)
    except (OSError, ValueError):
        logger.warning("PDF en caché ilegible: %s", entrada.archivo.name)
        return None
    if hashlib.sha256(datos).hexdigest() != entrada.sha256:
        logger.warning("PDF en caché alterado o incompleto: %s", entrada.archivo.name)
        return None
    ahora = timezone.now()
    if entrada.usado < ahora - REFRESCO_USO:
        PDFEnCache.objects.filter(pk=entrada.pk).update(usado=ahora)
    return PDF(datos, entrada.sha256, de_cache=True)


def _guardar(informe: Informe, actual: str, recursos: dict, resultado: PDF) -> None:
    if len(resultado.datos) > limites.CACHE_PDF_ENTRADA:
        return
    entrada = PDFEnCache(
        informe=informe,
        clave=actual,
        recursos=recursos,
        sha256=resultado.sha256,
        tamano=len(resultado.datos),
        usado=timezone.now(),
    )
    try:
        entrada.archivo.save("borrador.pdf", ContentFile(resultado.datos), save=False)
    except OSError:
        logger.exception("No se pudo guardar el PDF en caché del informe %s", informe.pk)
        return
    try:
        with transaction.atomic():
            anteriores = list(
                PDFEnCache.objects.select_for_update()
                .filter(informe=informe)
                .values_list("archivo", flat=True)
            )
            PDFEnCache.objects.filter(informe=informe).delete()
            entrada.save()
    except DatabaseError:
        # Another download of the same version stored its render meanwhile.
        default_storage.delete(entrada.archivo.name)
        return
    for nombre in anteriores:
        default_storage.delete(nombre)
    acotar()


def _quitar(entrada: PDFEnCache) -> None:
    PDFEnCache.objects.filter(pk=entrada.pk).delete()
    default_storage.delete(entrada.archivo.name)


def acotar(limite: int | None = None, *, borrar: bool = True) -> list[PDFEnCache]:
    """The least recently downloaded entries past ``limite`` bytes in all
    (``limites.CACHE_PDF_TOTAL``), removed with their files unless ``borrar`` is False."""
    limite = limites.CACHE_PDF_TOTAL if limite is None else limite
    total = PDFEnCache.objects.aggregate(total=Sum("tamano"))["total"] or 0
    sobrantes = []
    if total <= limite:
        return sobrantes
    for entrada in PDFEnCache.objects.order_by("usado", "pk").only("archivo", "tamano", "usado"):
        if total <= limite:
            break
        sobrantes.append(entrada)
        total -= entrada.tamano
        if borrar:
            _quitar(entrada)
    return sobrantes


def limpiar(*, borrar: bool) -> list[tuple[PDFEnCache, str]]:
    """Entries not worth keeping, each with why; removed with their files if ``borrar``.

    Those of versions with an archived PDF/A (their downloads return it), those
    not downloaded for ``limites.CACHE_PDF_DIAS`` days, those whose file is
    missing, then the least recently downloaded past the size bound.
    """
    entradas = PDFEnCache.objects.order_by("usado", "pk")
    motivos = {
        e.pk: (e, "versión con PDF/A archivado")
        for e in entradas.filter(informe__archivo_pdf__isnull=False)
    }
    limite_uso = timezone.now() - timedelta(days=limites.CACHE_PDF_DIAS)
    for entrada in entradas.filter(usado__lt=limite_uso).exclude(pk__in=list(motivos)):
        motivos[entrada.pk] = (entrada, f"sin descargas en {limites.CACHE_PDF_DIAS} días")
    for entrada in entradas.exclude(pk__in=list(motivos)):
        if not default_storage.exists(entrada.archivo.name):
            motivos[entrada.pk] = (entrada, "archivo inexistente")
    if borrar:
        for entrada, _motivo in motivos.values():
            _quitar(entrada)
        return [*motivos.values(), *((e, "límite de tamaño") for e in acotar())]
    # Without --borrar: what the size bound would remove after the others went.
    restantes = entradas.exclude(pk__in=list(motivos))
    exceso = (restantes.aggregate(total=Sum("tamano"))["total"] or 0) - limites.CACHE_PDF_TOTAL
    resultado = list(motivos.values())
    for entrada in restantes:
        if exceso <= 0:
            break
        resultado.append((entrada, "límite de tamaño"))
        exceso -= entrada.tamano
    return resultado
