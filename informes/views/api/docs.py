"""The API's OpenAPI 3 schema and its browsable docs (Swagger UI from vendored files, no CDN).

Both are public: they describe the API, not any report. The docs page loads
its script and styles from static files, so the CSP needs no 'unsafe-inline'.
"""

from django.shortcuts import render
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.permissions import AllowAny

from .base import VistaAPI


class Esquema(SpectacularJSONAPIView):
    """/api/v1/openapi.json."""

    authentication_classes = []
    permission_classes = [AllowAny]


class Documentacion(VistaAPI):
    """/api/v1/docs/: Swagger UI over the schema; «Authorize» takes a personal access token."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request):
        contexto = {"esquema": reverse("api:openapi")}
        return render(request._request, "informes/api/docs.html", contexto)
