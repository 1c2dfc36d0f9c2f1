from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from .views import consulta, edicion

informes_urls = [
    path("", consulta.lista, name="lista"),
    path("nuevo/", edicion.nuevo, name="nuevo"),
    path("nuevo/autoguardar/", edicion.autoguardar_nuevo, name="autoguardar_nuevo"),
    path("vista-previa-markdown/", edicion.vista_previa_markdown, name="vista_previa_markdown"),
    path("<int:pk>/editar/", edicion.editar, name="editar"),
    path("<int:pk>/autoguardar/", edicion.autoguardar, name="autoguardar"),
    path(
        "<int:pk>/vista-previa-markdown/",
        edicion.vista_previa_markdown,
        name="vista_previa_markdown_informe",
    ),
    path("<int:pk>/", consulta.detalle, name="detalle"),
    path("<int:pk>/diagramas/<int:diagrama_pk>/", consulta.diagrama, name="diagrama"),
]

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="informes:lista", permanent=False)),
    path("informes/", include((informes_urls, "informes"))),
    path("cuentas/login/", auth_views.LoginView.as_view(), name="login"),
    path("cuentas/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("status", consulta.status, name="status"),
    path("admin/", admin.site.urls),
]
