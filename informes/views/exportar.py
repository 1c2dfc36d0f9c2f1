"""Downloads of a report: Markdown, zip with diagrams, and PDF (archived when approved)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import policy, tareas
from ..exporters import comprimido, markdown, pdf
from ..models import ArchivoPDF, Estado
from .acceso import obtener_visible

CABECERA_SHA256 = "X-Informes-SHA256"


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
    """The archived PDF/A bytes when the version has them; otherwise a fresh render."""
    informe = _exportable(request, pk)
    nombre = markdown.nombre_archivo(informe, "pdf")
    archivo = ArchivoPDF.objects.filter(informe=informe).first()
    if archivo is None and informe.estado == Estado.APROBADO:
        # Approved but not archived yet: the worker is on it, or (no worker)
        # the archive is made now, once, and served from storage from then on.
        if tareas.en_segundo_plano():
            tareas.archivar_pdf.enqueue(informe.pk)
            return render(
                request, "informes/export/preparando.html", {"informe": informe}, status=202
            )
        try:
            tareas.archivar_pdf.call(informe.pk)
        except pdf.TiempoAgotado:
            return _tiempo_agotado()
        archivo = ArchivoPDF.objects.filter(informe=informe).first()
    if archivo is not None:
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
    try:
        datos = pdf.exportar(informe)
    except pdf.TiempoAgotado:
        return _tiempo_agotado()
    return _descarga(datos, "application/pdf", nombre)


def _tiempo_agotado() -> HttpResponse:
    return HttpResponse(
        str(pdf.MENSAJE_TIEMPO_AGOTADO), status=503, content_type="text/plain; charset=utf-8"
    )
