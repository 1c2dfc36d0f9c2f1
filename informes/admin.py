"""The admin: reports and their rows read-only once approved, the audit trail never editable."""

from django.contrib import admin
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import auditoria
from .models import (
    ESTADOS_INMUTABLES,
    Biblioteca,
    ComentarioRevision,
    Diagrama,
    EventoAuditoria,
    Informe,
    RutaArchivo,
    VariableEntorno,
)
from .services import eventos


def _cerrado(informe) -> bool:
    """Approved and archived versions are read-only here as everywhere."""
    return informe is not None and informe.estado in ESTADOS_INMUTABLES


class FilaInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return not _cerrado(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _cerrado(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _cerrado(obj) and super().has_delete_permission(request, obj)


class BibliotecaInline(FilaInline):
    model = Biblioteca


class RutaArchivoInline(FilaInline):
    model = RutaArchivo


class VariableEntornoInline(FilaInline):
    model = VariableEntorno


class DiagramaInline(FilaInline):
    model = Diagrama
    readonly_fields = ("ancho", "alto")


@admin.register(Informe)
class InformeAdmin(admin.ModelAdmin):
    list_display = ("nombre_modelo", "version", "estado", "autor", "actualizado")
    list_filter = ("estado", "autor", "actualizado")
    search_fields = (
        "nombre_modelo",
        "descripcion_modelo",
        "plataforma_despliegue",
        "autor__username",
    )
    readonly_fields = (
        "serie",
        "version",
        "estado",
        "contador_cambios",
        "creado",
        "actualizado",
        "enviado_en",
        "aprobado_por",
        "aprobado_en",
        "proxima_revision",
    )
    filter_horizontal = ("coautores",)
    inlines = [BibliotecaInline, RutaArchivoInline, VariableEntornoInline, DiagramaInline]
    date_hierarchy = "actualizado"

    def has_change_permission(self, request, obj=None):
        return not _cerrado(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _cerrado(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Keep the state before the save so save_related can record the changes.
        anterior = Informe.objects.filter(pk=obj.pk).first() if change else None
        request._informes_antes = auditoria.instantanea(anterior) if anterior else auditoria.vacia()
        if change:
            obj.contador_cambios += 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        eventos.registrar_guardado(
            informe=form.instance,
            usuario=request.user,
            antes=getattr(request, "_informes_antes", auditoria.vacia()),
            despues=auditoria.instantanea(form.instance),
            comentario=str(_("Guardado desde la administración.")),
        )


def _contar_cambio(informes) -> None:
    """A row changed here is a change of its report, counted as every save of the
    services counts one: the edit form's lock and the detail page's cached
    sections (keyed by the counter) see it."""
    Informe.objects.filter(pk__in=[i for i in informes if i]).update(
        contador_cambios=F("contador_cambios") + 1, actualizado=timezone.now()
    )


class FilaAdmin(admin.ModelAdmin):
    list_select_related = ("informe",)

    def save_model(self, request, obj, form, change):
        anterior = form.initial.get("informe") if change else None
        super().save_model(request, obj, form, change)
        _contar_cambio({obj.informe_id, anterior})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _contar_cambio({obj.informe_id})

    def delete_queryset(self, request, queryset):
        informes = set(queryset.values_list("informe_id", flat=True))
        super().delete_queryset(request, queryset)
        _contar_cambio(informes)

    def has_change_permission(self, request, obj=None):
        cerrado = obj is not None and _cerrado(obj.informe)
        return not cerrado and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        cerrado = obj is not None and _cerrado(obj.informe)
        return not cerrado and super().has_delete_permission(request, obj)


@admin.register(Biblioteca)
class BibliotecaAdmin(FilaAdmin):
    list_display = ("nombre", "version", "informe")
    search_fields = ("nombre", "informe__nombre_modelo")
    list_filter = (("informe__estado", admin.ChoicesFieldListFilter),)


@admin.register(RutaArchivo)
class RutaArchivoAdmin(FilaAdmin):
    list_display = ("ruta", "proposito", "informe")
    search_fields = ("ruta", "proposito", "informe__nombre_modelo")
    list_filter = (("informe__estado", admin.ChoicesFieldListFilter),)


@admin.register(VariableEntorno)
class VariableEntornoAdmin(FilaAdmin):
    list_display = ("nombre", "proposito", "informe")
    search_fields = ("nombre", "proposito", "informe__nombre_modelo")
    list_filter = (("informe__estado", admin.ChoicesFieldListFilter),)


@admin.register(Diagrama)
class DiagramaAdmin(FilaAdmin):
    list_display = ("titulo", "informe", "ancho", "alto")
    search_fields = ("titulo", "leyenda", "informe__nombre_modelo")
    list_filter = (("informe__estado", admin.ChoicesFieldListFilter),)


class SoloLecturaAdmin(admin.ModelAdmin):
    """Listed and viewable; never added, changed or deleted from the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EventoAuditoria)
class EventoAuditoriaAdmin(SoloLecturaAdmin):
    list_display = ("momento", "accion", "informe", "version", "usuario", "estado_hasta")
    list_filter = ("accion", "estado_hasta", "momento")
    search_fields = ("informe__nombre_modelo", "usuario__username", "comentario")
    list_select_related = ("informe", "usuario")
    date_hierarchy = "momento"


@admin.register(ComentarioRevision)
class ComentarioRevisionAdmin(SoloLecturaAdmin):
    list_display = ("creado", "informe", "seccion", "autor", "resuelto")
    list_filter = ("resuelto",)
    search_fields = ("texto", "informe__nombre_modelo")
    list_select_related = ("informe", "autor")


admin.site.site_header = _("Administración de Informes")
admin.site.site_title = _("Informes")
