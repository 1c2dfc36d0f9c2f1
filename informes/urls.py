from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from .views import consulta, exportar, importar

informes_urls = [
    path("", consulta.lista, name="lista"),
    path("importar/", importar.importar, name="importar"),
    path("importar/resultado/", importar.importar_resultado, name="importar_resultado"),
    path("<int:pk>/", consulta.detalle, name="detalle"),
    path("<int:pk>/exportar.md", exportar.exportar_md, name="exportar_md"),
    path("<int:pk>/exportar.zip", exportar.exportar_zip, name="exportar_zip"),
    path("<int:pk>/exportar.pdf", exportar.exportar_pdf, name="exportar_pdf"),
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
