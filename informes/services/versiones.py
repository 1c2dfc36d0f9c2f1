"""A new version of an approved report: a draft copied from it, field by field, row by row."""

import os

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from .. import filas as tipos_de_fila
from .. import flujo, plantilla, policy
from ..flujo import Accion
from ..models import AccionAuditoria, Diagrama, Informe
from . import eventos
from .errores import ConflictoConcurrente, VersionAbierta
from .transiciones import exigir


def _copiar_diagramas(origen: Informe, destino: Informe) -> list[str]:
    """Copy each diagram into a new stored file; returns the new file names."""
    creados = []
    for diagrama in Diagrama.objects.filter(informe=origen):
        with diagrama.imagen.open("rb") as archivo:
            contenido = ContentFile(archivo.read(), name=os.path.basename(diagrama.imagen.name))
        copia = Diagrama(
            informe=destino, orden=diagrama.orden, **tipos_de_fila.DIAGRAMAS.valores(diagrama)
        )
        copia.poner_imagen(contenido)
        creados.append(copia.imagen.name)
        copia.save()
    return creados


@transaction.atomic
def informe_nueva_version(*, informe: Informe, usuario) -> Informe:
    """Start version n+1 of an approved report as a draft owned by ``usuario``.

    Copies every simple field, the "No aplica" marks, every row and every diagram
    (into new files). The creator becomes the author; the previous author and
    co-authors become co-authors, so nobody loses access. One open version per
    series: refused with ``VersionAbierta`` while a newer one is in progress.
    """
    regla = flujo.POR_ACCION[Accion.NUEVA_VERSION]
    if informe.estado in regla.desde and policy.tiene_version_abierta(informe):
        raise VersionAbierta
    exigir(informe, usuario, Accion.NUEVA_VERSION)
    # Lock the approved row so two clicks create one version.
    origen = (
        Informe.objects.select_for_update()
        .filter(pk=informe.pk, estado__in=regla.desde)
        .prefetch_related("coautores")
        .first()
    )
    if origen is None:
        raise ConflictoConcurrente
    abiertas = Informe.objects.filter(serie=origen.serie, estado__in=flujo.ESTADOS_ABIERTOS)
    if abiertas.exists():
        raise VersionAbierta
    ultima = Informe.objects.filter(serie=origen.serie).aggregate(n=Max("version"))["n"]
    nuevo = Informe(
        autor=usuario,
        serie=origen.serie,
        version=ultima + 1,
        estado=regla.hacia,
        no_aplica=dict(origen.no_aplica or {}),
        notas=dict(origen.notas or {}),
        # The same text holds the same examples: their marks (who, which version) go along.
        secretos_inofensivos=dict(origen.secretos_inofensivos or {}),
        **{c: getattr(origen, c) for c in plantilla.CAMPOS_SIMPLES},
    )
    try:
        with transaction.atomic():
            nuevo.save()
    except IntegrityError as error:
        raise ConflictoConcurrente from error
    coautores = {c.pk for c in origen.coautores.all()} | {origen.autor_id}
    nuevo.coautores.set(coautores - {usuario.pk})
    for tipo in tipos_de_fila.LISTAS.values():
        tipo.modelo.objects.bulk_create(
            tipo.modelo(informe=nuevo, orden=f.orden, **tipo.valores(f))
            for f in tipo.modelo.objects.filter(informe=origen)
        )
    creados = []
    try:
        creados = _copiar_diagramas(origen, nuevo)
        eventos.registrar(
            informe=nuevo,
            usuario=usuario,
            accion=AccionAuditoria.NUEVA_VERSION,
            estado_hasta=nuevo.estado,
            comentario=str(
                _("Creada a partir de la versión %(version)s.") % {"version": origen.version}
            ),
        )
    except Exception:
        for nombre in creados:
            Diagrama._meta.get_field("imagen").storage.delete(nombre)
        raise
    return nuevo
