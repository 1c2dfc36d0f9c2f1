"""The API's request bodies, checked as the report form checks them, as service arguments.

A report's body names labels by their ``plantilla`` field: text for a simple
label, a list of rows for a listed one, and ``no_aplica`` with a reason per
label. Every value meets the same rules as the form's (lengths, one line,
control characters, versions, names, one variable per name, 200 rows); a key
that is no label is refused rather than ignored. Diagrams have their own
endpoints. ``errores_planos`` turns nested errors into ``{"bibliotecas.0.version": [...]}``.
"""

from django.core.exceptions import ValidationError as ErrorDjango
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .. import filas, limites, plantilla
from ..models import Informe
from ..models.informe import LARGO_LINEA, LARGO_MARKDOWN, VALIDADORES_LINEA
from ..services.errores import LARGO_COMENTARIO
from .secciones import LARGO_MOTIVO

MENSAJE_CAMPO_DESCONOCIDO = _(
    "No es una etiqueta de la plantilla ni un campo que se pueda escribir."
)
MENSAJE_DIAGRAMAS = _("Los diagramas se suben y se eliminan en …/diagramas/.")
MENSAJE_ETIQUETA_DESCONOCIDA = _("No es una etiqueta de la plantilla.")
MENSAJE_NO_TEXTO = _("Escriba texto.")


class Texto(serializers.CharField):
    """A string and nothing else: DRF's CharField would store 12 or true as "12", "True"."""

    default_error_messages = {"invalid": MENSAJE_NO_TEXTO}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class EstrictoMixin:
    """Refuse keys the serializer does not declare, naming each one beside the other errors."""

    def to_internal_value(self, data):
        sobrantes = set(data) - set(self.fields) if isinstance(data, dict) else set()
        errores = {str(c)[:100]: [MENSAJE_CAMPO_DESCONOCIDO] for c in sobrantes}
        try:
            valor = super().to_internal_value(data)
        except serializers.ValidationError as error:
            detalle = error.detail if isinstance(error.detail, dict) else {"": error.detail}
            raise serializers.ValidationError({**detalle, **errores}) from error
        if errores:
            raise serializers.ValidationError(errores)
        return valor


def _fila(tipo: filas.TipoFila) -> type[serializers.Serializer]:
    """One row of a listed kind: its columns, checked by the model's own validators."""
    campos = {}
    for columna in tipo.nombres:
        campo = tipo.modelo._meta.get_field(columna)
        campos[columna] = Texto(
            max_length=campo.max_length,
            allow_blank=campo.blank,
            required=not campo.blank,
        )

    def validate(self, datos):
        try:
            tipo.modelo(informe=Informe(), **datos).full_clean(exclude=["informe"])
        except ErrorDjango as error:
            raise serializers.ValidationError(error.message_dict) from error
        return {c: datos.get(c, "") for c in tipo.nombres}

    return type(f"Fila{tipo.modelo.__name__}", (EstrictoMixin, serializers.Serializer), {
        **campos, "validate": validate,
    })  # fmt: skip


def _campos_informe() -> dict:
    campos = {}
    for etiqueta in plantilla.ETIQUETAS:
        if etiqueta.campo == "diagramas":
            continue
        if etiqueta.es_filas:
            campos[etiqueta.campo] = serializers.ListField(
                child=_fila(filas.LISTAS[etiqueta.campo])(),
                max_length=limites.FILAS_MAXIMAS,
                required=False,
                help_text=str(etiqueta.texto),
            )
            continue
        largo = LARGO_LINEA if etiqueta.tipo == plantilla.Tipo.LINEA else LARGO_MARKDOWN
        campos[etiqueta.campo] = Texto(
            max_length=largo,
            allow_blank=True,
            required=False,
            help_text=str(etiqueta.texto),
        )
    campos["no_aplica"] = serializers.DictField(
        child=Texto(
            max_length=LARGO_MOTIVO,
            allow_blank=True,
            validators=VALIDADORES_LINEA,
        ),
        required=False,
        help_text=str(_("Motivo por etiqueta («No aplica»); un motivo vacío quita la marca.")),
    )
    return campos


