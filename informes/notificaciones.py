"""Mails of the review workflow, sent through Django's mail framework.

Links are absolute, built from the ``INFORMES_URL_BASE`` setting (the address
users open the app at), since a mail is read outside any request. The services
send them only once the transition's transaction has committed.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import policy
from .models import Informe

logger = logging.getLogger(__name__)

ASUNTO_ENVIADO = _("Informe para revisar: %(informe)s")
ASUNTO_APROBADO = _("Informe aprobado: %(informe)s")
ASUNTO_CAMBIOS = _("Cambios solicitados en su informe: %(informe)s")


def url_absoluta(ruta: str) -> str:
    return settings.INFORMES_URL_BASE.rstrip("/") + ruta


def _destinatarios(usuarios) -> list[str]:
    return sorted({u.email for u in usuarios if u.is_active and u.email})


def revisores_para(informe: Informe) -> list[str]:
    """Active reviewers with an address, except the report's own authors."""
    autores = {informe.autor_id, *informe.coautores.values_list("pk", flat=True)}
    revisores = (
        get_user_model()
        .objects.filter(groups__name=policy.GRUPO_REVISORES, is_active=True)
        .exclude(email="")
        .exclude(pk__in=autores)
    )
    return _destinatarios(revisores)


def autores_de(informe: Informe) -> list[str]:
    return _destinatarios([informe.autor, *informe.coautores.all()])


def _enviar(*, asunto, plantilla: str, informe: Informe, para: list[str], **contexto) -> int:
    """One message per recipient, so nobody sees the others' addresses."""
    if not para:
        return 0
    contexto = {
        "informe": informe,
        "url_informe": url_absoluta(informe.get_absolute_url()),
        "url_cola": url_absoluta(reverse("revision:cola")),
        **contexto,
    }
    # A subject is one header line whatever the report's name holds.
    asunto = " ".join(str(asunto % {"informe": informe}).split())
    cuerpo = render_to_string(plantilla, contexto)
    mensajes = [EmailMessage(asunto, cuerpo, settings.DEFAULT_FROM_EMAIL, [d]) for d in para]
    try:
        return get_connection().send_messages(mensajes) or 0
    except OSError:
        # The transition already committed; a mail server down must not undo it
        # nor turn the user's click into an error page.
        logger.exception("No se pudo enviar la notificación de %s", informe.pk)
        return 0


def informe_enviado(informe: Informe) -> int:
    """Tell reviewers a report waits for them."""
    return _enviar(
        asunto=ASUNTO_ENVIADO,
        plantilla="informes/revision/correo/enviado.txt",
        informe=informe,
        para=revisores_para(informe),
    )


def informe_aprobado(informe: Informe, comentario: str = "") -> int:
    """Tell the authors their report was approved, with the reviewer's comment."""
    return _enviar(
        asunto=ASUNTO_APROBADO,
        plantilla="informes/revision/correo/aprobado.txt",
        informe=informe,
        para=autores_de(informe),
        comentario=comentario,
    )


def cambios_solicitados(informe: Informe, comentario: str) -> int:
    """Tell the authors a reviewer asked for changes, with the comment."""
    return _enviar(
        asunto=ASUNTO_CAMBIOS,
        plantilla="informes/revision/correo/cambios_solicitados.txt",
        informe=informe,
        para=autores_de(informe),
        comentario=comentario,
    )
