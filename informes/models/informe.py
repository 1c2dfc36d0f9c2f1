"""Deployment reports, one row per version, and the validators their fields share with rows.

Verbose names and help texts come from ``plantilla``, so the form, the admin and
the export all speak the template's words. The rows a report lists live in
``fila``.
"""

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import connections, models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import limites, plantilla
from ..flujo import ESTADOS_INMUTABLES, Estado

# Version strings as Python packaging writes them: "3.11", "1.0.2", "2.5rc1",
# and for libraries also specifiers such as ">=1.3,<2" or "~=4.2".
VERSION_RE = r"^[0-9]+(\.[0-9]+)*([a-zA-Z]+[0-9]*)?(\.(post|dev)[0-9]+)?(\+[a-zA-Z0-9.]+)?$"
ESPECIFICADOR_RE = (
    r"^((==|!=|<=|>=|~=|===|<|>)?\s*[0-9]+(\.[0-9]+|\.\*)*([a-zA-Z]+[0-9]*)?(\.(post|dev)[0-9]+)?"
    r"(\+[a-zA-Z0-9.]+)?)(\s*,\s*(==|!=|<=|>=|~=|<|>)\s*[0-9]+(\.[0-9]+|\.\*)*"
    r"([a-zA-Z]+[0-9]*)?(\.(post|dev)[0-9]+)?)*$"
)
MENSAJE_VERSION = _("Escriba una versión como 3.11 o 3.11.4.")
MENSAJE_ESPECIFICADOR = _("Escriba una versión como 1.4.2 o un rango como >=1.4,<2.")

validar_version = RegexValidator(VERSION_RE, MENSAJE_VERSION, code="version")
validar_especificador = RegexValidator(ESPECIFICADOR_RE, MENSAJE_ESPECIFICADOR, code="version")
validar_nombre_variable = RegexValidator(
    r"^[A-Za-z_][A-Za-z0-9_]*$",
    _("Use solo letras, dígitos y guion bajo, sin empezar por un dígito (p. ej., MODEL_PATH)."),
    code="nombre_variable",
)
validar_nombre_paquete = RegexValidator(
    r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?(\[[A-Za-z0-9._,-]+\])?$",
    _("Escriba el nombre del paquete tal como se instala (p. ej., scikit-learn)."),
    code="nombre_paquete",
)

