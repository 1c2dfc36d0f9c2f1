"""Possible credentials in a report: where each is in the form, the send refusal, the mark."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import services
from ..forms.secciones import nombre_no_aplica, nombre_nota
from ..models import Informe
from ..secretos import en_informe
from .acceso import obtener_visible

# The id of the detail page's list of findings.
ANCLA_LISTA = "secretos"


def ancla(hallazgo: dict) -> str:
    """The id of the form's input that holds the finding (``secretos.en_informe`` dicts)."""
    campo, columna, fila = hallazgo["campo"], hallazgo["columna"], hallazgo["fila"]
    if campo.startswith(en_informe.PREFIJO_NOTA):
        return f"id_{nombre_nota(int(campo.removeprefix(en_informe.PREFIJO_NOTA)))}"
    if columna == "no_aplica":
        return f"id_{nombre_no_aplica(campo)}"
    if fila is not None:
        return f"id_{campo}-{fila}-{columna}"
    return f"id_{campo}"


def url_en_formulario(informe: Informe, hallazgo: dict) -> str:
    """Where to remove the finding: its input in the edit form."""
    return f"{reverse('informes:editar', args=[informe.pk])}#{ancla(hallazgo)}"


def mensaje_secretos(informe: Informe, hallazgos: list[dict]):
    """The send refusal: each finding with a link to its field, as the incomplete report's."""
    recorte = en_informe.recortar(hallazgos)
    elementos = format_html_join(
        "",
        '<li><a href="{}">{}</a>: {} (<code>{}</code>)</li>',
        (
            (url_en_formulario(informe, h), en_informe.donde(h), h["descripcion"], h["extracto"])
            for h in recorte["lista"]
        ),
    )
    if recorte["restantes"]:
        elementos += format_html("<li>{}</li>", mas(recorte["restantes"]))
    return format_html(
        '{}<ul class="mb-0" data-testid="secretos-pendientes">{}</ul><a href="{}">{}</a>',
        services.MENSAJE_SECRETOS,
        elementos,
        f"{informe.get_absolute_url()}#{ANCLA_LISTA}",
        services.MENSAJE_VER_SECRETOS,
    )


def mas(restantes: int) -> str:
    return ngettext(
        "y %(n)s posible credencial más", "y %(n)s posibles credenciales más", restantes
    ) % {"n": restantes}


@login_required
@require_POST
def marcar_inofensivo(request, pk: int):
    """An author marks one finding (``huella``) as a harmless example; back to the list."""
    informe = obtener_visible(request, pk)
    try:
        hallazgo = services.secreto_marcar_inofensivo(
            informe=informe, usuario=request.user, huella=request.POST.get("huella", "")
        )
    except services.ErrorRevision as error:
        messages.error(request, error.mensaje)
    else:
        messages.success(request, services.MENSAJE_INOFENSIVO % hallazgo)
    return redirect(f"{informe.get_absolute_url()}#{ANCLA_LISTA}")
