"""Generated input with Hypothesis: form posts to the edit and new pages and to autosave, and
Markdown imports, never give a 500 and never leave a half-saved report.

A refused post leaves the report's snapshot (``auditoria.instantanea``), its
lock counter and its audit trail exactly as they were; an accepted one lands
whole: every field and row the form read is stored, the counter moves by one and
one audit entry is written. The test client re-raises any exception a view lets
escape, so a 500 fails the example.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from informes import auditoria, dialecto, plantilla
from informes.forms import FormularioInforme
from informes.models import Biblioteca, EventoAuditoria, Informe, RutaArchivo, VariableEntorno
from tests.factories import InformeFactory, analista
from tests.formularios import datos_formulario

pytestmark = pytest.mark.django_db

AJUSTES = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text of every kind: control characters, surrogates excluded (not valid in a POST),
# right-to-left marks, emoji, and now and then one character repeated past any limit.
texto_corto = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
texto_enorme = st.builds(
    lambda c, n: c * n, st.characters(exclude_categories=("Cs",)), st.integers(200, 25_000)
)
texto = st.one_of(texto_corto, texto_corto, texto_corto, texto_enorme)
numero = st.one_of(
    st.integers(-3, 1200).map(str), st.sampled_from(["", "abc", "1e3", " 2", "0x10", "９"])
)

TIPOS_FILAS = ("bibliotecas", "rutas", "variables_entorno", "diagramas")
CAMPOS_FILA = {
    "bibliotecas": ("nombre", "version", "DELETE"),
    "rutas": ("ruta", "proposito", "DELETE"),
    "variables_entorno": ("nombre", "proposito", "valor_ejemplo", "DELETE"),
    "diagramas": ("pk", "titulo", "leyenda", "DELETE"),
}
claves_simples = st.sampled_from(
    [*plantilla.CAMPOS_SIMPLES, *(f"no_aplica_{e.campo}" for e in plantilla.ETIQUETAS)]
    + ["titulo_nuevo", "leyenda_nueva", "requisitos", "estado", "autor", "version"]
)
claves_gestion = st.builds(
    lambda t, c: f"{t}-{c}",
    st.sampled_from(TIPOS_FILAS),
    st.sampled_from(["TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"]),
)
claves_fila = st.sampled_from(TIPOS_FILAS).flatmap(
    lambda t: st.builds(
        lambda i, c: f"{t}-{i}-{c}", st.integers(-1, 6), st.sampled_from(CAMPOS_FILA[t])
    )
)
cambios_post = st.dictionaries(
    st.one_of(claves_simples, claves_fila, st.text(max_size=12)),
    texto,
    max_size=8,
).flatmap(lambda d: st.dictionaries(claves_gestion, numero, max_size=3).map(lambda g: {**d, **g}))
acciones = st.sampled_from(
    ["guardar", "guardar", "guardar", "vista_previa", "agregar_filas", "requisitos",
     "mover:0:abajo", "mover:9:arriba", "mover:x", "otra"]
)  # fmt: skip
contadores = st.one_of(st.just(None), numero)


def estado_de(informe: Informe) -> tuple:
    fresco = Informe.objects.get(pk=informe.pk)
    return (
        auditoria.instantanea(fresco),
        fresco.contador_cambios,
        EventoAuditoria.objects.filter(informe_id=informe.pk).count(),
    )


def filas_totales() -> int:
    return sum(m.objects.count() for m in (Biblioteca, RutaArchivo, VariableEntorno))


def como_texto(datos: dict) -> dict:
    return {k: str(v) for k, v in datos.items()}


def assert_guardado_como_leido(informe, leido):
    """Every label holds what the form read, in the form a save stores it (a code
    fence left open closed, surrounding whitespace gone)."""
    for campo, valor in leido.campos().items():
        assert getattr(informe, campo) == dialecto.canonico(campo, valor)


@given(cambios=cambios_post, accion=acciones, contador=contadores)
@AJUSTES
def test_generated_edit_posts_never_500_and_never_half_save(client, cambios, accion, contador):
    informe = InformeFactory()
    client.force_login(informe.autor)
    antes = estado_de(informe)
    datos = {**datos_formulario(informe), **cambios, "accion": accion}
    if contador is not None:
        datos["contador_cambios"] = contador
    datos = como_texto(datos)
    respuesta = client.post(reverse("informes:editar", args=[informe.pk]), datos)
    event(f"HTTP {respuesta.status_code}")
    assert respuesta.status_code in (200, 302, 400, 409)
    despues = estado_de(informe)
    if respuesta.status_code != 302:
        assert despues == antes
        return
    # Landed whole: what the form read is what is stored, counted and audited once.
    assert despues[1] == antes[1] + 1
    assert despues[2] in (antes[2], antes[2] + 1)  # a save without changes records nothing
    leido = FormularioInforme(informe=informe, data=datos)
    assert leido.es_valido()
    guardado = Informe.objects.get(pk=informe.pk)
    assert_guardado_como_leido(guardado, leido)
    for tipo, formset in leido.filas.items():
        assert getattr(guardado, tipo).count() == len(formset.filas())


@given(cambios=cambios_post, contador=contadores)
@AJUSTES
def test_generated_autosaves_never_500_and_never_half_save(client, cambios, contador):
    informe = InformeFactory()
    client.force_login(informe.autor)
    antes = estado_de(informe)
    datos = {**datos_formulario(informe), **cambios}
    if contador is not None:
        datos["contador_cambios"] = contador
    respuesta = client.post(reverse("informes:autoguardar", args=[informe.pk]), como_texto(datos))
    event(f"HTTP {respuesta.status_code}")
    assert respuesta.status_code in (200, 400, 409)
    assert respuesta.json()["ok"] is (respuesta.status_code == 200)
    despues = estado_de(informe)
    if respuesta.status_code != 200:
        assert despues == antes
        return
    assert despues[1] == antes[1] + 1 == respuesta.json()["contador"]
    leido = FormularioInforme(informe=informe, data=como_texto(datos))
    assert leido.es_valido()
    guardado = Informe.objects.get(pk=informe.pk)
    assert_guardado_como_leido(guardado, leido)


@given(cambios=cambios_post, accion=acciones)
@example(cambios={"descripcion_modelo": "~~~"}, accion="guardar")  # a fence left open
@AJUSTES
def test_generated_new_report_posts_never_500_and_never_half_create(client, cambios, accion):
    client.force_login(analista())
    informes, filas, eventos = (
        Informe.objects.count(),
        filas_totales(),
        EventoAuditoria.objects.count(),
    )
    datos = como_texto({**datos_formulario(None), **cambios, "accion": accion})
    respuesta = client.post(reverse("informes:nuevo"), datos)
    event(f"HTTP {respuesta.status_code}")
    assert respuesta.status_code in (200, 302, 400)
    if respuesta.status_code != 302:
        assert (Informe.objects.count(), filas_totales()) == (informes, filas)
        assert EventoAuditoria.objects.count() == eventos
        return
    assert Informe.objects.count() == informes + 1
    nuevo = Informe.objects.latest("pk")
    leido = FormularioInforme(data=datos)
    assert leido.es_valido()
    assert_guardado_como_leido(nuevo, leido)
    for tipo, formset in leido.filas.items():
        assert getattr(nuevo, tipo).count() == len(formset.filas())


# --- Markdown imports: pieces of the template mixed with noise.

linea_etiqueta = st.builds(
    lambda e, v, sangria: f"{'  ' * sangria}- **{e.texto}:** {v}",
    st.sampled_from(plantilla.ETIQUETAS),
    texto_corto,
    st.integers(0, 2),
)
encabezado = st.builds(
    lambda s, nivel: f"{'#' * nivel} {s.encabezado}",
    st.sampled_from(plantilla.SECCIONES),
    st.integers(1, 4),
)
fila_lista = st.builds(
    lambda a, b: f"  - `{a}`: {b}", texto_corto.map(lambda t: t.replace("\n", " ")), texto_corto
)
ruido = st.sampled_from(
    ["```", "```python", "<!-- informe-metadatos", "version: 2", "estado: aprobado", "-->",
     "_(Pendiente)_", "No aplica: motivo", "\\# Título", "![d](diagramas/diagrama-1.png)",
     "- scikit-learn 1.5.2", "<![CDATA[", "<script>alert(1)</script>", "| a | b |", "---"]
)  # fmt: skip
linea = st.one_of(linea_etiqueta, linea_etiqueta, encabezado, fila_lista, ruido, texto_corto)
documento = st.lists(linea, max_size=40).map("\n".join)


@given(texto_md=documento, final=st.sampled_from(["\n", "\r\n", ""]))
@AJUSTES
def test_generated_markdown_imports_never_500_and_never_half_create(client, texto_md, final):
    client.force_login(analista())
    informes, filas, eventos = (
        Informe.objects.count(),
        filas_totales(),
        EventoAuditoria.objects.count(),
    )
    cuerpo = (texto_md + final).encode("utf-8", "surrogatepass")
    archivo = SimpleUploadedFile("informe.md", cuerpo, content_type="text/markdown")
    respuesta = client.post(reverse("informes:importar"), {"archivo": archivo})
    event(f"HTTP {respuesta.status_code}")
    assert respuesta.status_code in (200, 302)
    if respuesta.status_code == 200:
        assert (Informe.objects.count(), filas_totales()) == (informes, filas)
        assert EventoAuditoria.objects.count() == eventos
        return
    assert Informe.objects.count() == informes + 1
    assert EventoAuditoria.objects.count() == eventos + 1
    assert client.get(respuesta.url).status_code == 200
    nuevo = Informe.objects.latest("pk")
    assert client.get(reverse("informes:detalle", args=[nuevo.pk])).status_code == 200
