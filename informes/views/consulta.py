"""Thin views: parse the request, ask the policy, call a service, render."""

import mimetypes

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import completitud, policy, presentacion, selectors
from ..models import Diagrama
from . import revision

POR_PAGINA = 25


@require_GET
@never_cache
def status(request):
    """Liveness for load balancers: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database, code = "ok", 200
    except DatabaseError:
        database, code = "error", 503
    estado = "ok" if code == 200 else "error"
    return JsonResponse(
        {"status": estado, "database": database, "version": settings.VERSION}, status=code
    )


def obtener_visible(request, pk: int):
    """The report with every related row, or 404 if the user may not see it."""
    informe = selectors.informe_para_detalle(pk)
    if not policy.puede(informe, request.user, policy.Accion.VER):
        # 404, not 403: whether a report exists is not everyone's business.
        raise Http404
    return informe


@login_required
def lista(request):
    """The reports the user may see, newest change first, 25 a page.

    ``?vencidos=1`` keeps only approved reports past their next review date.
    """
    informes = selectors.informes_para(request.user)
    vencidos = request.GET.get("vencidos") == "1"
    if vencidos:
        informes = selectors.solo_vencidos(informes)
    pagina = Paginator(informes, POR_PAGINA).get_page(request.GET.get("page"))
    contexto = {
        "pagina": pagina,
        "vencidos": vencidos,
        "consulta": "vencidos=1" if vencidos else "",
    }
    return render(request, "informes/lista.html", contexto)


@login_required
def detalle(request, pk: int):
    """A report rendered section by section, as its export lays it out."""
    informe = obtener_visible(request, pk)
    contexto = {
        "informe": informe,
        "secciones": presentacion.secciones(informe),
        "completitud": completitud.por_seccion(informe),
        "acciones": policy.acciones_permitidas(informe, request.user),
    }
    contexto.update(revision.contexto_revision(informe, request.user))
    return render(request, "informes/detalle.html", contexto)


@login_required
def diagrama(request, pk: int, diagrama_pk: int):
    """A diagram's image, after the same check as its report."""
    informe = obtener_visible(request, pk)
    diagrama = get_object_or_404(Diagrama, pk=diagrama_pk, informe=informe)
    tipo = mimetypes.guess_type(diagrama.imagen.name)[0] or "application/octet-stream"
    respuesta = FileResponse(diagrama.imagen.open("rb"), content_type=tipo)
    extension = diagrama.imagen.name.rsplit(".", 1)[-1]
    respuesta["Content-Disposition"] = f'inline; filename="diagrama-{diagrama.pk}.{extension}"'
    respuesta["X-Content-Type-Options"] = "nosniff"
    respuesta["Content-Security-Policy"] = "default-src 'none'; sandbox"
    respuesta["Cache-Control"] = "private, max-age=3600"
    return respuesta
