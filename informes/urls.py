"""URLs: the reports (namespace ``informes``), the reviewers' queue, sign-in, status, admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from .views import (
    autoguardado,
    comentarios,
    conflicto,
    consulta,
    cuentas,
    diagramas,
    edicion,
    exportar,
    historial,
    importar,
    presencia,
    revision,
    secretos,
)

informes_urls = [
    path("", consulta.lista, name="lista"),
    path("importar/", importar.importar, name="importar"),
    path("importar/resultado/", importar.importar_resultado, name="importar_resultado"),
    path("nuevo/", edicion.nuevo, name="nuevo"),
    path("nuevo/autoguardar/", autoguardado.autoguardar_nuevo, name="autoguardar_nuevo"),
    path(
        "vista-previa-markdown/", autoguardado.vista_previa_markdown, name="vista_previa_markdown"
    ),
    path("<int:pk>/editar/", edicion.editar, name="editar"),
    path("<int:pk>/autoguardar/", autoguardado.autoguardar, name="autoguardar"),
    path("<int:pk>/diagramas/subir/", diagramas.subir, name="subir_diagramas"),
    path("<int:pk>/diagramas/<int:diagrama_pk>/quitar/", diagramas.quitar, name="quitar_diagrama"),
    path("<int:pk>/conflicto/<str:clave>/", conflicto.conflicto, name="conflicto"),
    path("<int:pk>/presencia/", presencia.presencia, name="presencia"),
    path(
        "<int:pk>/vista-previa-markdown/",
        autoguardado.vista_previa_markdown,
        name="vista_previa_markdown_informe",
    ),
    path("<int:pk>/", consulta.detalle, name="detalle"),
    path("<int:pk>/exportar.md", exportar.exportar_md, name="exportar_md"),
    path("<int:pk>/exportar.zip", exportar.exportar_zip, name="exportar_zip"),
    path("<int:pk>/exportar.pdf", exportar.exportar_pdf, name="exportar_pdf"),
    path("<int:pk>/diagramas/<int:diagrama_pk>/", consulta.diagrama, name="diagrama"),
    # Review workflow.
    path("<int:pk>/enviar/", revision.enviar, name="enviar"),
    path("<int:pk>/retirar/", revision.retirar, name="retirar"),
    path("<int:pk>/aprobar/", revision.aprobar, name="aprobar"),
    path("<int:pk>/solicitar-cambios/", revision.solicitar_cambios, name="solicitar_cambios"),
    path("<int:pk>/nueva-version/", revision.nueva_version, name="nueva_version"),
    path("<int:pk>/descartar/", revision.descartar, name="descartar"),
    path("<int:pk>/comentarios/", comentarios.comentar, name="comentar"),
    path(
        "<int:pk>/comentarios/<int:comentario_pk>/resolver/",
        comentarios.resolver_comentario,
        name="resolver_comentario",
    ),
    path(
        "<int:pk>/comentarios/<int:comentario_pk>/reabrir/",
        comentarios.reabrir_comentario,
        name="reabrir_comentario",
    ),
    path(
        "<int:pk>/comentarios/<int:comentario_pk>/responder/",
        comentarios.responder_comentario,
        name="responder_comentario",
    ),
    path("<int:pk>/proxima-revision/", revision.proxima_revision, name="proxima_revision"),
    path("<int:pk>/secretos/inofensivo/", secretos.marcar_inofensivo, name="marcar_inofensivo"),
    path("<int:pk>/historial/", historial.historial, name="historial"),
    path("<int:pk>/comparar/", historial.comparar, name="comparar"),
]

revision_urls = [
    path("", revision.cola, name="cola"),
]

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="informes:lista", permanent=False)),
    path("informes/", include((informes_urls, "informes"))),
    path("revision/", include((revision_urls, "revision"))),
    path("cuentas/login/", cuentas.entrada, name="login"),
    path("cuentas/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("status", consulta.status, name="status"),
    path("admin/", admin.site.urls),
]
