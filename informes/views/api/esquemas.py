"""The API's answers as the OpenAPI schema describes them (``representacion`` writes them)."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from ...flujo import Estado


class Usuario(serializers.Serializer):
    usuario = serializers.CharField()
    nombre = serializers.CharField()


class Error(serializers.Serializer):
    """Every error: a message and, per field (``bibliotecas.0.version``), its messages."""

    error = serializers.CharField()
    campos = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class Etiqueta(serializers.Serializer):
    """One label of the template: its text, section and kind; ``valor`` or ``filas``."""

    etiqueta = serializers.CharField(help_text="El texto de la etiqueta en la plantilla.")
    seccion = serializers.IntegerField()
    tipo = serializers.ChoiceField(choices=["linea", "markdown", "filas"])
    valor = serializers.CharField(required=False)
    filas = serializers.ListField(child=serializers.DictField(), required=False)
    no_aplica = serializers.CharField(help_text="Motivo de «No aplica»; vacío si aplica.")


class SeccionCompletitud(serializers.Serializer):
    seccion = serializers.IntegerField()
    titulo = serializers.CharField()
    llenas = serializers.IntegerField()
    total = serializers.IntegerField()
    completa = serializers.BooleanField()
    pendientes = serializers.ListField(child=serializers.CharField())


class Advertencia(serializers.Serializer):
    """A possible credential in the report: where, what, its masked excerpt, its mark."""

    campo = serializers.CharField()
    etiqueta = serializers.CharField()
    descripcion = serializers.CharField()
    extracto = serializers.CharField()
    huella = serializers.CharField()
    inofensivo = serializers.BooleanField()


class Informe(serializers.Serializer):
    """A report: metadata, its 29 labels by field name, completeness, what the user may do."""

    id = serializers.IntegerField()
    serie = serializers.UUIDField()
    version = serializers.IntegerField()
    estado = serializers.ChoiceField(choices=Estado.choices)
    estado_nombre = serializers.CharField()
    etag = serializers.CharField(help_text="El ETag para If-Match.")
    autor = Usuario()
    coautores = Usuario(many=True)
    creado = serializers.DateTimeField()
    actualizado = serializers.DateTimeField()
    enviado_en = serializers.DateTimeField(allow_null=True)
    aprobado_por = Usuario(allow_null=True)
    aprobado_en = serializers.DateTimeField(allow_null=True)
    proxima_revision = serializers.DateField(allow_null=True)
    etiquetas = serializers.DictField(child=Etiqueta())
    completitud = SeccionCompletitud(many=True)
    completo = serializers.BooleanField()
    acciones = serializers.ListField(child=serializers.CharField())
    enlaces = serializers.DictField(child=serializers.URLField())
    advertencias = Advertencia(
        many=True,
        help_text=(
            "Posibles credenciales halladas en el texto, con el campo donde están; "
            "«Enviar a revisión» se rechaza mientras alguna no esté marcada como inofensiva."
        ),
    )


class Conflicto(Error):
    """412: the write was prepared from an older version; ``actual`` is the stored one."""

    actual = Informe()


class FilaLista(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    nombre_modelo = serializers.CharField()
    version = serializers.IntegerField()
    estado = serializers.ChoiceField(choices=Estado.choices)
    autor = Usuario()
    actualizado = serializers.DateTimeField()
    enviado_en = serializers.DateTimeField(allow_null=True)
    proxima_revision = serializers.DateField(allow_null=True)


class Pagina(serializers.Serializer):
    """25 reports a page, as the list page shows them."""

    cantidad = serializers.IntegerField()
    pagina = serializers.IntegerField()
    paginas = serializers.IntegerField()
    siguiente = serializers.URLField(allow_null=True)
    anterior = serializers.URLField(allow_null=True)
    resultados = FilaLista(many=True)


class Comentario(serializers.Serializer):
    id = serializers.IntegerField()
    seccion = serializers.IntegerField(allow_null=True)
    texto = serializers.CharField()
    autor = Usuario()
    creado = serializers.DateTimeField()
    resuelto = serializers.BooleanField()
    resuelto_por = Usuario(allow_null=True)
    resuelto_en = serializers.DateTimeField(allow_null=True)
    respuesta_a = serializers.IntegerField(
        allow_null=True, help_text="El comentario que abre el hilo, si este es una respuesta."
    )
    resolver = serializers.URLField()
    reabrir = serializers.URLField()
    responder = serializers.URLField()


def errores(*codigos: int) -> dict:
    """The error answers of an endpoint, each with the ``Error`` body."""
    return {codigo: OpenApiResponse(Error) for codigo in codigos}


DESCARGA = OpenApiResponse(
    response=bytes, description="El archivo, con Content-Disposition y su nombre."
)


class Diagrama(serializers.Serializer):
    id = serializers.IntegerField()
    titulo = serializers.CharField()
    leyenda = serializers.CharField()
    ancho = serializers.IntegerField()
    alto = serializers.IntegerField()
    url = serializers.URLField(help_text="La imagen (GET) y su eliminación (DELETE).")


class Preparando(serializers.Serializer):
    """202: the archived PDF is being rendered by the worker; ask again after Retry-After."""

    mensaje = serializers.CharField()


class AutoEsquema(AutoSchema):
    """The views' docstrings speak to developers: the schema shows only the Spanish summaries."""

    def get_description(self):
        return ""
