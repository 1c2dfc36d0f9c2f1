"""Downloads of a report: Markdown, zip with diagrams, and PDF (archived when approved)."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import policy, registro, services, tareas
from ..exporters import cache_pdf, comprimido, markdown, pdf
from ..models import ArchivoPDF, Estado
from .acceso import obtener_visible

CABECERA_SHA256 = "X-Informes-SHA256"
# What a render can run into that is not the user's fault: try again later.
FALLOS_RENDER = (pdf.TiempoAgotado, pdf.DocumentoIncompleto)
REINTENTAR_TRAS = 60


def _exportable(request, pk: int):
    """The report if the user may see (else 404) and export it (else 403)."""
    informe = obtener_visible(request, pk)
    policy.exigir(informe, request.user, policy.Accion.EXPORTAR)
    return informe


def _descarga(datos: bytes, tipo: str, nombre: str) -> HttpResponse:
    respuesta = HttpResponse(datos, content_type=tipo)
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    respuesta["X-Content-Type-Options"] = "nosniff"
    respuesta["Cache-Control"] = "private, no-cache"
    return respuesta


@require_GET
@login_required
def exportar_md(request, pk: int):
    """The report as template-faithful Markdown."""
    informe = _exportable(request, pk)
    return _descarga(
        markdown.exportar(informe).encode("utf-8"),
        "text/markdown; charset=utf-8",
        markdown.nombre_archivo(informe, "md"),
    )


@require_GET
@login_required
def exportar_zip(request, pk: int):
    """The Markdown with relative links plus the diagram files."""
    informe = _exportable(request, pk)
    return _descarga(
        comprimido.exportar(informe), "application/zip", markdown.nombre_archivo(informe, "zip")
    )


@require_GET
@login_required
def exportar_pdf(request, pk: int):
    """The archived PDF/A bytes when the version has them; otherwise the draft's PDF,
    rendered again only when its content changed (``exporters.cache_pdf``).

    An approved version not archived yet: with a worker its archive is queued
    (once per version) and a page says it is being prepared (202); without one
    it is made now and served. A render that runs out of time or misses a
    resource answers 503 with a page saying so, and nothing is stored.
    """
    informe = _exportable(request, pk)
    nombre = markdown.nombre_archivo(informe, "pdf")
    archivo = ArchivoPDF.objects.filter(informe=informe).first()
    if archivo is None and informe.estado == Estado.APROBADO:
        if tareas.en_segundo_plano(services.archivar_pdf):
            services.archivo_encolar(informe_id=informe.pk)
            return render(
                request, "informes/export/preparando.html", {"informe": informe}, status=202
            )
        try:
            services.archivar_pdf.call(informe_id=informe.pk)
        except FALLOS_RENDER as error:
            return _no_disponible(request, informe, error)
        archivo = ArchivoPDF.objects.filter(informe=informe).first()
    if archivo is not None:
        return _archivado(request, archivo, nombre)
    try:
        datos = cache_pdf.obtener(informe).datos
    except FALLOS_RENDER as error:
        return _no_disponible(request, informe, error)
    return _descarga(datos, "application/pdf", nombre)


def _archivado(request, archivo: ArchivoPDF, nombre: str) -> HttpResponse:
    """The stored bytes, with their SHA-256 as ETag."""
    etag = f'"{archivo.sha256}"'
    if request.headers.get("If-None-Match") == etag:
        respuesta = HttpResponse(status=304)
    else:
        respuesta = FileResponse(
            archivo.archivo.open("rb"),
            content_type="application/pdf",
            as_attachment=True,
            filename=nombre,
        )
    respuesta["ETag"] = etag
    respuesta[CABECERA_SHA256] = archivo.sha256
    respuesta["Cache-Control"] = "private, no-cache"
    return respuesta


def mensaje_no_disponible(request, informe, error):
    """Log why the PDF could not be made now (``FALLOS_RENDER``); the message for the user."""
    tiempo = isinstance(error, pdf.TiempoAgotado)
    registro.evento(
        "pdf_no_disponible",
        usuario=request.user,
        informe=informe,
        nivel=logging.WARNING,
        motivo="tiempo_agotado" if tiempo else "documento_incompleto",
        rechazados=getattr(error, "rechazados", []),
    )
    return pdf.MENSAJE_TIEMPO_AGOTADO if tiempo else pdf.MENSAJE_DOCUMENTO_INCOMPLETO


def _no_disponible(request, informe, error) -> HttpResponse:
    """503: the PDF could not be made now; the log says why, the page what to do."""
    mensaje = mensaje_no_disponible(request, informe, error)
    respuesta = render(
        request,
        "informes/export/no_disponible.html",
        {"informe": informe, "mensaje": mensaje},
        status=503,
    )
    respuesta["Retry-After"] = str(REINTENTAR_TRAS)
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta
