"""Hostile Markdown in a real browser: every vector of the corpus typed into the
form, previewed, saved, shown on the detail page and imported back. The ``pagina``
fixture fails on any dialog or page error; here the page must also keep
``window.__xss`` undefined, hold no script but the app's own, no ``on*``
attribute, no link or image with a scheme other than http, https or mailto, and
ask nothing from any other host."""

import pytest

from informes import markdown_seguro
from informes.exporters import markdown as exportar_markdown
from informes.models import Informe
from tests.browser.paginas import iniciar_sesion
from tests.factories import CONTRASENA, InformeFactory
from tests.xss import CAMPOS_MARKDOWN, repartidos, sin_controles

pytestmark = pytest.mark.django_db(transaction=True)


INSPECCION = """() => {
  const esquemas = ["http:", "https:", "mailto:"];
  const todos = [...document.querySelectorAll("*")];
  return {
    marca: typeof window.__xss,
    scripts: [...document.scripts]
      .filter((s) => !s.src || new URL(s.src).pathname.indexOf("/static/") !== 0)
      .map((s) => s.outerHTML.slice(0, 80)),
    manejadores: todos
      .filter((e) => [...e.attributes].some((a) => a.name.toLowerCase().startsWith("on")))
      .map((e) => e.outerHTML.slice(0, 80)),
    enlaces: [...document.querySelectorAll("a[href]")]
      .filter((a) => !esquemas.includes(a.protocol))
      .map((a) => a.href),
    imagenes: [...document.querySelectorAll("img[src]")]
      .filter((i) => !esquemas.includes(new URL(i.src, location.href).protocol))
      .map((i) => i.src),
    incrustados: document.querySelectorAll(
      "iframe, object, embed, base, svg script, math, form[action^='javascript' i]"
    ).length,
    contenido: document.querySelectorAll(".markdown *").length,
  };
}"""


def inspeccionar(page, servidor: str, ajenas: list[str]):
    page.wait_for_timeout(300)  # let a deferred handler (onload, ontoggle) have its chance
    estado = page.evaluate(INSPECCION)
    assert estado["marca"] == "undefined", "un vector se ejecutó"
    assert estado["scripts"] == []
    assert estado["manejadores"] == []
    assert estado["enlaces"] == []
    assert estado["imagenes"] == []
    assert estado["incrustados"] == 0
    assert ajenas == [], f"peticiones fuera de {servidor}"
    return estado


def test_no_vector_runs_in_the_preview_the_detail_page_or_an_import(pagina, live_server, tmp_path):
    informe = InformeFactory()
    ajenas = []
    pagina.on(
        "request",
        lambda r: None if r.url.startswith((live_server.url, "data:")) else ajenas.append(r.url),
    )
    iniciar_sesion(pagina, informe.autor.username, CONTRASENA)

    # The form: every Markdown field typed with its share of the corpus, then previewed.
    pagina.goto(f"/informes/{informe.pk}/editar/")
    valores = repartidos()
    for campo in CAMPOS_MARKDOWN:
        pagina.locator(f"#id_{campo}").fill(valores[campo])
    for campo in CAMPOS_MARKDOWN:
        pagina.locator(f"[data-previsualizar='id_{campo}']").click()
        panel = pagina.locator(f"[data-vista-previa-de='id_{campo}']")
        panel.wait_for(state="visible")
        pagina.wait_for_function(
            "(id) => document.querySelector(`[data-vista-previa-de='${id}']`).innerHTML !== ''",
            arg=f"id_{campo}",
        )
    estado = inspeccionar(pagina, live_server.url, ajenas)
    assert estado["contenido"] > len(CAMPOS_MARKDOWN)  # the previews did render

    # Saved through the form, then the detail page.
    pagina.get_by_role("button", name="Guardar borrador").first.click()
    pagina.wait_for_url(f"**/informes/{informe.pk}/editar/")
    guardado = Informe.objects.get(pk=informe.pk)
    distintos = {
        c: (getattr(guardado, c), valores[c])
        for c in CAMPOS_MARKDOWN
        if getattr(guardado, c).replace("\r\n", "\n") != valores[c]
    }
    assert distintos == {}
    pagina.goto(f"/informes/{informe.pk}/")
    estado = inspeccionar(pagina, live_server.url, ajenas)
    assert estado["contenido"] > len(CAMPOS_MARKDOWN)

    # Imported back from its Markdown export, then its summary and detail pages.
    archivo = tmp_path / "hostil.md"
    archivo.write_text(sin_controles(exportar_markdown.exportar(guardado)), encoding="utf-8")
    pagina.goto("/informes/importar/")
    pagina.get_by_label("Archivo Markdown").set_input_files(str(archivo))
    pagina.get_by_role("button", name="Importar").click()
    pagina.wait_for_url("**/informes/importar/resultado/")
    inspeccionar(pagina, live_server.url, ajenas)
    nuevo = Informe.objects.exclude(pk=informe.pk).get()
    pagina.goto(f"/informes/{nuevo.pk}/")
    inspeccionar(pagina, live_server.url, ajenas)


def test_the_inspection_sees_raw_html_and_the_csp_still_blocks_it(pagina, live_server):
    """The checks are not blind: raw, unsanitized HTML trips them; and were the
    sanitizer ever to let a handler through, the Content-Security-Policy (no inline
    script) would still keep it from running."""
    crudo = '<img src="x" onerror="window.__xss=1">'
    assert "onerror" not in str(markdown_seguro.renderizar(crudo))
    pagina.goto("/cuentas/login/")
    pagina.evaluate("(h) => { const d = document.createElement('div'); d.innerHTML = h; "
                    "document.body.appendChild(d); }", crudo)  # fmt: skip
    pagina.wait_for_timeout(300)
    estado = pagina.evaluate(INSPECCION)
    assert estado["manejadores"]
    assert estado["marca"] == "undefined"
