"""Reports through the API: the list, a new draft, one report read and patched.

The list takes the list page's filters and pages (``selectors.informes_filtrados``);
a patch needs the report's ``ETag`` in ``If-Match`` (optimistic lock).
"""

from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from ... import policy, selectors, services
from ...flujo import Estado
from ...forms.api import InformeEscritura, argumentos_guardado
from ..acceso import exigir_creacion, paginar
from . import esquemas, representacion
from .base import VistaAPI, contador_de_if_match, etag, permitido, visible
from .errores import ErrorAPI, cuerpo

FILTROS = ("q", "estado", "autor", "orden")
CAMPO_DE_ERROR = {
    selectors.MENSAJE_ESTADO_INVALIDO: "estado",
    selectors.MENSAJE_AUTOR_INVALIDO: "autor",
}
PARAMETROS_LISTA = [
    OpenApiParameter("q", str, description="Busca en el modelo, la descripción y el autor."),
    OpenApiParameter("estado", str, enum=Estado.values),
    OpenApiParameter("autor", int, description="Id del autor."),
    OpenApiParameter(
        "orden",
        str,
        description="modelo, version, estado, autor o actualizado; «-» delante: descendente.",
    ),
    OpenApiParameter("vencidos", str, enum=["1"], description="Aprobados con revisión vencida."),
    OpenApiParameter("page", int, description="Página (25 informes cada una)."),
]


def respuesta_informe(request, pk: int, status: int = 200, **cabeceras) -> Response:
    """The report as stored now, with its ETag."""
    informe = selectors.informe_para_detalle(pk)
    return Response(
        representacion.informe(request, informe),
        status=status,
        headers={"ETag": etag(informe), **cabeceras},
    )


def desactualizado(request, pk: int) -> Response:
    """412: the stored version, so the client can merge and send again with its ETag."""
    actual = respuesta_informe(request, pk, status=412)
    actual.data = cuerpo(services.ERROR_CONFLICTO, actual=actual.data)
    return actual


class ListaInformes(VistaAPI):
    @extend_schema(
        summary="Informes visibles: buscar, filtrar, ordenar, 25 por página",
        operation_id="informes_lista",
        parameters=PARAMETROS_LISTA,
        responses={200: esquemas.Pagina, **esquemas.errores(400, 401)},
    )
    def get(self, request):
        filtros = {k: request.query_params.get(k, "") for k in FILTROS}
        vencidos = request.query_params.get("vencidos") == "1"
        filtrado = selectors.informes_filtrados(request.user, vencidos=vencidos, **filtros)
        if filtrado.errores:
            campos = {CAMPO_DE_ERROR.get(e, ""): [str(e)] for e in filtrado.errores}
            raise ErrorAPI(400, filtrado.errores[0], campos)
        pagina = paginar(request, filtrado.informes)
        return Response(
            {
                "cantidad": pagina.paginator.count,
                "pagina": pagina.number,
                "paginas": pagina.paginator.num_pages,
                "siguiente": self._enlace(request, pagina.next_page_number())
                if pagina.has_next()
                else None,
                "anterior": self._enlace(request, pagina.previous_page_number())
                if pagina.has_previous()
                else None,
                "resultados": [representacion.fila_lista(request, i) for i in pagina],
            }
        )

    @staticmethod
    def _enlace(request, numero: int) -> str:
        consulta = {k: v for k, v in request.query_params.items() if k != "page"}
        consulta["page"] = numero
        return request.build_absolute_uri(f"{request.path}?{urlencode(consulta)}")

    @extend_schema(
        summary="Crear un borrador",
        request=InformeEscritura,
        responses={201: esquemas.Informe, **esquemas.errores(400, 401, 403)},
    )
    def post(self, request):
        exigir_creacion(request)
        entrada = InformeEscritura(data=request.data)
        entrada.is_valid(raise_exception=True)
        informe = services.informe_nuevo_guardar(
            autor=request.user, **argumentos_guardado(entrada.validated_data, {})
        )
        return respuesta_informe(
            request,
            informe.pk,
            status=201,
            Location=representacion.enlaces(request, informe)["api"],
        )


class UnInforme(VistaAPI):
    @extend_schema(
        summary="Un informe: metadatos, las 29 etiquetas, completitud y acciones permitidas",
        responses={200: esquemas.Informe, **esquemas.errores(401, 404)},
    )
    def get(self, request, pk: int):
        visible(request, pk)
        return respuesta_informe(request, pk)

    @extend_schema(
        summary="Modificar un borrador (solo las etiquetas enviadas)",
        request=InformeEscritura,
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="El ETag que devolvió el último GET.",
            )
        ],
        responses={
            200: esquemas.Informe,
            412: esquemas.Conflicto,
            **esquemas.errores(400, 401, 403, 404, 428),
        },
    )
    def patch(self, request, pk: int):
        informe = permitido(request, pk, policy.Accion.EDITAR)
        visto = contador_de_if_match(request, informe, obligatorio=True)
        if visto != informe.contador_cambios:
            return desactualizado(request, pk)
        entrada = InformeEscritura(data=request.data)
        entrada.is_valid(raise_exception=True)
        try:
            services.informe_guardar(
                informe=informe,
                editor=request.user,
                contador_esperado=visto,
                **argumentos_guardado(entrada.validated_data, informe.no_aplica),
            )
        except services.ConflictoEdicion:
            return desactualizado(request, pk)
        return respuesta_informe(request, pk)
