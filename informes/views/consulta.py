"""Reading reports: the list, a report's page, its diagrams, and the health check."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import flujo, selectors
from ..descargas import responder_archivo
from ..models import Diagrama, Estado
from .acceso import obtener_visible, paginar
from .paginas import contexto_detalle

COLUMNAS = [
    ("modelo", _("Modelo")),
    ("version", _("Versión")),
    ("estado", _("Estado")),
    ("autor", _("Autor")),
    ("actualizado", _("Último cambio")),
]


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


@login_required
def lista(request):
    """The reports the user may see: searched, filtered, sorted, 25 a page.

    ``?vencidos=1`` keeps only approved reports past their next review date. A
    malformed filter (one no link of the page writes) answers 400 with the list
    without it and a message saying so; a page number out of range shows the
    last page, a malformed one the first.
    """
    filtros = {k: request.GET.get(k, "") for k in ("q", "estado", "autor", "orden")}
    vencidos = request.GET.get("vencidos") == "1"
    filtrado = selectors.informes_filtrados(request.user, vencidos=vencidos, **filtros)
    for error in filtrado.errores:
        messages.error(request, error)
    orden = filtrado.orden
    pagina = paginar(request, filtrado.informes)
    # The query string without the page, for the pagination links.
    consulta = request.GET.copy()
    consulta.pop("page", None)
    sin_orden = consulta.copy()
    sin_orden.pop("orden", None)
    columnas = []
    for clave, titulo in COLUMNAS:
        activa = orden.removeprefix("-") == clave
        descendente = activa and orden.startswith("-")
        siguiente = clave if (not activa or descendente) else f"-{clave}"
        enlace = sin_orden.copy()
        enlace["orden"] = siguiente
        columnas.append(
            {
                "titulo": titulo,
                "url": f"?{enlace.urlencode()}",
                "aria_sort": ("descending" if descendente else "ascending") if activa else "",
            }
        )
    contexto = {
        "pagina": pagina,
        "consulta": consulta.urlencode(),
        "filtros": filtros,
        "columnas": columnas,
        "estados": [(e.value, e.label) for e in Estado if e in flujo.VISIBLES],
        "autores": selectors.autores_visibles(request.user),
        "hay_filtros": vencidos or any(filtros[k] for k in ("q", "estado", "autor")),
        "vencidos": vencidos,
    }
    return render(request, "informes/lista.html", contexto, status=400 if filtrado.errores else 200)


@login_required
def detalle(request, pk: int):
    """A report rendered section by section, as its export lays it out.

    The sections come from the shared cache, so the report's rows are read
    only when its content changed since the page was last shown.
    """
    informe = obtener_visible(request, pk, leer=selectors.informe_para_pagina)
    contexto = contexto_detalle(request, informe)
    return render(request, "informes/detalle.html", contexto)


@login_required
def diagrama(request, pk: int, diagrama_pk: int):
    """A diagram's image, after the same check as its report."""
    informe = obtener_visible(request, pk)
    diagrama = get_object_or_404(Diagrama, pk=diagrama_pk, informe=informe)
    extension = diagrama.imagen.name.rsplit(".", 1)[-1]
    return responder_archivo(diagrama.imagen, nombre=f"diagrama-{diagrama.pk}.{extension}")
