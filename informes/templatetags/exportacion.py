"""Template helpers of the export and import pages; decisions stay in ``policy``."""

from django import template

from .. import policy
from ..models import ArchivoPDF

register = template.Library()


@register.filter
def puede_importar(user) -> bool:
    """Whether the page should offer "Importar Markdown" (``policy.puede_crear``)."""
    return policy.puede_crear(user)


@register.simple_tag
def archivo_pdf(informe):
    """The archived PDF/A of ``informe``, or None."""
    return ArchivoPDF.objects.filter(informe=informe).first()
