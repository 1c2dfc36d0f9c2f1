"""Row kinds are declared once: models, forms, export, import and pages all follow ``filas``."""

import pytest
from django.urls import reverse

from informes import completitud, demo, filas, limites, plantilla
from informes.forms import FORMSETS_FILAS, FormularioInforme
from tests.factories import InformeFactory


def test_every_listed_label_of_the_template_has_its_kind():
    assert set(filas.TIPOS) == {e.campo for e in plantilla.ETIQUETAS if e.es_filas}
    for tipo in filas.TIPOS.values():
        campos = {f.name for f in tipo.modelo._meta.fields}
        assert set(tipo.nombres) <= campos, tipo.campo
        assert tipo.modelo._meta.get_field("informe").remote_field.related_name == tipo.campo


def test_a_unique_key_is_a_database_constraint_too():
    for tipo in filas.TIPOS.values():
        unicas = {tuple(r.fields) for r in tipo.modelo._meta.constraints if hasattr(r, "fields")}
        assert (("informe", *tipo.clave) in unicas) == tipo.clave_unica, tipo.campo
        assert bool(tipo.mensaje_repetida) == tipo.clave_unica


def test_the_forms_edit_exactly_the_declared_columns():
    assert set(FORMSETS_FILAS) == set(filas.LISTAS)
    for campo, clase in FORMSETS_FILAS.items():
        formset = clase(prefix=campo)
        assert tuple(c for c in formset.empty_form.fields if c != "DELETE") == (
            filas.LISTAS[campo].nombres
        )
        assert formset.absolute_max == limites.FILAS_LEIDAS


@pytest.mark.parametrize(
    ("tipo", "filas_demo"),
    [
        (filas.BIBLIOTECAS, demo.BIBLIOTECAS),
        (filas.RUTAS, demo.RUTAS),
        (filas.VARIABLES, demo.VARIABLES),
    ],
)
def test_each_kind_reads_back_the_list_item_it_writes(tipo, filas_demo):
    for fila in filas_demo:
        valores = tipo.valores(fila)
        assert tipo.leer(tipo.escribir(valores)) == valores


def test_a_long_list_reads_only_as_many_rows_as_the_form_holds():
    elementos = [f"paquete{n} 1.{n}" for n in range(limites.FILAS_MAXIMAS + 5)]
    leidas, sobrantes = filas.BIBLIOTECAS.leer_lista(elementos)
    assert len(leidas) == limites.FILAS_MAXIMAS
    assert sobrantes == list(range(limites.FILAS_MAXIMAS, limites.FILAS_MAXIMAS + 5))


def test_a_repeated_unique_key_stays_as_text():
    leidas, sobrantes = filas.VARIABLES.leer_lista(["`A`: uno", "`A`: dos"])
    assert [f["proposito"] for f in leidas] == ["uno"]
    assert sobrantes == [1]


@pytest.mark.parametrize(
    ("valor", "motivo", "llena"),
    [
        ("", "", False),
        ("  ", "", False),
        ("texto", "", True),
        ("", "No hay GPU", True),
        ([], "", False),
        ([{"nombre": "", "version": " "}], "", False),
        ([{"nombre": "numpy", "version": ""}], "", True),
        ([], "  ", False),
    ],
)
def test_one_rule_says_whether_a_label_is_filled(valor, motivo, llena):
    assert completitud.llena(valor, motivo) is llena


@pytest.mark.django_db
def test_the_edit_page_gives_its_script_the_same_rule_the_form_counts_with(client):
    informe = InformeFactory()
    client.force_login(informe.autor)
    respuesta = client.get(reverse("informes:editar", args=[informe.pk]))
    regla = FormularioInforme(informe=informe).regla_completitud()
    assert set(regla) == {e.campo for e in plantilla.ETIQUETAS}
    assert regla["variables_entorno"]["filas"] == {
        "prefijo": "variables_entorno",
        "columnas": ["nombre", "proposito", "valor_ejemplo"],
    }
    assert regla["nombre_modelo"]["campos"] == ["nombre_modelo"]
    assert respuesta.context["formulario"].regla_completitud() == regla
    html = respuesta.content.decode()
    assert "data-regla-completitud=" in html
    assert "&quot;prefijo&quot;: &quot;variables_entorno&quot;" in html


@pytest.mark.django_db
def test_the_detail_page_lays_out_each_kind_by_its_columns(client):
    informe = InformeFactory()
    client.force_login(informe.autor)
    html = client.get(reverse("informes:detalle", args=[informe.pk])).content.decode()
    for tipo in filas.LISTAS.values():
        for columna in tipo.columnas:
            assert f'<th scope="col">{columna.titulo}</th>' in html
    variable = demo.VARIABLES[0]
    assert f"<td><code>{variable['nombre']}</code></td>" in html
