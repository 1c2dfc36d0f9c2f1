"""URLs: the reports (``informes``), the reviewers' queue, sign-in, tokens, status, admin, API."""

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
    tokens,
)
from .views.api import diagramas as api_diagramas
from .views.api import docs as api_docs
from .views.api import exportar as api_exportar
from .views.api import informes as api_informes
from .views.api import revision as api_revision

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

# The JSON API, version 1: the same services and policy as the pages above.
api_urls = [
    path("openapi.json", api_docs.Esquema.as_view(), name="openapi"),
    path("docs/", api_docs.Documentacion.as_view(), name="docs"),
    path("informes/", api_informes.ListaInformes.as_view(), name="informes"),
    path("informes/<int:pk>/", api_informes.UnInforme.as_view(), name="informe"),
    path("informes/<int:pk>/diagramas/", api_diagramas.Diagramas.as_view(), name="diagramas"),
    path(
        "informes/<int:pk>/diagramas/<int:diagrama_pk>/",
        api_diagramas.UnDiagrama.as_view(),
        name="diagrama",
    ),
    path("informes/<int:pk>/enviar/", api_revision.Enviar.as_view(), name="enviar"),
    path("informes/<int:pk>/retirar/", api_revision.Retirar.as_view(), name="retirar"),
    path("informes/<int:pk>/aprobar/", api_revision.Aprobar.as_view(), name="aprobar"),
    path(
        "informes/<int:pk>/solicitar-cambios/",
        api_revision.SolicitarCambios.as_view(),
        name="solicitar_cambios",
    ),
    path("informes/<int:pk>/descartar/", api_revision.Descartar.as_view(), name="descartar"),
    path(
        "informes/<int:pk>/nueva-version/",
        api_revision.NuevaVersion.as_view(),
        name="nueva_version",
    ),
    path("informes/<int:pk>/comentarios/", api_revision.Comentarios.as_view(), name="comentarios"),
    path(
        "informes/<int:pk>/comentarios/<int:comentario_pk>/resolver/",
        api_revision.ResolverComentario.as_view(),
        name="resolver_comentario",
    ),
    path(
        "informes/<int:pk>/comentarios/<int:comentario_pk>/reabrir/",
        api_revision.ReabrirComentario.as_view(),
        name="reabrir_comentario",
    ),
    path(
        "informes/<int:pk>/comentarios/<int:comentario_pk>/responder/",
        api_revision.ResponderComentario.as_view(),
        name="responder_comentario",
    ),
    path(
        "informes/<int:pk>/exportar.md", api_exportar.ExportarMarkdown.as_view(), name="exportar_md"
    ),
    path("informes/<int:pk>/exportar.zip", api_exportar.ExportarZip.as_view(), name="exportar_zip"),
    path("informes/<int:pk>/exportar.pdf", api_exportar.ExportarPDF.as_view(), name="exportar_pdf"),
]

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="informes:lista", permanent=False)),
    path("informes/", include((informes_urls, "informes"))),
    path("revision/", include((revision_urls, "revision"))),
    path("cuentas/login/", cuentas.entrada, name="login"),
    path("cuentas/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("cuentas/tokens/", tokens.tokens, name="tokens"),
    path("cuentas/tokens/<int:pk>/revocar/", tokens.revocar, name="token_revocar"),
    path("status", consulta.status, name="status"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_urls, "api"))),
]

# Under /api/ every error is JSON; elsewhere these render the app's error pages.
handler400 = "informes.views.api.errores.peticion_invalida"
handler403 = "informes.views.api.errores.prohibido"
handler404 = "informes.views.api.errores.no_encontrado"
handler500 = "informes.views.api.errores.error_servidor"
