"""The JSON API's settings: Django REST framework and its OpenAPI schema (drf-spectacular)."""

# The JSON API (/api/v1/, informes.views.api): personal access tokens first, so an
# anonymous request gets 401 with "WWW-Authenticate: Bearer"; the browser's session
# second (with CSRF checks on writes). JSON in, JSON out; errors as
# {"error": ..., "campos": {...}}; requests counted per token in the shared cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "informes.views.api.autenticacion.TokenBearer",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "informes.views.api.autenticacion.AlcanceDelToken",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["informes.views.api.autenticacion.RitmoPorCredencial"],
    # Requests without a token are counted by address: the last X-Forwarded-For entry,
    # which only the trusted proxy writes (informes.middleware drops the header from
    # anyone else), or the connection's address.
    "NUM_PROXIES": 1,
    "DEFAULT_PARSER_CLASSES": ["informes.views.api.cuerpo.CuerpoJSON"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "informes.views.api.cuerpo.SiempreJSON",
    "EXCEPTION_HANDLER": "informes.views.api.errores.manejar",
    "DEFAULT_SCHEMA_CLASS": "informes.views.api.esquemas.AutoEsquema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Informes API",
    "DESCRIPTION": (
        "Informes de despliegue: consultar, crear y editar borradores, subir diagramas, "
        "revisar y exportar, con los mismos permisos que las páginas. Autenticación: "
        "`Authorization: Bearer <token>` (tokens en /cuentas/tokens/) o la sesión del navegador."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}
