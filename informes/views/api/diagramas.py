"""A report's diagrams through the API: list, upload, the image's bytes, removal.

Uploads are validated and re-encoded as the form's are (``images.limpiar_imagen``
with the report's budget), then saved by ``services.informe_guardar``.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from ... import images, policy, services
from ...descargas import responder_archivo
from ...forms.api import DiagramaSubido
from ...models import Diagrama
from . import esquemas, representacion
from .base import VistaAPI, contador_de_if_match, permitido, visible
from .errores import MENSAJE_CAMPOS, ErrorAPI
from .informes import desactualizado, respuesta_informe


def _vigente(request, informe) -> int:
    """The lock counter to save with: If-Match's when sent (412 when stale), else the current."""
    visto = contador_de_if_match(request, informe, obligatorio=False)
    if visto is not None and visto != informe.contador_cambios:
        raise _Desactualizado
    return informe.contador_cambios if visto is None else visto


class _Desactualizado(Exception):
    pass


class Diagramas(VistaAPI):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Los diagramas del informe, en orden",
        responses={200: esquemas.Diagrama(many=True), **esquemas.errores(401, 404)},
    )
    def get(self, request, pk: int):
        informe = visible(request, pk)
        return Response([representacion.diagrama(request, d) for d in informe.diagramas.all()])

    @extend_schema(
        summary="Subir un diagrama (PNG, JPEG, WebP o SVG), como en el formulario",
        request={"multipart/form-data": DiagramaSubido},
        responses={
            201: esquemas.Informe,
            412: esquemas.Conflicto,
            **esquemas.errores(400, 401, 403, 404, 413),
        },
    )
    def post(self, request, pk: int):
        informe = permitido(request, pk, policy.Accion.EDITAR)
        try:
            contador = _vigente(request, informe)
        except _Desactualizado:
            return desactualizado(request, pk)
        entrada = DiagramaSubido(data=request.data)
        entrada.is_valid(raise_exception=True)
        datos = entrada.validated_data
        try:
            limpia = images.limpiar_imagen(
                datos["archivo"], images.Presupuesto.para(informe.diagramas.all())
            )
            guardado = services.informe_guardar(
                informe=informe,
                editor=request.user,
                contador_esperado=contador,
                diagramas_nuevos=[
                    services.DiagramaNuevo(
                        imagen=limpia, titulo=datos["titulo"], leyenda=datos.get("leyenda", "")
                    )
                ],
            )
        except services.ConflictoEdicion:
            return desactualizado(request, pk)
        except ValidationError as error:
            campos = error.message_dict if hasattr(error, "error_dict") else None
            raise ErrorAPI(400, MENSAJE_CAMPOS, campos or {"archivo": error.messages}) from error
        nuevo = guardado.diagramas.order_by("-orden", "-pk").first()
        return respuesta_informe(
            request,
            pk,
            status=201,
            Location=representacion.diagrama(request, nuevo)["url"],
        )


class UnDiagrama(VistaAPI):
    @extend_schema(
        summary="La imagen de un diagrama",
        responses={200: esquemas.DESCARGA, **esquemas.errores(401, 404)},
    )
    def get(self, request, pk: int, diagrama_pk: int):
        informe = visible(request, pk)
        diagrama = get_object_or_404(Diagrama, pk=diagrama_pk, informe=informe)
        extension = diagrama.imagen.name.rsplit(".", 1)[-1]
        return responder_archivo(diagrama.imagen, nombre=f"diagrama-{diagrama.pk}.{extension}")

    @extend_schema(
        summary="Eliminar un diagrama de un borrador",
        responses={
            200: esquemas.Informe,
            412: esquemas.Conflicto,
            **esquemas.errores(401, 403, 404),
        },
    )
    def delete(self, request, pk: int, diagrama_pk: int):
        informe = permitido(request, pk, policy.Accion.EDITAR)
        diagrama = get_object_or_404(Diagrama, pk=diagrama_pk, informe=informe)
        try:
            services.informe_guardar(
                informe=informe,
                editor=request.user,
                contador_esperado=_vigente(request, informe),
                diagramas=[{"pk": diagrama.pk, "borrar": True}],
            )
        except (_Desactualizado, services.ConflictoEdicion):
            return desactualizado(request, pk)
        return respuesta_informe(request, pk)
