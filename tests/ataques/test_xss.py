"""Hostile Markdown: a corpus of known XSS vectors, rendered by ``markdown_seguro``,
saved through the real form, shown on the detail page and in the preview,
imported from a Markdown file and printed in the PDF. None may come out live.

The browser half (``tests/browser/test_xss.py``) opens the same pages in Chromium.
Every vector that could run sets ``window.__xss`` and calls ``alert``.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from informes import markdown_seguro
from informes.exporters import markdown as exportar_markdown
from informes.exporters import pdf
from informes.models import Informe
from tests.factories import InformeFactory
from tests.formularios import datos_formulario
from tests.xss import (
    CAMPOS_MARKDOWN,
    ESQUEMAS_PERMITIDOS,
    GUARDABLES,
    VECTORES,
    P,
    esquema,
    problemas_de_la_pagina,
    problemas_del_fragmento,
    repartidos,
    sin_controles,
)


def test_the_corpus_holds_at_least_25_vectors():
    assert len(set(VECTORES)) == len(VECTORES) >= 25


def test_the_checker_catches_what_it_must():
    """The checks are not blind: unsanitized vectors fail them."""
    assert problemas_del_fragmento(f'<a href="java&#9;script:{P}">x</a>')
    assert problemas_del_fragmento(f"<img src=x onerror={P}>")
    assert problemas_de_la_pagina(f"<p>x</p><script>{P}</script>")
    assert problemas_de_la_pagina('<a href="&#x6A;avascript:alert(1)">x</a>')
    assert not problemas_de_la_pagina('<script src="/static/informes/js/formulario.js"></script>')


@pytest.mark.parametrize("vector", VECTORES)
def test_renderizar_leaves_nothing_live(vector):
    assert problemas_del_fragmento(str(markdown_seguro.renderizar(vector))) == []


def test_renderizar_keeps_only_the_reports_own_images():
    propia = "/informes/1/diagramas/2/"
    html_ = str(markdown_seguro.renderizar(f"![a]({propia}) ![b](/otra.png)", [propia]))
    assert f'src="{propia}"' in html_ and "/otra.png" not in html_
    assert problemas_del_fragmento(html_, [propia]) == []


# --- Through the app.


@pytest.fixture
def hostil(client, media_temporal):
    """A draft whose Markdown fields hold the whole corpus, saved through the form,
    with hostile text in one-line and row fields too."""
    informe = InformeFactory()
    client.force_login(informe.autor)
    datos = datos_formulario(
        informe,
        **repartidos(),
        nombre_modelo=f"<script>{P}</script>",
        plataforma_despliegue=f'"><img src=x onerror={P}>',
        **{"rutas-0-proposito": f"<svg onload={P}>"},
    )
    respuesta = client.post(reverse("informes:editar", args=[informe.pk]), datos)
    assert respuesta.status_code == 302
    informe.refresh_from_db()
    assert informe.nombre_modelo == f"<script>{P}</script>"  # stored as typed
    return informe


@pytest.mark.django_db
def test_vectors_hiding_control_characters_are_refused_by_the_form(client):
    ocultos = [v for v in VECTORES if v not in GUARDABLES]
    assert ocultos, "the corpus should keep at least one such vector"
    informe = InformeFactory()
    client.force_login(informe.autor)
    for vector in ocultos:
        datos = datos_formulario(informe, descripcion_modelo=vector)
        respuesta = client.post(reverse("informes:editar", args=[informe.pk]), datos)
        assert respuesta.status_code == 400
    assert Informe.objects.get(pk=informe.pk).contador_cambios == informe.contador_cambios


@pytest.mark.django_db
def test_the_detail_page_shows_every_vector_inert(client, hostil):
    pagina = client.get(reverse("informes:detalle", args=[hostil.pk])).content.decode()
    assert problemas_de_la_pagina(pagina) == []
    assert "&lt;script&gt;" in pagina  # the one-line field is shown as text


@pytest.mark.django_db
def test_the_edit_page_and_its_whole_report_preview_show_every_vector_inert(client, hostil):
    url = reverse("informes:editar", args=[hostil.pk])
    assert problemas_de_la_pagina(client.get(url).content.decode()) == []
    datos = datos_formulario(hostil, accion="vista_previa")
    vista = client.post(url, datos)
    assert vista.status_code == 200
    assert problemas_de_la_pagina(vista.content.decode()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("vector", VECTORES)
def test_the_markdown_preview_endpoint_returns_every_vector_inert(client, hostil, vector):
    url = reverse("informes:vista_previa_markdown_informe", args=[hostil.pk])
    respuesta = client.post(url, {"texto": vector})
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"].startswith("application/json")
    assert problemas_del_fragmento(respuesta.json()["html"]) == []


@pytest.mark.django_db
def test_an_imported_markdown_file_with_every_vector_is_shown_inert(client, hostil):
    # The importer refuses control characters (as binary); the form keeps them.
    texto = sin_controles(exportar_markdown.exportar(hostil))
    archivo = SimpleUploadedFile("hostil.md", texto.encode(), content_type="text/markdown")
    respuesta = client.post(reverse("informes:importar"), {"archivo": archivo})
    assert respuesta.status_code == 302
    nuevo = Informe.objects.exclude(pk=hostil.pk).get()
    for campo in CAMPOS_MARKDOWN:
        assert getattr(nuevo, campo) == sin_controles(getattr(hostil, campo))
    resumen = client.get(respuesta.url).content.decode()
    assert problemas_de_la_pagina(resumen) == []
    pagina = client.get(reverse("informes:detalle", args=[nuevo.pk])).content.decode()
    assert problemas_de_la_pagina(pagina) == []


def enlaces_del_pdf(datos: bytes) -> list[str]:
    enlaces = []
    for pagina in PdfReader(io.BytesIO(datos)).pages:
        for anotacion in pagina.get("/Annots") or []:
            accion = anotacion.get_object().get("/A")
            if accion is not None:
                accion = accion.get_object()
                enlaces.append(str(accion.get("/URI", accion.get("/S"))))
    return enlaces


@pytest.mark.django_db
def test_no_vector_becomes_a_live_link_or_script_in_the_pdf(hostil):
    datos = pdf.exportar(hostil)
    enlaces = enlaces_del_pdf(datos)
    malos = [e for e in enlaces if esquema(e) not in (None, *ESQUEMAS_PERMITIDOS)]
    assert malos == []
    assert b"/JavaScript" not in datos and b"/JS " not in datos and b"/Launch" not in datos


@pytest.mark.django_db
def test_the_pdf_link_check_sees_links(media_temporal):
    """A report with an ordinary link has it as an annotation (the check is not blind)."""
    informe = InformeFactory(descripcion_modelo="[sitio](https://ejemplo.org/a)")
    assert "https://ejemplo.org/a" in enlaces_del_pdf(pdf.exportar(informe))
