"""The review workflow through the API: the transitions of ``flujo`` and review comments.

Each endpoint finds the report (404 when it is not visible) and calls the
service, which asks the policy (403 when refused). An ``If-Match`` that is
not the current ETag answers 412 with the stored version.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from ... import policy, selectors, services
from ...forms.api import ComentarioNuevo, Respuesta, Transicion
from ...models import ComentarioRevision
from . import esquemas, representacion
from .base import VistaAPI, contador_de_if_match, visible
from .errores import MENSAJE_CAMPOS, ErrorAPI
from .informes import desactualizado, respuesta_informe

RESPUESTAS = {
    200: esquemas.Informe,
    412: esquemas.Conflicto,
    **esquemas.errores(400, 401, 403, 404, 409),
}


class VistaTransicion(VistaAPI):
    """POST: take the transition; the answer is the report as it now stands."""

    accion = ""  # the rule of ``flujo`` it takes
    campo_comentario = False  # whether the body carries the reviewer's comment
    crea = False  # the transition answers with a new version (201)

    def ejecutar(self, request, informe, visto, comentario: str):
        raise NotImplementedError

    def post(self, request, pk: int):
        informe = visible(request, pk)
        visto = contador_de_if_match(request, informe, obligatorio=False)
        if visto is not None and visto != informe.contador_cambios:
            return desactualizado(request, pk)
        comentario = ""
        # The body is read only when the policy allows the action: a refusal is a 403
        # (from the service) whatever was sent.
        if self.campo_comentario and policy.puede(informe, request.user, self.accion):
            entrada = Transicion(data=request.data)
            entrada.is_valid(raise_exception=True)
            comentario = entrada.validated_data.get("comentario", "")
        try:
            resultado = self.ejecutar(request, informe, visto, comentario)
        except services.ConflictoConcurrente:
            if visto is None:
                raise
            return desactualizado(request, pk)
        except services.DatoInvalido as error:
            raise ErrorAPI(400, error.mensaje, {"comentario": [str(error.mensaje)]}) from error
        if self.crea:
            url = representacion.enlaces(request, resultado)["api"]
            return respuesta_informe(request, resultado.pk, status=201, Location=url)
        return respuesta_informe(request, resultado.pk)


def _transicion(nombre, accion, resumen, ejecutar, *, comentario=False, crea=False):
    respuestas = {**RESPUESTAS, 201: esquemas.Informe} if crea else RESPUESTAS
    vista = type(
        nombre,
        (VistaTransicion,),
        {
            "accion": accion,
            "campo_comentario": comentario,
            "crea": crea,
            "ejecutar": lambda self, request, informe, visto, texto: ejecutar(
                request, informe, visto, texto
            ),
        },
    )
    vista.post = extend_schema(
        summary=resumen, request=Transicion if comentario else None, responses=respuestas
    )(vista.post)
    return vista


Enviar = _transicion(
    "Enviar",
    policy.Accion.ENVIAR,
    "Enviar a revisión (autores; el informe debe estar completo)",
    lambda r, i, v, c: services.informe_enviar(informe=i, usuario=r.user, contador_visto=v),
)
Retirar = _transicion(
    "Retirar",
    policy.Accion.RETIRAR,
    "Retirar de revisión (el autor)",
    lambda r, i, v, c: services.informe_retirar(informe=i, usuario=r.user, contador_visto=v),
)
Aprobar = _transicion(
    "Aprobar",
    policy.Accion.APROBAR,
    "Aprobar (un revisor que no es autor), con comentario opcional",
    lambda r, i, v, c: services.informe_aprobar(
        informe=i, revisor=r.user, comentario=c, contador_visto=v
    ),
    comentario=True,
)
SolicitarCambios = _transicion(
    "SolicitarCambios",
    policy.Accion.SOLICITAR_CAMBIOS,
    "Solicitar cambios (un revisor que no es autor), con comentario obligatorio",
    lambda r, i, v, c: services.informe_solicitar_cambios(
        informe=i, revisor=r.user, comentario=c, contador_visto=v
    ),
    comentario=True,
)
Descartar = _transicion(
    "Descartar",
    policy.Accion.DESCARTAR,
    "Descartar un borrador que nunca se envió a revisión (el autor); se conserva oculto",
    lambda r, i, v, c: services.informe_descartar(informe=i, usuario=r.user, contador_visto=v),
)
NuevaVersion = _transicion(
    "NuevaVersion",
    policy.Accion.NUEVA_VERSION,
    "Nueva versión de un informe aprobado: un borrador copiado de él",
    lambda r, i, v, c: services.informe_nueva_version(informe=i, usuario=r.user),
    crea=True,
)


class Comentarios(VistaAPI):
    @extend_schema(
        summary="Comentarios de revisión del informe",
        responses={200: esquemas.Comentario(many=True), **esquemas.errores(401, 404)},
    )
    def get(self, request, pk: int):
        informe = visible(request, pk)
        return Response(
            [
                representacion.comentario(request, c)
                for raiz in selectors.comentarios_de(informe)
                for c in (raiz, *raiz.hilo)
            ]
        )

    @extend_schema(
        summary="Comentar una sección (1 a 9) o el informe entero (un revisor, en revisión)",
        request=ComentarioNuevo,
        responses={201: esquemas.Comentario, **esquemas.errores(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk: int):
        informe = visible(request, pk)
        policy.exigir(informe, request.user, policy.Accion.COMENTAR)
        entrada = ComentarioNuevo(data=request.data)
        entrada.is_valid(raise_exception=True)
        try:
            nuevo = services.comentario_agregar(
                informe=informe,
                revisor=request.user,
                texto=entrada.validated_data["texto"],
                seccion=entrada.validated_data.get("seccion"),
            )
        except services.DatoInvalido as error:
            raise ErrorAPI(400, MENSAJE_CAMPOS, {"texto": [str(error.mensaje)]}) from error
        return Response(representacion.comentario(request, nuevo), status=201)


class ResolverComentario(VistaAPI):
    @extend_schema(
        summary="Marcar un comentario como resuelto (autores, o un revisor que no es autor)",
        request=None,
        responses={200: esquemas.Comentario, **esquemas.errores(401, 403, 404)},
    )
    def post(self, request, pk: int, comentario_pk: int):
        comentario = _comentario(request, pk, comentario_pk)
        resuelto = services.comentario_resolver(comentario=comentario, usuario=request.user)
        return Response(representacion.comentario(request, resuelto))


def _comentario(request, pk: int, comentario_pk: int) -> ComentarioRevision:
    informe = visible(request, pk)
    comentario = get_object_or_404(ComentarioRevision, pk=comentario_pk, informe=informe)
    comentario.informe = informe
    return comentario


class ReabrirComentario(VistaAPI):
    @extend_schema(
        summary="Reabrir un comentario resuelto (autores, o un revisor que no es autor)",
        request=None,
        responses={200: esquemas.Comentario, **esquemas.errores(401, 403, 404)},
    )
    def post(self, request, pk: int, comentario_pk: int):
        comentario = _comentario(request, pk, comentario_pk)
        reabierto = services.comentario_reabrir(comentario=comentario, usuario=request.user)
        return Response(representacion.comentario(request, reabierto))


class ResponderComentario(VistaAPI):
    @extend_schema(
        summary="Responder en el hilo de un comentario (autores, o un revisor que no es autor)",
        request=Respuesta,
        responses={201: esquemas.Comentario, **esquemas.errores(400, 401, 403, 404)},
    )
    def post(self, request, pk: int, comentario_pk: int):
        comentario = _comentario(request, pk, comentario_pk)
        policy.exigir(comentario.informe, request.user, policy.Accion.RESPONDER_COMENTARIO)
        entrada = Respuesta(data=request.data)
        entrada.is_valid(raise_exception=True)
        try:
            respuesta = services.comentario_responder(
                comentario=comentario, usuario=request.user, texto=entrada.validated_data["texto"]
            )
        except services.DatoInvalido as error:
            raise ErrorAPI(400, MENSAJE_CAMPOS, {"texto": [str(error.mensaje)]}) from error
        return Response(representacion.comentario(request, respuesta), status=201)
