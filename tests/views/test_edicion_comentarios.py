"""Reviewers' comments in the edit form: beside their section, the general one on top,
resolvable by the authors from the form without nesting forms."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from informes import services
from informes.models import ComentarioRevision, Estado, EventoAuditoria, Informe
from tests.factories import analista, informe_completo, revisor

pytestmark = pytest.mark.django_db


class _Formularios(HTMLParser):
    """Records the deepest nesting of <form> elements and each form's id."""

    def __init__(self):
        super().__init__()
        self.profundidad = 0
        self.maxima = 0
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.profundidad += 1
            self.maxima = max(self.maxima, self.profundidad)
            self.ids.add(dict(attrs).get("id"))

    def handle_endtag(self, tag):
        if tag == "form":
            self.profundidad -= 1


def formularios_de(html: str) -> _Formularios:
    lector = _Formularios()
    lector.feed(html)
    return lector


def seccion_del_formulario(html: str, numero: int) -> str:
    """The HTML of section ``numero`` of the edit form, up to the next section."""
    encontrado = re.search(rf'<section id="seccion-{numero}".*?</section>', html, flags=re.DOTALL)
    assert encontrado, f"section {numero} not in the form"
    return encontrado.group(0)


def antes_del_formulario(html: str) -> str:
    return html.split('id="formulario-informe"', 1)[0]


@pytest.fixture
def informe_comentado():
    """A report sent back with comments on sections 2 and 5 and a general one."""
    rita = revisor()
    informe = informe_completo(estado=Estado.EN_REVISION)
    services.comentario_agregar(
        informe=informe, revisor=rita, texto="Indique la región de la nube.", seccion=2
    )
    services.comentario_agregar(
        informe=informe, revisor=rita, texto="Falta el criterio de reversión.", seccion=5
    )
    informe.refresh_from_db()
    services.informe_solicitar_cambios(
        informe=informe, revisor=rita, comentario="Atienda los dos comentarios."
    )
    return Informe.objects.get(pk=informe.pk)


def editar_url(informe):
    return reverse("informes:editar", args=[informe.pk])


def test_author_sees_each_comment_beside_its_section_in_the_form(client, informe_comentado):
    client.force_login(informe_comentado.autor)
    html = client.get(editar_url(informe_comentado)).content.decode()
    assert "Indique la región de la nube." in seccion_del_formulario(html, 2)
    assert "Falta el criterio de reversión." in seccion_del_formulario(html, 5)
    assert "Indique la región de la nube." not in seccion_del_formulario(html, 5)
    for numero in (1, 3, 4, 6, 7, 8, 9):
        assert 'data-testid="comentario"' not in seccion_del_formulario(html, numero)


def test_the_general_comment_is_at_the_top_of_the_form(client, informe_comentado):
    client.force_login(informe_comentado.autor)
    html = client.get(editar_url(informe_comentado)).content.decode()
    arriba = antes_del_formulario(html)
    assert 'data-testid="comentarios-0"' in arriba
    assert "Atienda los dos comentarios." in arriba


def test_thread_controls_in_the_form_submit_forms_placed_outside_it(client, informe_comentado):
    client.force_login(informe_comentado.autor)
    html = client.get(editar_url(informe_comentado)).content.decode()
    lector = formularios_de(html)
    assert lector.maxima == 1, "a form is nested inside another"
    abiertos = ComentarioRevision.objects.filter(informe=informe_comentado, resuelto=False)
    assert abiertos.count() == 3
    for comentario in abiertos:
        destino = f"hilo-{comentario.pk}"
        resolver = reverse(
            "informes:resolver_comentario", args=[informe_comentado.pk, comentario.pk]
        )
        responder = reverse(
            "informes:responder_comentario", args=[informe_comentado.pk, comentario.pk]
        )
        assert f'form="{destino}" formaction="{resolver}"' in html
        assert f'form="{destino}" formaction="{responder}"' in html
        assert f'<textarea id="respuesta-{comentario.pk}-texto" form="{destino}"' in html
        assert destino in lector.ids
    # The comment forms of reviewers never appear in the author's form.
    assert f'action="{reverse("informes:comentar", args=[informe_comentado.pk])}"' not in html


