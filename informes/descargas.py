"""Sending stored files after the permission check.

Files are streamed by Django, or, when ``INFORMES_X_ACCEL_REDIRECT`` names an
internal nginx location, handed to nginx with ``X-Accel-Redirect`` so that a
web worker is not tied up (the check has already happened in the view).
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse

CSP_ARCHIVO = "default-src 'none'; sandbox"


def responder_archivo(
    archivo, *, nombre: str, adjunto: bool = False, content_type: str | None = None
) -> HttpResponse:
    """A response for the stored file ``archivo`` (a FieldFile) named ``nombre``."""
    tipo = content_type or mimetypes.guess_type(nombre)[0] or "application/octet-stream"
    prefijo = getattr(settings, "INFORMES_X_ACCEL_REDIRECT", "")
    if prefijo:
        respuesta = HttpResponse(content_type=tipo)
        respuesta["X-Accel-Redirect"] = prefijo.rstrip("/") + "/" + quote(archivo.name)
    else:
        respuesta = FileResponse(archivo.open("rb"), content_type=tipo)
    disposicion = "attachment" if adjunto else "inline"
    respuesta["Content-Disposition"] = f'{disposicion}; filename="{nombre}"'
    respuesta["X-Content-Type-Options"] = "nosniff"
    respuesta["Content-Security-Policy"] = CSP_ARCHIVO
    respuesta["Cache-Control"] = "private, max-age=3600"
    return respuesta