def _validate(self, datos: dict) -> dict:
    simples = {c: v for c, v in datos.items() if c in plantilla.CAMPOS_SIMPLES}
    errores = {}
    if simples:
        excluidos = [f.name for f in Informe._meta.fields if f.name not in simples]
        try:
            Informe(**simples).clean_fields(exclude=excluidos)
        except ErrorDjango as error:
            errores.update(error.message_dict)
    for campo in datos.get("no_aplica") or {}:
        if campo not in plantilla.POR_CAMPO:
            errores[f"no_aplica.{campo}"] = [MENSAJE_ETIQUETA_DESCONOCIDA]
    for campo, tipo in filas.LISTAS.items():
        if tipo.clave_unica and campo in datos:
            vistas = set()
            for indice, fila in enumerate(datos[campo]):
                clave = tipo.clave_de(fila)
                if clave in vistas:
                    columna = tipo.clave[0]
                    errores[f"{campo}.{indice}.{columna}"] = [
                        tipo.mensaje_repetida % {columna: fila[columna]}
                    ]
                vistas.add(clave)
    if errores:
        raise serializers.ValidationError(errores)
    return datos


InformeEscritura = type(
    "InformeEscritura",
    (EstrictoMixin, serializers.Serializer),
    {**_campos_informe(), "validate": _validate},
)
InformeEscritura.__doc__ = "Labels to write, by their field name; those left out stay as they are."


def argumentos_guardado(datos: dict, no_aplica_actual: dict[str, str]) -> dict:
    """``services.informe_guardar``'s arguments for a checked body (without editor and counter).

    ``no_aplica`` merges into the stored marks: a label it names gets its reason,
    an empty reason removes the mark, the others keep theirs.
    """
    argumentos = {
        "campos": {c: v for c, v in datos.items() if c in plantilla.CAMPOS_SIMPLES},
        "filas": {c: v for c, v in datos.items() if c in filas.LISTAS} or None,
    }
    if "no_aplica" in datos:
        argumentos["no_aplica"] = {**(no_aplica_actual or {}), **datos["no_aplica"]}
    return argumentos


class Transicion(EstrictoMixin, serializers.Serializer):
    """A reviewer's decision: its comment (optional to approve, required to request changes)."""

    comentario = Texto(max_length=LARGO_COMENTARIO, required=False, allow_blank=True)


class ComentarioNuevo(EstrictoMixin, serializers.Serializer):
    """A reviewer's comment on a section (1 to 9) or, without ``seccion``, on the whole report."""

    texto = Texto(max_length=LARGO_COMENTARIO)
    seccion = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=9)


class Respuesta(EstrictoMixin, serializers.Serializer):
    """A reply in a comment's thread."""

    texto = Texto(max_length=LARGO_COMENTARIO)


class DiagramaSubido(serializers.Serializer):
    """A diagram's file (multipart ``archivo``), its title and its caption."""

    # Empty files reach images.limpiar_imagen, which refuses them with the form's message.
    archivo = serializers.FileField(allow_empty_file=True)
    titulo = Texto(max_length=200, validators=VALIDADORES_LINEA)
    leyenda = Texto(max_length=500, validators=VALIDADORES_LINEA, required=False, allow_blank=True)


def errores_planos(detalle, prefijo: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"a.0.b": ["mensaje", ...]}``; top-level ones under ``""``."""
    if isinstance(detalle, dict):
        resultado = {}
        for clave, valor in detalle.items():
            clave = "" if clave in ("non_field_errors", "__all__") else str(clave)
            sub = ".".join(p for p in (prefijo, clave) if p)
            for k, v in errores_planos(valor, sub).items():
                resultado.setdefault(k, []).extend(v)
        return resultado
    if isinstance(detalle, list):
        if all(isinstance(v, str) for v in detalle):
            return {prefijo: [str(v) for v in detalle]} if detalle else {}
        resultado = {}
        for indice, valor in enumerate(detalle):
            if valor:
                sub = f"{prefijo}.{indice}" if prefijo else str(indice)
                for k, v in errores_planos(valor, sub).items():
                    resultado.setdefault(k, []).extend(v)
        return resultado
    return {prefijo: [str(detalle)]}