def test_author_resolves_a_comment_from_the_form_and_returns_to_it(client, informe_comentado):
    client.force_login(informe_comentado.autor)
    comentario = ComentarioRevision.objects.get(informe=informe_comentado, seccion=2)
    respuesta = client.post(
        reverse("informes:resolver_comentario", args=[informe_comentado.pk, comentario.pk]),
        {"volver": "formulario"},
    )
    assert respuesta.status_code == 302
    assert respuesta.url == f"{editar_url(informe_comentado)}#seccion-2"
    comentario.refresh_from_db()
    assert comentario.resuelto and comentario.resuelto_por == informe_comentado.autor
    html = client.get(editar_url(informe_comentado)).content.decode()
    seccion = seccion_del_formulario(html, 2)
    resolver = reverse("informes:resolver_comentario", args=[informe_comentado.pk, comentario.pk])
    reabrir = reverse("informes:reabrir_comentario", args=[informe_comentado.pk, comentario.pk])
    assert "Resuelto" in seccion and f'formaction="{resolver}"' not in seccion
    assert f'formaction="{reabrir}"' in seccion
    # Resolving is no content save: the form's counter is still valid.
    assert Informe.objects.get(pk=informe_comentado.pk).contador_cambios == (
        informe_comentado.contador_cambios
    )


def test_coauthor_may_resolve_from_the_form_too(informe_comentado):
    coautor = analista()
    informe_comentado.coautores.add(coautor)
    client = Client()
    client.force_login(coautor)
    html = client.get(editar_url(informe_comentado)).content.decode()
    assert "Marcar como resuelto" in html
    comentario = ComentarioRevision.objects.get(informe=informe_comentado, seccion=5)
    client.post(
        reverse("informes:resolver_comentario", args=[informe_comentado.pk, comentario.pk]),
        {"volver": "formulario"},
    )
    assert ComentarioRevision.objects.get(pk=comentario.pk).resuelto


def test_return_to_the_form_only_for_who_may_edit_and_never_to_a_posted_address(
    informe_comentado,
):
    rita = revisor()
    client = Client()
    client.force_login(rita)
    comentario = ComentarioRevision.objects.get(informe=informe_comentado, seccion=2)
    url = reverse("informes:resolver_comentario", args=[informe_comentado.pk, comentario.pk])
    respuesta = client.post(url, {"volver": "formulario"})
    # A reviewer may resolve but not edit: back to the detail page.
    assert respuesta.url.startswith(informe_comentado.get_absolute_url() + "#")
    autor = Client()
    autor.force_login(informe_comentado.autor)
    otro = ComentarioRevision.objects.get(informe=informe_comentado, seccion=5)
    respuesta = autor.post(
        reverse("informes:resolver_comentario", args=[informe_comentado.pk, otro.pk]),
        {"volver": "https://ejemplo.invalid/"},
    )
    assert respuesta.url.startswith(informe_comentado.get_absolute_url() + "#")


def test_a_draft_without_comments_shows_no_comment_area(client):
    informe = informe_completo()
    client.force_login(informe.autor)
    html = client.get(editar_url(informe)).content.decode()
    assert "comentarios-revision" not in html
    assert "resolver-comentario-" not in html


def test_the_new_report_form_has_no_comment_area(client):
    client.force_login(analista())
    html = client.get(reverse("informes:nuevo")).content.decode()
    assert "comentarios-revision" not in html


def test_resolving_from_the_form_is_recorded_in_the_trail(client, informe_comentado):
    client.force_login(informe_comentado.autor)
    comentario = ComentarioRevision.objects.get(informe=informe_comentado, seccion=2)
    client.post(
        reverse("informes:resolver_comentario", args=[informe_comentado.pk, comentario.pk]),
        {"volver": "formulario"},
    )
    assert EventoAuditoria.objects.filter(
        informe=informe_comentado, accion="resolver_comentario", usuario=informe_comentado.autor
    ).exists()


def test_resolving_a_general_comment_from_the_form_returns_to_it(client, informe_comentado):
    client.force_login(informe_comentado.autor)
    general = ComentarioRevision.objects.get(informe=informe_comentado, seccion=None)
    respuesta = client.post(
        reverse("informes:resolver_comentario", args=[informe_comentado.pk, general.pk]),
        {"volver": "formulario"},
    )
    assert respuesta.url == f"{editar_url(informe_comentado)}#comentario-{general.pk}"


def test_links_to_incomplete_sections_land_on_the_section_in_the_form(client):
    informe = informe_completo()
    Informe.objects.filter(pk=informe.pk).update(no_aplica={})
    client.force_login(informe.autor)
    respuesta = client.post(reverse("informes:enviar", args=[informe.pk]), follow=True)
    enlace = re.search(r'href="([^"]*#seccion-6)"', respuesta.content.decode()).group(1)
    ruta, ancla = enlace.split("#")
    html = client.get(ruta).content.decode()
    assert ruta == editar_url(informe)
    assert f'<section id="{ancla}"' in html
