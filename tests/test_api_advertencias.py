"""The API's warnings (views/api/advertencias.py): a detector run over every text of a
report, rows and «No aplica» reasons included, each finding named by its field."""

import re
from dataclasses import dataclass

import pytest

from informes.models import Informe
from informes.views.api.advertencias import advertencias, textos

from .factories import InformeFactory

pytestmark = pytest.mark.django_db


@dataclass
class Hallazgo:
    descripcion: str


def detector(texto: str, *, nombre: str = "") -> list[Hallazgo]:
    """A small real detector: a password in a URL, or any value of a variable named *_KEY."""
    encontrados = []
    if re.search(r"://[^/@\s:]+:[^/@\s]+@", texto):
        encontrados.append(Hallazgo("Contraseña en una URL"))
    if nombre.endswith("_KEY"):
        encontrados.append(Hallazgo(f"Valor de la variable {nombre}"))
    return encontrados


def test_every_text_of_the_report_is_checked_and_each_finding_says_where():
    informe = InformeFactory(instrucciones_configuracion="DATABASE_URL=postgres://u:clave@db/x")
    informe.variables_entorno.create(nombre="API_KEY", valor_ejemplo="abc", orden=5)
    Informe.objects.filter(pk=informe.pk).update(
        no_aplica={"diagramas": "ver https://yo:secreto@intranet/plano"}
    )
    informe.refresh_from_db()
    assert advertencias(informe, detector) == [
        {"campo": "no_aplica.diagramas", "descripcion": "Contraseña en una URL"},
        {
            "campo": "variables_entorno.2.valor_ejemplo",
            "descripcion": "Valor de la variable API_KEY",
        },
        {"campo": "instrucciones_configuracion", "descripcion": "Contraseña en una URL"},
    ]


def test_the_texts_are_the_labels_and_the_rows_values():
    informe = InformeFactory()
    lugares = [donde for donde, _nombre, _texto in textos(informe)]
    assert "nombre_modelo" in lugares and "bibliotecas.0.version" in lugares
    assert "variables_entorno.0.valor_ejemplo" in lugares
    assert all(texto for _donde, _nombre, texto in textos(informe))
