import pytest
from django.core.exceptions import ValidationError

from informes import demo, plantilla, policy
from informes.models import Estado, Informe, VariableEntorno
from tests.factories import InformeFactory, analista

pytestmark = pytest.mark.django_db


def test_every_field_of_a_filled_report_is_saved_and_read_back():
    informe = InformeFactory()
    guardado = Informe.objects.get(pk=informe.pk)
    for campo, valor in demo.CAMPOS.items():
        assert getattr(guardado, campo) == valor, campo
    assert [(b.nombre, b.version) for b in guardado.bibliotecas.all()] == [
        (b["nombre"], b["version"]) for b in demo.BIBLIOTECAS
    ]
    assert [r.ruta for r in guardado.rutas.all()] == [r["ruta"] for r in demo.RUTAS]
    assert [v.nombre for v in guardado.variables_entorno.all()] == [
        v["nombre"] for v in demo.VARIABLES
    ]


def test_demo_covers_every_simple_label():
    assert set(demo.CAMPOS) == set(plantilla.CAMPOS_SIMPLES)


def test_new_report_is_a_first_version_draft_with_a_series_identity():
    informe = InformeFactory()
    assert informe.estado == Estado.BORRADOR
    assert informe.version == 1
    assert informe.contador_cambios == 0
    assert informe.serie is not None


def test_versions_of_one_series_are_unique():
    from django.db import IntegrityError, transaction

    informe = InformeFactory(filas=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Informe.objects.create(autor=informe.autor, serie=informe.serie, version=1)


@pytest.mark.parametrize("version", ["3.11", "3.11.4", "3.12rc1"])
def test_python_version_accepts_release_strings(version):
    InformeFactory.build(autor=analista(), version_python=version).full_clean()


@pytest.mark.parametrize("version", ["tres", "3..11", "3.11 ; rm -rf /", "v3"])
def test_python_version_rejects_malformed_strings(version):
    with pytest.raises(ValidationError) as error:
        InformeFactory.build(autor=analista(), version_python=version).full_clean()
    assert "version_python" in error.value.message_dict


def test_environment_variable_names_are_unique_per_report():
    informe = InformeFactory(filas=False)
    VariableEntorno.objects.create(informe=informe, nombre="MODEL_PATH")
    with pytest.raises(ValidationError):
        VariableEntorno(informe=informe, nombre="MODEL_PATH").full_clean()


def test_visible_reports_for_analyst_are_own_and_coauthored():
    ana, otro = analista(), analista()
    propio = InformeFactory(autor=ana, filas=False)
    coautorado = InformeFactory(autor=otro, filas=False)
    coautorado.coautores.add(ana)
    ajeno = InformeFactory(autor=otro, filas=False)
    visibles = set(policy.informes_visibles(ana))
    assert visibles == {propio, coautorado}
    assert ajeno not in visibles
