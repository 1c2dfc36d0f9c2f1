"""A report's downloads through the API: Markdown, zip and PDF, for whoever may export it.

An approved version's PDF is its archived bytes; any other version's is the
page's own, rendered again only when its content changed (``exporters.cache_pdf``).
The PDF's failures (a render out of time or missing a resource) answer 503 as
JSON, as the page does in HTML.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from ... import policy, services, tareas
from ...exporters import cache_pdf, comprimido, markdown
from ...models import ArchivoPDF, Estado
from .. import exportar as paginas
from . import esquemas
from .base import VistaAPI, permitido
from .errores import cuerpo

MENSAJE_PREPARANDO = _(
    "El PDF archivado de esta versión se está preparando; pídalo de nuevo en un minuto."
)

RESPUESTAS = {200: esquemas.DESCARGA, **esquemas.errores(401, 403, 404)}


def _exportable(request, pk: int):
    return permitido(request, pk, policy.Accion.EXPORTAR)


class ExportarMarkdown(VistaAPI):
    @extend_schema(summary="El informe en Markdown, fiel a la plantilla", responses=RESPUESTAS)
    def get(self, request, pk: int):
        informe = _exportable(request, pk)
        return paginas._descarga(
            markdown.exportar(informe).encode("utf-8"),
            "text/markdown; charset=utf-8",
            markdown.nombre_archivo(informe, "md"),
        )


class ExportarZip(VistaAPI):
    @extend_schema(summary="El Markdown con los archivos de los diagramas", responses=RESPUESTAS)
    def get(self, request, pk: int):
        informe = _exportable(request, pk)
        return paginas._descarga(
            comprimido.exportar(informe),
            "application/zip",
            markdown.nombre_archivo(informe, "zip"),
        )


class ExportarPDF(VistaAPI):
    @extend_schema(
        summary="El PDF: los bytes archivados (PDF/A-3b) de una versión aprobada, o uno nuevo",
        responses={
            **RESPUESTAS,
            202: esquemas.Preparando,
            304: None,
            503: esquemas.Error,
        },
    )
    def get(self, request, pk: int):
        informe = _exportable(request, pk)
        nombre = markdown.nombre_archivo(informe, "pdf")
        archivo = ArchivoPDF.objects.filter(informe=informe).first()
        if archivo is None and informe.estado == Estado.APROBADO:
            if tareas.en_segundo_plano(services.archivar_pdf):
                services.archivo_encolar(informe_id=informe.pk)
                return Response(
                    {"mensaje": str(MENSAJE_PREPARANDO)},
                    status=202,
                    headers={"Retry-After": str(paginas.REINTENTAR_TRAS)},
                )
            try:
                services.archivar_pdf.call(informe_id=informe.pk)
            except paginas.FALLOS_RENDER as error:
                return self._no_disponible(request, informe, error)
            archivo = ArchivoPDF.objects.filter(informe=informe).first()
        if archivo is not None:
            return paginas._archivado(request, archivo, nombre)
        try:
            datos = cache_pdf.obtener(informe).datos
        except paginas.FALLOS_RENDER as error:
            return self._no_disponible(request, informe, error)
        return paginas._descarga(datos, "application/pdf", nombre)

    @staticmethod
    def _no_disponible(request, informe, error) -> Response:
        mensaje = paginas.mensaje_no_disponible(request, informe, error)
        return Response(
            cuerpo(mensaje), status=503, headers={"Retry-After": str(paginas.REINTENTAR_TRAS)}
        )
