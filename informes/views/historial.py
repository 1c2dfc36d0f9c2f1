"""A report's history: the audit trail of its series, and two versions side by side."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import auditoria, policy, selectors
from ..models import Informe
from .acceso import obtener_visible

Accion = policy.Accion


@login_required
@require_GET
def historial(request, pk: int):
    """Every recorded transition and save of the report's series, newest first."""
    informe = obtener_visible(request, pk)
    policy.exigir(informe, request.user, Accion.HISTORIAL)
    eventos = list(auditoria.eventos_de_serie(informe))
    for evento in eventos:
        evento.cambios_mostrados = auditoria.con_etiquetas(evento.cambios)
    return render(
        request, "informes/revision/historial.html", {"informe": informe, "eventos": eventos}
    )


def _version_elegida(versiones: dict[int, Informe], valor: str | None, defecto: Informe):
    if valor in (None, ""):
        return defecto
    try:
        return versiones[int(valor)]
    except (ValueError, KeyError) as error:
        raise Http404 from error


@login_required
@require_GET
def comparar(request, pk: int):
    """Two versions of the same series side by side (``?a=<id>&b=<id>``)."""
    informe = obtener_visible(request, pk)
    policy.exigir(informe, request.user, Accion.COMPARAR)
    visibles = [
        v
        for v in selectors.versiones_de(informe.serie)
        if policy.puede(v, request.user, Accion.VER)
    ]
    por_pk = {v.pk: v for v in visibles}
    anteriores = [v for v in visibles if v.version < informe.version]
    b = _version_elegida(por_pk, request.GET.get("b"), por_pk.get(informe.pk, informe))
    a = _version_elegida(por_pk, request.GET.get("a"), anteriores[-1] if anteriores else b)
    secciones = auditoria.comparar(auditoria.instantanea(a), auditoria.instantanea(b))
    contexto = {
        "informe": informe,
        "versiones": visibles,
        "a": a,
        "b": b,
        "secciones": secciones,
        "hay_cambios": any(s.cambiada for s in secciones),
    }
    return render(request, "informes/revision/comparar.html", contexto)
