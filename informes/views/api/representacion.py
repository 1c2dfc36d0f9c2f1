"""Reports, rows, diagrams and comments as the API writes them in JSON.

The 29 labels are keyed by their ``plantilla`` field name, each with the
template's label text, its section, its kind and its value (text or rows),
and its «No aplica» reason. Links are absolute: the client may follow them.
"""

from django.urls import reverse

from ... import completitud, filas, plantilla, policy
from ...models import ComentarioRevision, Diagrama, Informe
from .advertencias import advertencias
from .base import etag


def _url(request, nombre: str, *args) -> str:
    return request.build_absolute_uri(reverse(nombre, args=args))


def _fecha(valor) -> str | None:
    return valor.isoformat() if valor else None


def usuario(user) -> dict | None:
    if user is None:
        return None
    return {"usuario": user.get_username(), "nombre": user.get_full_name() or user.get_username()}


def diagrama(request, diagrama_: Diagrama) -> dict:
    return {
        "id": diagrama_.pk,
        "titulo": diagrama_.titulo,
        "leyenda": diagrama_.leyenda,
        "ancho": diagrama_.ancho,
        "alto": diagrama_.alto,
        "url": _url(request, "api:diagrama", diagrama_.informe_id, diagrama_.pk),
    }


def _etiqueta(request, informe: Informe, etiqueta: plantilla.Etiqueta, numero: int) -> dict:
    datos = {
        "etiqueta": etiqueta.texto,
        "seccion": numero,
        "tipo": etiqueta.tipo,
        "no_aplica": (informe.no_aplica or {}).get(etiqueta.campo, ""),
    }
    if etiqueta.campo == "diagramas":
        datos["filas"] = [diagrama(request, d) for d in informe.diagramas.all()]
    elif etiqueta.es_filas:
        tipo = filas.LISTAS[etiqueta.campo]
        datos["filas"] = [tipo.valores(f) for f in getattr(informe, etiqueta.campo).all()]
    else:
        datos["valor"] = getattr(informe, etiqueta.campo)
    return datos


def enlaces(request, informe: Informe) -> dict:
    pk = informe.pk
    return {
        "api": _url(request, "api:informe", pk),
        "pagina": _url(request, "informes:detalle", pk),
        "editar": _url(request, "informes:editar", pk),
        "comentarios": _url(request, "api:comentarios", pk),
        "diagramas": _url(request, "api:diagramas", pk),
        "markdown": _url(request, "api:exportar_md", pk),
        "zip": _url(request, "api:exportar_zip", pk),
        "pdf": _url(request, "api:exportar_pdf", pk),
    }


def informe(request, informe_: Informe) -> dict:
    """Everything the API tells of one report to the requesting user."""
    secciones = completitud.por_seccion(informe_)
    etiquetas = {
        e.campo: _etiqueta(request, informe_, e, s.numero)
        for s in plantilla.SECCIONES
        for e in s.etiquetas
    }
    return {
        "id": informe_.pk,
        "serie": str(informe_.serie),
        "version": informe_.version,
        "estado": informe_.estado,
        "estado_nombre": str(informe_.get_estado_display()),
        "etag": etag(informe_),
        "autor": usuario(informe_.autor),
        "coautores": [usuario(c) for c in informe_.coautores.all()],
        "creado": _fecha(informe_.creado),
        "actualizado": _fecha(informe_.actualizado),
        "enviado_en": _fecha(informe_.enviado_en),
        "aprobado_por": usuario(informe_.aprobado_por),
        "aprobado_en": _fecha(informe_.aprobado_en),
        "proxima_revision": _fecha(informe_.proxima_revision),
        "etiquetas": etiquetas,
        "completitud": [
            {
                "seccion": s.seccion.numero,
                "titulo": s.seccion.titulo,
                "llenas": s.llenas,
                "total": s.total,
                "completa": s.completa,
                "pendientes": [e.campo for e in s.pendientes],
            }
            for s in secciones
        ],
        "completo": all(s.completa for s in secciones),
        "acciones": sorted(policy.acciones_permitidas(informe_, request.user)),
        "enlaces": enlaces(request, informe_),
        "advertencias": advertencias(informe_),
    }


def fila_lista(request, informe_: Informe) -> dict:
    """A report as a row of the list: the columns the list page shows."""
    return {
        "id": informe_.pk,
        "url": _url(request, "api:informe", informe_.pk),
        "nombre_modelo": informe_.nombre_modelo,
        "version": informe_.version,
        "estado": informe_.estado,
        "autor": usuario(informe_.autor),
        "actualizado": _fecha(informe_.actualizado),
        "enviado_en": _fecha(informe_.enviado_en),
        "proxima_revision": _fecha(informe_.proxima_revision),
    }


def comentario(request, comentario_: ComentarioRevision) -> dict:
    return {
        "id": comentario_.pk,
        "seccion": comentario_.seccion,
        "texto": comentario_.texto,
        "autor": usuario(comentario_.autor),
        "creado": _fecha(comentario_.creado),
        "resuelto": comentario_.resuelto,
        "resuelto_por": usuario(comentario_.resuelto_por),
        "resuelto_en": _fecha(comentario_.resuelto_en),
        "respuesta_a": comentario_.respuesta_a_id,
        **{
            accion: _url(
                request, f"api:{accion}_comentario", comentario_.informe_id, comentario_.pk
            )
            for accion in ("resolver", "reabrir", "responder")
        },
    }