# Characters that have no place in a report or change how it reads without
# being seen: C0 controls (tab, newlines and form feed aside), DEL and the C1
# controls; zero-width spaces and joiners, the word joiner and the BOM; the bidi
# embeddings, overrides, isolates and marks, with which «admin\u202egpj.exe»
# reads «adminexe.jpg» in the PDF. The importer refuses a file holding any.
CONTROLES_RE = (
    r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
validar_sin_control = RegexValidator(
    CONTROLES_RE,
    _(
        "El texto tiene caracteres de control invisibles (de ancho cero o que cambian la "
        "dirección del texto); bórrelos (suelen llegar al pegar texto)."
    ),
    code="control",
    inverse_match=True,
)
# A one-line field (a name, a path, a title) holds no line break of any kind.
SALTOS_RE = r"[\n\r\x0c\x85\u2028\u2029]"
validar_una_linea = RegexValidator(
    SALTOS_RE,
    _("Este campo es de una sola línea: quite los saltos de línea."),
    code="salto_de_linea",
    inverse_match=True,
)
# Every free-text field of one line.
VALIDADORES_LINEA = [validar_sin_control, validar_una_linea]

LARGO_LINEA = limites.LARGO_LINEA
LARGO_MARKDOWN = limites.LARGO_MARKDOWN


def _campo_de_plantilla(campo: str, validators=()):
    """A model field labelled and explained exactly as the template does."""
    etiqueta = plantilla.etiqueta(campo)
    opciones = {"verbose_name": etiqueta.texto, "help_text": etiqueta.pista, "blank": True}
    validators = [validar_sin_control, *validators]
    if etiqueta.tipo == plantilla.Tipo.LINEA:
        validators.append(validar_una_linea)
        return models.CharField(max_length=LARGO_LINEA, validators=validators, **opciones)
    return models.TextField(max_length=LARGO_MARKDOWN, validators=validators, **opciones)


MENSAJE_INMUTABLE = _(
    "Una versión aprobada o archivada no se puede modificar; cree una nueva versión."
)


class InformeInmutable(Exception):
    """A write reached an approved or archived version."""

    def __init__(self, mensaje=MENSAJE_INMUTABLE):
        super().__init__(str(mensaje))
        self.mensaje = mensaje


class InformeQuerySet(models.QuerySet):
    def con_relaciones(self):
        return self.select_related("autor").prefetch_related("coautores")

    def de_autor_o_coautor(self, user):
        """Reports ``user`` wrote or co-authors (``policy.informes_visibles`` decides who sees)."""
        # Subqueries rather than a join: no duplicate rows, so no DISTINCT over every
        # column, which made the analyst's list and its count slow at volume.
        coautorados = self.model.coautores.through.objects.filter(user=user).values("informe_id")
        if connections[self.db].vendor == "postgresql":
            # An OR of the two would scan the whole table; a UNION uses both indexes.
            propios = self.model.objects.filter(autor=user).order_by().values("pk")
            return self.filter(pk__in=propios.union(coautorados))
        # SQLite cannot put a UNION inside IN, and serves this OR with both indexes.
        return self.filter(models.Q(autor=user) | models.Q(pk__in=coautorados))


class Informe(models.Model):
    """One version of a deployment summary report."""

    # 1. Detalles del Modelo
    nombre_modelo = _campo_de_plantilla("nombre_modelo")
    descripcion_modelo = _campo_de_plantilla("descripcion_modelo")
    # 2. Plataforma de Despliegue
    plataforma_despliegue = _campo_de_plantilla("plataforma_despliegue")
    entorno_despliegue = _campo_de_plantilla("entorno_despliegue")
    # 3. Requisitos Técnicos (bibliotecas are rows)
    version_python = _campo_de_plantilla("version_python", validators=[validar_version])
    hardware_requerido = _campo_de_plantilla("hardware_requerido")
    # 4. Requisitos de Seguridad
    autenticacion = _campo_de_plantilla("autenticacion")
    encriptacion_datos = _campo_de_plantilla("encriptacion_datos")
    # 5. Etapas de Liberación
    estrategia_liberacion = _campo_de_plantilla("estrategia_liberacion")
    fase_liberacion = _campo_de_plantilla("fase_liberacion")
    ambientes_prueba = _campo_de_plantilla("ambientes_prueba")
    criterios_exito = _campo_de_plantilla("criterios_exito")
    plan_contingencia = _campo_de_plantilla("plan_contingencia")
    comunicacion = _campo_de_plantilla("comunicacion")
    # 6. Diagrama de Arquitectura: rows (Diagrama)
    # 7. Código de Despliegue (rutas and variables_entorno are rows)
    archivo_principal = _campo_de_plantilla("archivo_principal")
    # 8. Documentación del Despliegue
    instalacion = _campo_de_plantilla("instalacion")
    instrucciones_configuracion = _campo_de_plantilla("instrucciones_configuracion")
    instrucciones_uso = _campo_de_plantilla("instrucciones_uso")
    instrucciones_mantenimiento = _campo_de_plantilla("instrucciones_mantenimiento")
    # 9. Monitoreo y Operación del Modelo
    umbrales_reentrenamiento = _campo_de_plantilla("umbrales_reentrenamiento")
    mecanismos_reentrenamiento = _campo_de_plantilla("mecanismos_reentrenamiento")
    monitoreo_continuo = _campo_de_plantilla("monitoreo_continuo")
    metricas_desempeno = _campo_de_plantilla("metricas_desempeno")
    actualizacion_modelos = _campo_de_plantilla("actualizacion_modelos")
    linaje_modelos = _campo_de_plantilla("linaje_modelos")

    # Labels explicitly marked as not applicable: {campo: motivo}.
    no_aplica = models.JSONField(
        _("no aplica"),
        default=dict,
        blank=True,
        help_text=_("Etiquetas marcadas como «No aplica», con su motivo."),
    )
    # Text an import found in a section of the file that matched none of its
    # labels and followed no Markdown label there: {"<número de sección>": texto}.
    notas = models.JSONField(
        _("texto sin clasificar"),
        default=dict,
        blank=True,
        help_text=_("Texto importado que no correspondía a ninguna etiqueta, por sección."),
    )

    # Findings of the secret detection its authors marked as harmless examples:
    # {fingerprint: {"usuario", "momento", "version", "campo", "tipo"}} (``secretos.en_informe``).
    secretos_inofensivos = models.JSONField(
        _("ejemplos inofensivos"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Posibles credenciales que sus autores marcaron como ejemplos inofensivos."),
    )

    # Metadata.
    serie = models.UUIDField(
        _("serie"),
        default=uuid.uuid4,
        editable=False,
        db_index=True,
        help_text=_("Identidad estable compartida por todas las versiones del mismo informe."),
    )
    version = models.PositiveIntegerField(_("versión"), default=1, editable=False)
    estado = models.CharField(
        _("estado"),
        max_length=20,
        choices=Estado.choices,
        default=Estado.BORRADOR,
        editable=False,
        db_index=True,
    )
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("autor"),
        on_delete=models.PROTECT,
        related_name="informes",
    )
    coautores = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coautores"),
        related_name="informes_coautor",
        blank=True,
    )
    contador_cambios = models.PositiveIntegerField(
        _("contador de cambios"),
        default=0,
        editable=False,
        help_text=_("Aumenta con cada guardado; detecta ediciones simultáneas."),
    )
    creado = models.DateTimeField(_("creado"), auto_now_add=True)
    actualizado = models.DateTimeField(_("actualizado"), auto_now=True, db_index=True)

    # Review workflow.
    enviado_en = models.DateTimeField(
        _("enviado a revisión"), null=True, blank=True, editable=False
    )
    aprobado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aprobado por"),
        on_delete=models.PROTECT,
        related_name="informes_aprobados",
        null=True,
        blank=True,
        editable=False,
    )
    aprobado_en = models.DateTimeField(_("aprobado"), null=True, blank=True, editable=False)
    proxima_revision = models.DateField(
        _("próxima revisión"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Fecha en que un revisor debe volver a revisar la versión aprobada."),
    )

    objects = InformeQuerySet.as_manager()

    class Meta:
        verbose_name = _("informe")
        verbose_name_plural = _("informes")
        ordering = ["-actualizado"]
        constraints = [
            models.UniqueConstraint(
                fields=["serie", "version"], name="informe_serie_version_unica"
            ),
        ]
        # For the list, its filters and the reviewer queue at tens of thousands of
        # rows: each filter with the order it is shown in.
        indexes = [
            models.Index(fields=["estado", "actualizado"], name="informe_estado_actualizado"),
            models.Index(fields=["autor", "actualizado"], name="informe_autor_actualizado"),
            models.Index(fields=["estado", "enviado_en"], name="informe_estado_enviado"),
            models.Index(fields=["estado", "proxima_revision"], name="informe_estado_proxima"),
        ]

    def __str__(self):
        nombre = self.nombre_modelo or _("Informe sin nombre")
        return f"{nombre} v{self.version}"

    def save(self, *args, **kwargs):
        if getattr(self, "_estado_guardado", None) in ESTADOS_INMUTABLES:
            raise InformeInmutable
        super().save(*args, **kwargs)
        self._estado_guardado = self.estado

    def get_absolute_url(self):
        return reverse("informes:detalle", args=[self.pk])

    def delete(self, *args, **kwargs):
        if getattr(self, "_estado_guardado", None) in ESTADOS_INMUTABLES:
            raise InformeInmutable
        return super().delete(*args, **kwargs)

    @property
    def inmutable(self) -> bool:
        return self.estado in ESTADOS_INMUTABLES

    @classmethod
    def from_db(cls, db, field_names, values):
        instancia = super().from_db(db, field_names, values)
        # The estado as stored, so save() can refuse to touch a closed version
        # even when the attribute was changed in memory.
        instancia._estado_guardado = instancia.__dict__.get("estado")
        return instancia

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._estado_guardado = self.__dict__.get("estado")


# Here rather than beside Diagrama: migration 0001 names it by this path.
def ruta_diagrama(instance, filename):
    # The stored name never comes from the user: a fresh UUID and the
    # extension of the format the image was re-encoded to.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"diagramas/{instance.informe.serie}/{uuid.uuid4().hex}.{extension}"
