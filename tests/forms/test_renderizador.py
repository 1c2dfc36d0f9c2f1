"""forms.renderizador: the inputs and text areas it writes are exactly Django's templates'."""

from pathlib import Path

import django
import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import override_settings
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from informes.forms.renderizador import CARPETA, ENTRADAS, Renderizador
from tests.factories import InformeFactory
from tests.formularios import editar_url

PLANTILLAS = Path(django.__file__).parent / "forms" / "templates"
INCLUIR_ENTRADA = '{% include "django/forms/widgets/input.html" %}\n'

WIDGETS = [
    forms.TextInput,
    forms.HiddenInput,
    forms.CheckboxInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.Textarea,
]
VALORES = [None, "", "texto", 'a<b>&"\'c', " espacios ", "línea\nOtra\r\n", 0, 3.5, True,
           mark_safe("<i>seguro</i>")]  # fmt: skip
ATRIBUTOS = [
    {},
    {"class": "form-control", "rows": 4, "required": True, "disabled": False},
    {"data-x": 'a"b<c>', "aria-describedby": "id_a_helptext id_a_error", "maxlength": 200},
    {"value": "falso", "checked": True, "placeholder": mark_safe("&amp;")},
]


def iguales(widget: forms.Widget, valor, attrs: dict) -> None:
    contexto = widget.get_context("campo", valor, attrs)
    nombre = widget.template_name
    assert Renderizador().render(nombre, contexto) == DjangoTemplates().render(nombre, contexto)


def test_the_templates_it_copies_are_djangos_as_they_are():
    leer = (PLANTILLAS / CARPETA).joinpath
    for tipo in ENTRADAS:
        assert leer(f"{tipo}.html").read_text() == INCLUIR_ENTRADA, tipo
    assert leer("input.html").read_text() == (
        '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %}'
        " value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
        '{% include "django/forms/widgets/attrs.html" %}>\n'
    )
    assert leer("attrs.html").read_text() == (
        "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
        "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}"
        "{% endfor %}"
    )
    assert leer("textarea.html").read_text() == (
        '<textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>\n'
        "{% if widget.value %}{{ widget.value }}{% endif %}</textarea>\n"
    )


@pytest.mark.parametrize("clase", WIDGETS)
@pytest.mark.parametrize("valor", VALORES)
@pytest.mark.parametrize("attrs", ATRIBUTOS)
def test_each_widget_writes_what_its_template_writes(clase, valor, attrs):
    iguales(clase(), valor, attrs)


@settings(max_examples=200, deadline=None)
@given(
    clase=st.sampled_from(WIDGETS),
    valor=st.one_of(st.none(), st.text(), st.integers()),
    attrs=st.dictionaries(
        st.text(alphabet="abcdefghij-_", min_size=1, max_size=8),
        st.one_of(st.text(), st.booleans(), st.integers()),
        max_size=4,
    ),
)
def test_any_value_and_attributes_give_the_same_html(clase, valor, attrs):
    iguales(clase(), valor, attrs)


def test_other_widgets_still_go_through_their_templates():
    contexto = forms.Select(choices=[("a", "A<")]).get_context("campo", "a", {})
    nombre = "django/forms/widgets/select.html"
    assert Renderizador().render(nombre, contexto) == DjangoTemplates().render(nombre, contexto)


@pytest.mark.django_db
def test_the_edit_page_is_the_same_with_djangos_renderer(client):
    informe = InformeFactory()
    client.force_login(informe.autor)
    propia = client.get(editar_url(informe)).content.decode()
    with override_settings(FORM_RENDERER="django.forms.renderers.DjangoTemplates"):
        django_ = client.get(editar_url(informe)).content.decode()
    quitar = ('name="csrfmiddlewaretoken" value="', 'nonce="')
    assert _sin_fichas(propia, quitar) == _sin_fichas(django_, quitar)


def _sin_fichas(html: str, marcas) -> str:
    """The page without its per-request tokens (CSRF, CSP nonce)."""
    import re

    for marca in marcas:
        html = re.sub(re.escape(marca) + r'[^"]*"', marca + '"', html)
    return html
