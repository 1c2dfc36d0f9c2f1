"""The text a report's labels may hold together (``limites.TEXTO_POR_INFORME``), checked once.

Saves (form and autosave) and imports both refuse a report past it, before
anything is written, so that every stored report can be exported as a PDF
well within the export's deadline.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .. import limites, plantilla

MENSAJE_TEXTO_EXCEDIDO = _(
    "El informe tiene %(total)s caracteres de texto entre todas sus etiquetas, sus motivos "
    "de «No aplica» y su texto sin clasificar; el máximo es %(maximo)s, para que su PDF se "
    "pueda generar a tiempo. Acorte el texto de alguna etiqueta."
)


def texto_total(
    textos: Iterable[str],
    motivos: Mapping[str, str] | None = None,
    notas: Mapping[str, str] | None = None,
) -> int:
    """Characters of the labels' ``textos``, the «No aplica» ``motivos`` and the
    sections' unclassified ``notas`` together."""
    sueltos = [*(motivos or {}).values(), *(notas or {}).values()]
    return sum(len(t or "") for t in textos) + sum(len(t or "") for t in sueltos)


def exigir_texto_maximo(
    textos: Iterable[str],
    motivos: Mapping[str, str] | None = None,
    notas: Mapping[str, str] | None = None,
) -> None:
    """Refuse (ValidationError, nothing written) text past ``limites.TEXTO_POR_INFORME``."""
    total = texto_total(textos, motivos, notas)
    if total > limites.TEXTO_POR_INFORME:
        raise ValidationError(
            MENSAJE_TEXTO_EXCEDIDO,
            code="texto_excedido",
            params={
                "total": number_format(total, force_grouping=True),
                "maximo": number_format(limites.TEXTO_POR_INFORME, force_grouping=True),
            },
        )


def exigir_texto_del_informe(
    informe, motivos: Mapping[str, str] | None, notas: Mapping[str, str] | None = None
) -> None:
    """The same for ``informe`` as it is about to be stored (its fields as set)."""
    exigir_texto_maximo((getattr(informe, c) for c in plantilla.CAMPOS_SIMPLES), motivos, notas)
