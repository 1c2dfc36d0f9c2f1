"""The report form's page, as the edit, preview and conflict views render it."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import limites, policy
from ..forms.diagramas import ERROR_DEMASIADOS
from ..models import Informe
from .paginas import contexto_revision

MENSAJE_ERRORES = _("El informe no se guardó: corrija los campos marcados.")
MENSAJE_ARCHIVOS_NO_CONSERVADOS = _(
    "Los archivos elegidos no se conservan en esta vista: vuelva a elegirlos antes de guardar."
)
VOLVER_FORMULARIO = "formulario"  # the comments' forms come back to this page


def aviso_archivos(request) -> str:
    """A page that does not save cannot keep chosen files: say so when there were some."""
    return str(MENSAJE_ARCHIVOS_NO_CONSERVADOS) if request.FILES else ""


def urls(informe: Informe | None) -> dict[str, str]:
    """Where the page posts its save, its autosave, its Markdown previews and its uploads.

    A new report has no upload address yet: the page's first autosave creates it.
    """
    if informe is None:
        return {
            "accion": reverse("informes:nuevo"),
            "autoguardar": reverse("informes:autoguardar_nuevo"),
            "vista_previa": reverse("informes:vista_previa_markdown"),
            "subir_diagramas": "",
        }
    return {
        "accion": reverse("informes:editar", args=[informe.pk]),
        "autoguardar": reverse("informes:autoguardar", args=[informe.pk]),
        "vista_previa": reverse("informes:vista_previa_markdown_informe", args=[informe.pk]),
        "subir_diagramas": reverse("informes:subir_diagramas", args=[informe.pk]),
    }


def mostrar(request, formulario, informe: Informe | None, *, status=200, **extra):
    """The form page, with the reviewers' comments beside each section of a stored report."""
    contexto = {
        "formulario": formulario,
        "bloques": formulario.bloques(),
        "informe": informe,
        "recuperado": False,
        "sin_guardar": formulario.ligado,
        "cantidad_errores": formulario.cantidad_errores() if extra.get("errores") else 0,
        "diagramas_guardados": formulario.diagramas.diagramas,
        "urls": urls(informe),
        "hay_conflicto": "conflicto" in extra,
        "maximo_archivos": limites.ARCHIVOS_POR_SUBIDA,
        "error_demasiados": ERROR_DEMASIADOS,
        "maximo_filas": limites.FILAS_MAXIMAS,
        "mensaje_errores": MENSAJE_ERRORES,
        "acciones": frozenset(),
        "comentarios": [],
        **extra,
    }
    if informe is not None:
        contexto["acciones"] = policy.acciones_permitidas(informe, request.user)
        contexto["volver_formulario"] = VOLVER_FORMULARIO
        contexto.update(contexto_revision(informe))
    return render(request, "informes/formulario.html", contexto, status=status)
