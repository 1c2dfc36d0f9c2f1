"""A report's history (its series' audit trail, a page at a time) and «Comparar»: any two points.

The history groups an editing session's autosaves into one entry; the compare
page lays two points side by side (a version now, or a review round of one),
word by word inside texts and row by row in lists.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import auditoria, policy, selectors
from ..models import EventoAuditoria
from .acceso import obtener_visible, paginar

Accion = policy.Accion


@login_required
@require_GET
def historial(request, pk: int):
    """Every recorded transition and save of the report's series, newest first, 25 a page.

    The entries are laid out from the entries' light columns; only the page's
    recorded changes are read.
    """
    informe = obtener_visible(request, pk)
    policy.exigir(informe, request.user, Accion.HISTORIAL)
    eventos = list(auditoria.eventos_de_serie(informe).defer("cambios"))
    pagina = paginar(request, auditoria.agrupar(eventos))
    ids = [e.pk for entrada in pagina for e in entrada.eventos]
    cambios = dict(EventoAuditoria.objects.filter(pk__in=ids).values_list("pk", "cambios"))
    for entrada in pagina:
        if entrada.sesion:
            netos = auditoria.netos([cambios[e.pk] for e in reversed(entrada.eventos)])
            entrada.cambios_mostrados = auditoria.con_etiquetas(netos)
        else:
            entrada.cambios_mostrados = auditoria.con_etiquetas(cambios[entrada.evento.pk])
    contexto = {"informe": informe, "pagina": pagina, "entradas": list(pagina)}
    return render(request, "informes/revision/historial.html", contexto)


def _elegido(puntos: dict[str, auditoria.Punto], valor: str | None, defecto: auditoria.Punto):
    if valor in (None, ""):
        return defecto
    try:
        return puntos[valor]
    except KeyError as error:
        raise Http404 from error


@login_required
@require_GET
def comparar(request, pk: int):
    """Two points of the same series side by side (``?a=&b=``: a version's id or ``r<id>``).

    By default, what changed since the round a reviewer sent back, or since
    the previous version.
    """
    informe = obtener_visible(request, pk)
    policy.exigir(informe, request.user, Accion.COMPARAR)
    visibles = [
        v
        for v in selectors.versiones_de(informe.serie)
        if policy.puede(v, request.user, Accion.VER)
    ]
    puntos = auditoria.puntos_de(visibles)
    ahora = puntos[str(informe.pk)]
    anteriores = [p for p in puntos.values() if not p.ronda and p.informe.version < informe.version]
    defecto_a = auditoria.ronda_devuelta(puntos, informe) or (anteriores or [None])[-1]
    b = _elegido(puntos, request.GET.get("b"), ahora)
    a = _elegido(puntos, request.GET.get("a"), defecto_a or b)
    secciones = auditoria.comparar(a.instantanea(), b.instantanea())
    grupos = [(v, [p for p in puntos.values() if p.informe.pk == v.pk]) for v in visibles]
    contexto = {
        "informe": informe,
        "versiones": visibles,
        "grupos": grupos,
        "a": a,
        "b": b,
        "secciones": secciones,
        "hay_cambios": any(s.cambiada for s in secciones),
    }
    return render(request, "informes/revision/comparar.html", contexto)
