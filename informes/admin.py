from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Biblioteca, Diagrama, Informe, RutaArchivo, VariableEntorno


class FilaInline(admin.TabularInline):
    extra = 0


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
    readonly_fields = ("serie", "version", "estado", "contador_cambios", "creado", "actualizado")
    filter_horizontal = ("coautores",)
    inlines = [BibliotecaInline, RutaArchivoInline, VariableEntornoInline, DiagramaInline]
    date_hierarchy = "actualizado"


class FilaAdmin(admin.ModelAdmin):
    list_select_related = ("informe",)


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


admin.site.site_header = _("Administración de Informes")
admin.site.site_title = _("Informes")
