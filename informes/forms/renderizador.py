"""The forms' renderer: Django's, with plain inputs and text areas written in Python.

The edit page draws about 140 inputs, and Django draws each through two or three
templates (``text.html`` includes ``input.html``, which includes ``attrs.html``):
most of that page's time. These widgets' templates are a few lines with no logic
beyond escaping, so the same HTML is written here directly; every other template
(selects, radios, the forms' own layouts, crispy's) goes through the template
engine as before. ``tests/forms/test_renderizador.py`` holds the output equal to
Django's templates, and the templates' source equal to what this module copies,
so a Django upgrade that changes them fails the tests instead of the pages.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeData, SafeString, mark_safe

CARPETA = "django/forms/widgets/"
# Widgets whose template is only ``{% include "django/forms/widgets/input.html" %}``.
ENTRADAS = ("text", "hidden", "checkbox", "number", "email", "url", "password")


def _como_texto(valor) -> str:
    """``{{ valor|stringformat:'s' }}``: the value as text, still safe if it was."""
    return valor if isinstance(valor, SafeData) else str(valor)


def atributos(widget: dict) -> SafeString:
    """``attrs.html``: each attribute but False ones; True ones by their name only."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", nombre) if valor is True else
             format_html(' {}="{}"', nombre, _como_texto(valor)),)
            for nombre, valor in widget["attrs"].items()
            if valor is not False
        ),
    )  # fmt: skip


def entrada(widget: dict) -> SafeString:
    """``input.html``."""
    valor = ""
    if widget["value"] is not None:
        valor = format_html(' value="{}"', _como_texto(widget["value"]))
    return format_html(
        '<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], valor,
        atributos(widget),
    )  # fmt: skip


def area_de_texto(widget: dict) -> SafeString:
    """``textarea.html``: the newline after the opening tag is the template's own."""
    valor = widget["value"] or ""
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>', widget["name"], atributos(widget), valor
    )


ESCRITORES = {
    **{f"{CARPETA}{tipo}.html": entrada for tipo in ENTRADAS},
    f"{CARPETA}input.html": entrada,
    f"{CARPETA}textarea.html": area_de_texto,
}


class Renderizador(DjangoTemplates):
    """``FORM_RENDERER``: the widgets of ``ESCRITORES`` in Python, the rest by template."""

    def render(self, template_name, context, request=None):
        escribir = ESCRITORES.get(template_name)
        if escribir is None:
            return super().render(template_name, context, request=request)
        return mark_safe(escribir(context["widget"]))  # noqa: S308 (format_html escaped it)
