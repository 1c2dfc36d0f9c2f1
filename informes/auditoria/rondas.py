"""What the compare page can compare: each version as it is now and each review round of it.

A round (``models.RondaRevision``) is what a version held when it was sent to
review. The page names a point by ``?a=``/``?b=``: a version's id (the URLs of
earlier releases keep working) or ``r<id>`` for a round. By default it shows
what changed since the round a reviewer sent back, or since the previous
version when there is no such round.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _g

from ..flujo import Estado
from ..models import Informe, RondaRevision
from .instantaneas import instantanea


@dataclass
class Punto:
    """One side of a comparison: a version now, or one of its rounds."""

    informe: Informe
    ronda: RondaRevision | None = None
    _instantanea: dict | None = field(default=None, repr=False)

    @property
    def valor(self) -> str:
        return f"r{self.ronda.pk}" if self.ronda else str(self.informe.pk)

    @property
    def pk(self) -> int:
        """The version's id (what ``?a=`` held before rounds existed)."""
        return self.informe.pk

    @property
    def corto(self) -> str:
        """The column's heading: «v2» or «v2 · ronda 1»."""
        if self.ronda is None:
            return f"v{self.informe.version}"
        return _g("v%(version)s · ronda %(numero)s") % {
            "version": self.informe.version,
            "numero": self.ronda.numero,
        }

    @property
    def titulo(self) -> str:
        """The option's text: the heading with the estado now, or the round's date."""
        if self.ronda is None:
            return _g("%(corto)s · %(estado)s (ahora)") % {
                "corto": self.corto,
                "estado": self.informe.get_estado_display(),
            }
        fecha = formats.date_format(
            timezone.localtime(self.ronda.enviada_en), "SHORT_DATETIME_FORMAT"
        )
        return _g("%(corto)s · enviada %(fecha)s") % {"corto": self.corto, "fecha": fecha}

    def instantanea(self) -> dict:
        if self._instantanea is None:
            self._instantanea = self.ronda.instantanea if self.ronda else instantanea(self.informe)
        return self._instantanea


def puntos_de(versiones: Iterable[Informe]) -> dict[str, Punto]:
    """Every point of these versions, oldest first: each version's rounds, then the version now.

    One query for the rounds; a round's snapshot is read only when compared.
    """
    versiones = list(versiones)
    rondas: dict[int, list[RondaRevision]] = {v.pk: [] for v in versiones}
    for ronda in RondaRevision.objects.filter(informe__in=versiones).defer("instantanea"):
        rondas[ronda.informe_id].append(ronda)
    puntos: dict[str, Punto] = {}
    for version in versiones:
        for ronda in sorted(rondas[version.pk], key=lambda r: r.numero):
            punto = Punto(version, ronda)
            puntos[punto.valor] = punto
        punto = Punto(version)
        puntos[punto.valor] = punto
    return puntos


def ronda_devuelta(puntos: dict[str, Punto], informe: Informe) -> Punto | None:
    """The round to compare the version with now, by default, if any.

    Changes requested (or withdrawn to draft): the last round sent. In review
    again: the round before the one being reviewed, the one sent back.
    """
    rondas = [p for p in puntos.values() if p.ronda and p.informe.pk == informe.pk]
    if informe.estado in (Estado.CAMBIOS_SOLICITADOS, Estado.BORRADOR) and rondas:
        return rondas[-1]
    if informe.estado == Estado.EN_REVISION and len(rondas) >= 2:
        return rondas[-2]
    return None
