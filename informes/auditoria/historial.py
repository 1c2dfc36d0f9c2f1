"""Reading the audit trail: a series' history for its page, a version's decisions for its PDF."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .. import plantilla
from ..models import AccionAuditoria, EventoAuditoria, Informe

# Changes to things outside the template's labels.
ETIQUETAS_EXTRA = {"coautores": _("Coautores"), "proxima_revision": _("Próxima revisión")}

# The decisions a report's PDF lists at its end.
DECISIONES_DE_REVISION = (
    AccionAuditoria.ENVIAR,
    AccionAuditoria.RETIRAR,
    AccionAuditoria.SOLICITAR_CAMBIOS,
    AccionAuditoria.APROBAR,
    AccionAuditoria.ARCHIVAR,
)


def eventos_de_serie(informe: Informe) -> QuerySet[EventoAuditoria]:
    """Every audit entry of the report's series, newest first, in two queries at most."""
    return (
        EventoAuditoria.objects.filter(serie=informe.serie)
        .select_related("usuario")
        .order_by("-momento", "-pk")
    )


def ultimo_guardado(informe: Informe) -> EventoAuditoria | None:
    """The latest save (or creation) of this version, with who made it."""
    return (
        EventoAuditoria.objects.filter(
            informe_id=informe.pk, accion__in=(AccionAuditoria.GUARDAR, AccionAuditoria.CREAR)
        )
        .select_related("usuario")
        .order_by("-momento", "-pk")
        .first()
    )


def etiqueta_de(campo: str) -> str:
    """The template's own label for a changed field."""
    if campo in ETIQUETAS_EXTRA:
        return str(ETIQUETAS_EXTRA[campo])
    if campo.startswith("notas."):  # a section's unclassified text
        return str(_("Texto sin clasificar de la sección %s") % campo.removeprefix("notas."))
    return plantilla.etiqueta(campo).texto


def con_etiquetas(cambios: list[dict]) -> list[dict]:
    """The recorded changes with the template's labels, for display."""
    return [{**c, "etiqueta": etiqueta_de(c["campo"])} for c in cambios]


def historial_revision(informe: Informe) -> list[dict]:
    """The version's review decisions, oldest first, as the PDF shows them."""
    eventos = (
        EventoAuditoria.objects.filter(informe_id=informe.pk, accion__in=DECISIONES_DE_REVISION)
        .select_related("usuario")
        .order_by("momento", "pk")
    )
    return [
        {
            "fecha": e.momento,
            "usuario": (e.usuario.get_full_name() or e.usuario.get_username()) if e.usuario else "",
            "decision": e.get_accion_display(),
            "comentario": e.comentario,
        }
        for e in eventos
    ]
