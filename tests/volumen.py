"""Reports created in bulk for the query-count tests of the list, its filters and the API."""

import datetime
import itertools

from django.utils import timezone

from informes.models import Estado, Informe
from tests.factories import analista

ESTADOS = [
    Estado.BORRADOR,
    Estado.EN_REVISION,
    Estado.CAMBIOS_SOLICITADOS,
    Estado.APROBADO,
]


# Every page a list user reaches, with the parameters that change its query.
PAGINAS_LISTA = [
    {},
    {"page": "2"},
    {"q": "fraude"},
    {"q": "árboles decisión"},
    {"q": "00007"},
    {"q": "fraude", "orden": "modelo"},
    {"q": "fraude", "estado": Estado.EN_REVISION, "page": "2"},
    {"q": "Zapata"},
    {"q": "de la"},
    {"estado": Estado.EN_REVISION},
    {"orden": "autor"},
    {"orden": "-modelo", "page": "3"},
    {"vencidos": "1"},
]


class Volumen:
    """Reports created in bulk: shared among a few analysts, some co-authored by
    ``ana``, in every open estado, some approved reports overdue."""

    def __init__(self):
        self.ana = analista(first_name="Ana", last_name="Zapata")
        self.otros = [analista() for _ in range(4)]  # five authors, four estados: all mix
        self.creados = 0

    def agregar(self, cantidad: int) -> None:
        ahora = timezone.now()
        hoy = timezone.localdate()
        autores = itertools.cycle([self.ana, *self.otros])
        nuevos = []
        for i in range(self.creados, self.creados + cantidad):
            estado = ESTADOS[i % len(ESTADOS)]
            nuevos.append(
                Informe(
                    autor=next(autores),
                    nombre_modelo=f"Detector de fraude {i:05d}",
                    descripcion_modelo="Clasifica transacciones con árboles de decisión.",
                    estado=estado,
                    enviado_en=ahora - datetime.timedelta(hours=i) if i % 3 else None,
                    proxima_revision=(
                        hoy - datetime.timedelta(days=1 + i % 5)
                        if estado == Estado.APROBADO
                        else None
                    ),
                )
            )
        Informe.objects.bulk_create(nuevos)
        # ana co-authors one report in five among the others' reports.
        relacion = Informe.coautores.through
        ajenos = Informe.objects.exclude(autor=self.ana).order_by("pk")[self.creados // 5 :]
        relacion.objects.bulk_create(
            [
                relacion(informe_id=pk, user_id=self.ana.pk)
                for pk in ajenos.values_list("pk", flat=True)[::5]
            ],
            ignore_conflicts=True,
        )
        self.creados += cantidad
