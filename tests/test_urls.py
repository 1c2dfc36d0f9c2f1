"""Every URL of the app × every role × every estado, over HTTP, against a table
written out by hand; ids of other people's reports, diagrams and comments; fields
a user may not set.

A URL added to ``informes.urls`` without a row in ``TABLA`` fails
``test_every_url_of_the_app_has_a_row_in_the_table``. The API's URLs (``api:*``)
are requested with each role's personal access token: anonymous is 401 there.

The reports are built once per estado; each request runs inside a savepoint
that is rolled back, so a transition taken by one request never changes what
the next one finds.
"""

import copy
import datetime
import io
import json
import logging
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import URLPattern, URLResolver, reverse
from PIL import Image

from informes import policy, services
from informes.models import ArchivoPDF, ComentarioRevision, Estado, Informe, TokenAcceso
from informes.registro import FormatoJSON
from informes.urls import urlpatterns
from tests.factories import CONTRASENA, InformeFactory, admin, analista, revisor
from tests.formularios import datos_formulario
from tests.permisos import ESPERADO, ESTADOS, ROLES

pytestmark = pytest.mark.django_db

CREADORES = {"autor", "coautor", "otro_analista", "admin"}  # analysts and administrators
JUECES = {"revisor", "revisor_autor", "admin"}  # see every report; the reviewers' queue

# --- The table. Each rule answers the expected status for (role, estado, allowed actions).


def login(exito):
    """Anonymous → login redirect; anyone signed in → ``exito``."""
    return lambda rol, estado, acciones: 302 if rol == "anonimo" else exito


def para(grupo, si, no, anonimo=302):
    def regla(rol, estado, acciones):
        if rol == "anonimo":
            return anonimo
        return si if rol in grupo else no

    return regla


def sobre_informe(accion, si, anonimo=302):
    """A URL of one report: anonymous → ``anonimo``; invisible → 404; visible but the
    action not allowed → 403; allowed → ``si``."""

    def regla(rol, estado, acciones):
        if rol == "anonimo":
            return anonimo
        if "ver" not in acciones:
            return 404
        return si if accion in acciones else 403

    return regla


def login_api(exito):
    return lambda rol, estado, acciones: 401 if rol == "anonimo" else exito


def siempre(codigo):
    return lambda rol, estado, acciones: codigo


def metodo_equivocado_tras_login(rol, estado, acciones):
    """``login_required`` comes before ``require_POST``/``require_GET``."""
    return 302 if rol == "anonimo" else 405


def transicion(accion):
    return {"GET": metodo_equivocado_tras_login, "POST": sobre_informe(accion, 302)}


def metodo_equivocado_api(rol, estado, acciones):
    """The API authenticates before it looks at the method."""
    return 401 if rol == "anonimo" else 405


def api_sobre_informe(accion, si):
    return sobre_informe(accion, si, anonimo=401)


def api_transicion(accion, si=200):
    return {"GET": metodo_equivocado_api, "POST": api_sobre_informe(accion, si)}


def api_descarga():
    return {"GET": api_sobre_informe("exportar", 200), "POST": metodo_equivocado_api}


TABLA = {
    "": {"GET": siempre(302), "POST": siempre(302)},
    "login": {"GET": siempre(200)},
    "logout": {"GET": siempre(405), "POST": siempre(302)},
    "status": {"GET": siempre(200), "POST": siempre(405)},
    "admin:*": {"GET": lambda rol, e, a: 200 if rol == "admin" else 302},
    "revision:cola": {
        "GET": para(JUECES, 200, 403),
        "POST": metodo_equivocado_tras_login,
    },
    "informes:lista": {"GET": login(200)},
    "informes:importar": {"GET": para(CREADORES, 200, 403), "POST": para(CREADORES, 200, 403)},
    # Without an import in the session there is nothing to show.
    "informes:importar_resultado": {"GET": login(404)},
    "informes:nuevo": {"GET": para(CREADORES, 200, 403), "POST": para(CREADORES, 302, 403)},
    "informes:autoguardar_nuevo": {"GET": siempre(405), "POST": para(CREADORES, 200, 403, 401)},
    "informes:vista_previa_markdown": {
        "GET": siempre(405),
        "POST": para(CREADORES, 200, 403, 401),
    },
    "informes:editar": {
        "GET": sobre_informe("editar", 200),
        "POST": sobre_informe("editar", 302),
    },
    "informes:autoguardar": {
        "GET": siempre(405),
        "POST": sobre_informe("editar", 200, anonimo=401),
    },
    # Without a pending conflict under that key, an editor is sent back to the form.
    "informes:conflicto": {
        "GET": sobre_informe("editar", 302),
        "POST": sobre_informe("editar", 302),
    },
    "informes:presencia": {
        "GET": siempre(405),
        "POST": sobre_informe("editar", 200, anonimo=401),
    },
    "informes:vista_previa_markdown_informe": {
        "GET": siempre(405),
        "POST": sobre_informe("editar", 200, anonimo=401),
    },
    "informes:subir_diagramas": {
        "GET": siempre(405),
        "POST": sobre_informe("editar", 200, anonimo=401),
    },
    "informes:quitar_diagrama": {
        "GET": siempre(405),
        "POST": sobre_informe("editar", 200, anonimo=401),
    },
    "informes:descartar": {
        "GET": sobre_informe("descartar", 200),
        "POST": sobre_informe("descartar", 302),
    },
    "informes:detalle": {"GET": sobre_informe("ver", 200)},
    "informes:exportar_md": {"GET": sobre_informe("exportar", 200), "POST": siempre(405)},
    "informes:exportar_zip": {"GET": sobre_informe("exportar", 200), "POST": siempre(405)},
    "informes:exportar_pdf": {"GET": sobre_informe("exportar", 200), "POST": siempre(405)},
    "informes:diagrama": {"GET": sobre_informe("ver", 200)},
    "informes:enviar": transicion("enviar"),
    "informes:retirar": transicion("retirar"),
    "informes:aprobar": transicion("aprobar"),
    "informes:solicitar_cambios": transicion("solicitar_cambios"),
    "informes:nueva_version": transicion("nueva_version"),
    "informes:comentar": transicion("comentar"),
    "informes:resolver_comentario": transicion("resolver_comentario"),
    "informes:reabrir_comentario": transicion("reabrir_comentario"),
    "informes:responder_comentario": transicion("responder_comentario"),
    "informes:proxima_revision": transicion("cambiar_proxima_revision"),
    # Marking a possible credential as a harmless example is an edit of the report.
    "informes:marcar_inofensivo": transicion("editar"),
    "informes:historial": {
        "GET": sobre_informe("historial", 200),
        "POST": metodo_equivocado_tras_login,
    },
    "informes:comparar": {
        "GET": sobre_informe("comparar", 200),
        "POST": metodo_equivocado_tras_login,
    },
    "tokens": {"GET": login(200), "POST": login(200)},
    # Another user's token is a 404 (the fixture's token belongs to the author).
    "token_revocar": {
        "GET": metodo_equivocado_tras_login,
        "POST": lambda rol, e, a: 302 if rol in ("anonimo", "autor") else 404,
    },
    # The API: its description is public, everything else needs a token (401).
    "api:openapi": {"GET": siempre(200), "POST": siempre(405)},
    "api:docs": {"GET": siempre(200), "POST": siempre(405)},
    "api:informes": {
        "GET": login_api(200),
        "POST": para(CREADORES, 201, 403, anonimo=401),
        "DELETE": metodo_equivocado_api,
    },
    "api:informe": {
        "GET": api_sobre_informe("ver", 200),
        "PATCH": api_sobre_informe("editar", 200),
        "DELETE": metodo_equivocado_api,
    },
    "api:diagramas": {
        "GET": api_sobre_informe("ver", 200),
        "POST": api_sobre_informe("editar", 201),
    },
    "api:diagrama": {
        "GET": api_sobre_informe("ver", 200),
        "DELETE": api_sobre_informe("editar", 200),
        "POST": metodo_equivocado_api,
    },
    "api:enviar": api_transicion("enviar"),
    "api:retirar": api_transicion("retirar"),
    "api:aprobar": api_transicion("aprobar"),
    "api:solicitar_cambios": api_transicion("solicitar_cambios"),
    "api:nueva_version": api_transicion("nueva_version", 201),
    "api:comentarios": {
        "GET": api_sobre_informe("ver", 200),
        "POST": api_sobre_informe("comentar", 201),
    },
    "api:resolver_comentario": api_transicion("resolver_comentario"),
    "api:reabrir_comentario": api_transicion("reabrir_comentario"),
    "api:responder_comentario": api_transicion("responder_comentario", 201),
    "api:descartar": api_transicion("descartar"),
    "api:exportar_md": api_descarga(),
    "api:exportar_zip": api_descarga(),
    "api:exportar_pdf": api_descarga(),
}


def nombres_de_urls(patrones=urlpatterns, espacio="") -> set[str]:
    """Every URL name of the project (the admin's own URLs count as one, ``admin:*``)."""
    nombres = set()
    for patron in patrones:
        if isinstance(patron, URLResolver):
            if patron.namespace == "admin":
                nombres.add("admin:*")
                continue
            interno = f"{espacio}{patron.namespace}:" if patron.namespace else espacio
            nombres |= nombres_de_urls(patron.url_patterns, interno)
        elif isinstance(patron, URLPattern):
            nombres.add(f"{espacio}{patron.name}" if patron.name else espacio)
    return nombres


def test_every_url_of_the_app_has_a_row_in_the_table():
    assert nombres_de_urls() == set(TABLA)


# --- The reports of one estado, built once.


def png() -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (40, 20), "blue").save(salida, format="PNG")
    return salida.getvalue()


def informe_en(estado: str, *, autor, coautor, comentador) -> Informe:
    """A complete report with a diagram, a co-author, an open comment and a stored
    PDF (so the PDF URL answers from storage: rendering is tested in test_pdf)."""
    informe = InformeFactory(autor=autor)
    services.diagrama_agregar(
        informe=informe, archivo=SimpleUploadedFile("plano.png", png()), titulo="Plano"
    )
    informe.coautores.add(coautor)
    ComentarioRevision.objects.create(informe=informe, seccion=1, texto="Revisar", autor=comentador)
    ArchivoPDF.objects.create(
        informe=informe, archivo=ContentFile(b"%PDF-1.7\n", name="x.pdf"), sha256="0" * 64, tamano=9
    )
    Informe.objects.filter(pk=informe.pk).update(estado=estado)
    return Informe.objects.get(pk=informe.pk)


class Escenario:
    """The users of every role and, per estado, their reports."""

    def __init__(self):
        self.usuarios = {
            "anonimo": None,
            "autor": analista(),
            "coautor": analista(),
            "otro_analista": analista(),
            "revisor": revisor(),
            "revisor_autor": revisor(),
            "admin": admin(),
        }
        self.clientes = {}
        self.tokens = {}
        for rol, usuario in self.usuarios.items():
            cliente = Client()
            if usuario is not None:
                cliente.force_login(usuario)
                _token, texto = services.token_crear(
                    usuario=usuario, nombre=rol, solo_lectura=False
                )
                self.tokens[rol] = texto
            self.clientes[rol] = cliente
        # The token page's revoke URL names one of the author's tokens.
        self.token_autor = TokenAcceso.objects.filter(usuario=self.usuarios["autor"]).get()

    def cabeceras(self, rol: str, nombre: str) -> dict:
        """The API's requests carry the role's token (the session would do too)."""
        if not nombre.startswith("api:") or rol not in self.tokens:
            return {}
        return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[rol]}"}

    def informes(self, estado: str) -> dict[str, Informe]:
        u = self.usuarios
        comun = {"coautor": u["coautor"], "comentador": u["revisor"]}
        del_analista = informe_en(estado, autor=u["autor"], **comun)
        del_revisor = informe_en(estado, autor=u["revisor_autor"], **comun)
        return {rol: del_revisor if rol == "revisor_autor" else del_analista for rol in ROLES}


def url_y_datos_api(nombre: str, informe: Informe) -> tuple[str, dict]:
    """The API's URL for ``nombre`` on ``informe`` and a valid body for its write."""
    pk = informe.pk
    if nombre in ("api:openapi", "api:docs"):
        return reverse(nombre), {}
    if nombre == "api:informes":
        return reverse(nombre), {"nombre_modelo": "Nuevo por la API"}
    if nombre == "api:informe":
        return reverse(nombre, args=[pk]), {"nombre_modelo": "Cambiado por la API"}
    if nombre == "api:diagramas":
        archivo = SimpleUploadedFile("otro.png", png(), content_type="image/png")
        return reverse(nombre, args=[pk]), {"archivo": archivo, "titulo": "Otro"}
    if nombre == "api:diagrama":
        return reverse(nombre, args=[pk, informe.diagramas.get().pk]), {}
    if nombre in ("api:resolver_comentario", "api:reabrir_comentario"):
        return reverse(nombre, args=[pk, informe.comentarios.get().pk]), {}
    if nombre == "api:responder_comentario":
        return reverse(nombre, args=[pk, informe.comentarios.get().pk]), {"texto": "Hecho."}
    datos = {
        "api:aprobar": {"comentario": "Bien."},
        "api:solicitar_cambios": {"comentario": "Falta detalle."},
        "api:comentarios": {"texto": "Revise la sección 2.", "seccion": 2},
    }.get(nombre, {})
    return reverse(nombre, args=[pk]), datos


def url_y_datos(nombre: str, informe: Informe, token: TokenAcceso | None = None):
    """The URL to request for ``nombre`` on ``informe`` and valid POST data for it."""
    if nombre.startswith("api:"):
        return url_y_datos_api(nombre, informe)
    if nombre in ("tokens", "token_revocar"):
        if nombre == "tokens":
            return reverse(nombre), {"nombre": "Portátil", "dias": "30", "alcance": "lectura"}
        return reverse(nombre, args=[token.pk]), {}
    pk = informe.pk
    manana = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    if nombre == "admin:*":
        return reverse("admin:index"), {}
    if nombre == "":
        return "/", {}
    if nombre in ("login", "logout", "status", "revision:cola") or nombre.startswith(
        ("informes:lista", "informes:importar")
    ):
        return reverse(nombre), {}
    if nombre in ("informes:nuevo", "informes:autoguardar_nuevo"):
        return reverse(nombre), datos_formulario(None, nombre_modelo="Nuevo")
    if nombre == "informes:vista_previa_markdown":
        return reverse(nombre), {"texto": "**hola**"}
    if nombre in ("informes:editar", "informes:autoguardar"):
        return reverse(nombre, args=[pk]), datos_formulario(informe, nombre_modelo="Cambiado")
    if nombre == "informes:vista_previa_markdown_informe":
        return reverse(nombre, args=[pk]), {"texto": "**hola**"}
    if nombre == "informes:conflicto":
        return reverse(nombre, args=[pk, "x" * 22]), {}
    if nombre == "informes:diagrama":
        return reverse(nombre, args=[pk, informe.diagramas.get().pk]), {}
    if nombre == "informes:subir_diagramas":
        archivo = SimpleUploadedFile("nuevo.png", png(), content_type="image/png")
        return reverse(nombre, args=[pk]), {"archivos": archivo, "contador_cambios": "0"}
    if nombre == "informes:quitar_diagrama":
        return reverse(nombre, args=[pk, informe.diagramas.get().pk]), {}
    if nombre in (
        "informes:resolver_comentario",
        "informes:reabrir_comentario",
        "informes:responder_comentario",
    ):
        datos = {"texto": "Respondido."} if nombre == "informes:responder_comentario" else {}
        return reverse(nombre, args=[pk, informe.comentarios.get().pk]), datos
    datos = {
        "informes:aprobar": {"comentario": "Bien."},
        "informes:solicitar_cambios": {"comentario": "Falta detalle."},
        "informes:comentar": {"texto": "Revise la sección 2.", "seccion": "2"},
        "informes:proxima_revision": {"fecha": manana},
    }.get(nombre, {})
    return reverse(nombre, args=[pk]), datos


def _enviar(cliente: Client, metodo: str, url: str, datos: dict, cabeceras: dict):
    if metodo == "GET":
        return cliente.get(url, **cabeceras)
    if not url.startswith("/api/") or any(hasattr(v, "read") for v in datos.values()):
        return cliente.generic(metodo, url, **_formulario(cliente, datos), **cabeceras)
    return cliente.generic(
        metodo, url, json.dumps(datos), content_type="application/json", **cabeceras
    )


def _formulario(cliente: Client, datos: dict) -> dict:
    """A form's body as ``Client.post`` encodes it (multipart), for any method."""
    return {"data": encode_multipart(BOUNDARY, datos), "content_type": MULTIPART_CONTENT}


def pedir(cliente: Client, metodo: str, url: str, datos: dict, cabeceras=None) -> int:
    """One request whose writes, and changes to the client's cookies, are undone afterwards."""
    galletas = copy.deepcopy(cliente.cookies)
    with transaction.atomic():
        respuesta = _enviar(cliente, metodo, url, datos, cabeceras or {})
        transaction.set_rollback(True)
    cliente.cookies = galletas
    if url.startswith("/api/v1/informes"):
        # Every answer of the API is JSON, errors included.
        assert respuesta.status_code < 500
        if respuesta.status_code >= 400:
            assert set(respuesta.json()) >= {"error", "campos"}, (url, respuesta.content[:200])
    return respuesta.status_code


def etag(informe: Informe) -> str:
    informe = Informe.objects.get(pk=informe.pk)
    return f'"informe-{informe.pk}-{informe.contador_cambios}"'


@pytest.mark.parametrize("estado", ESTADOS)
def test_every_url_answers_every_role_as_the_table_says(estado, media_temporal):
    escenario = Escenario()
    informes = escenario.informes(estado)
    diferencias = []
    casos = 0
    for nombre, metodos in sorted(TABLA.items()):
        for metodo, regla in metodos.items():
            for rol in ROLES:
                informe = informes[rol]
                esperado = regla(rol, estado, ESPERADO[rol][estado])
                url, datos = url_y_datos(nombre, informe, escenario.token_autor)
                cabeceras = escenario.cabeceras(rol, nombre)
                if nombre == "api:informe":
                    cabeceras["HTTP_IF_MATCH"] = etag(informe)
                obtenido = pedir(escenario.clientes[rol], metodo, url, datos, cabeceras)
                casos += 1
                if obtenido != esperado:
                    diferencias.append(f"{metodo} {url} ({nombre}) {rol}: {obtenido} ≠ {esperado}")
    assert casos == sum(len(m) for m in TABLA.values()) * len(ROLES)
    assert not diferencias, "\n".join(diferencias)


def test_anonymous_requests_to_pages_go_to_the_login_page(client):
    informe = InformeFactory()
    respuesta = client.get(reverse("informes:detalle", args=[informe.pk]))
    assert respuesta.url.startswith(reverse("login") + "?next=")


# --- Ids of other people's things.


@pytest.fixture
def ajenos(media_temporal):
    """Analyst A with a draft; analyst B with a draft holding a diagram and a comment."""
    propio = informe_en(Estado.BORRADOR, autor=analista(), coautor=analista(), comentador=revisor())
    ajeno = informe_en(Estado.BORRADOR, autor=analista(), coautor=analista(), comentador=revisor())
    cliente = Client()
    cliente.force_login(propio.autor)
    return propio, ajeno, cliente


URLS_CON_ID = sorted(n for n in TABLA if n.startswith("informes:") and n not in (
    "informes:lista", "informes:importar", "informes:importar_resultado", "informes:nuevo",
    "informes:autoguardar_nuevo", "informes:vista_previa_markdown",
))  # fmt: skip


def test_the_list_of_urls_with_an_id_is_every_url_with_a_pk():
    con_pk = set()
    for patron in urlpatterns[1].url_patterns:
        if "pk" in patron.pattern.converters:
            con_pk.add(f"informes:{patron.name}")
    assert con_pk == set(URLS_CON_ID)


@pytest.mark.parametrize("nombre", URLS_CON_ID)
def test_another_analysts_report_id_is_404_for_every_method(ajenos, nombre):
    propio, ajeno, cliente = ajenos
    antes = Informe.objects.get(pk=ajeno.pk)
    url, datos = url_y_datos(nombre, ajeno)
    for metodo in TABLA[nombre]:
        # A wrong method may be refused (405) before the report is looked up; it reveals nothing.
        assert pedir(cliente, metodo, url, datos) in (404, 405)
    assert 404 in {pedir(cliente, m, url, datos) for m in TABLA[nombre]}
    despues = Informe.objects.get(pk=ajeno.pk)
    assert (despues.contador_cambios, despues.estado) == (antes.contador_cambios, antes.estado)


API_CON_ID = sorted(
    n
    for n in TABLA
    if n.startswith("api:") and n not in ("api:openapi", "api:docs", "api:informes")
)


@pytest.mark.parametrize("nombre", API_CON_ID)
def test_another_analysts_report_id_is_404_in_the_api_for_every_method(ajenos, nombre):
    propio, ajeno, cliente = ajenos
    _token, texto = services.token_crear(usuario=propio.autor, nombre="t", solo_lectura=False)
    cabeceras = {"HTTP_AUTHORIZATION": f"Bearer {texto}", "HTTP_IF_MATCH": etag(ajeno)}
    antes = Informe.objects.get(pk=ajeno.pk)
    url, datos = url_y_datos(nombre, ajeno)
    obtenidos = {m: pedir(cliente, m, url, datos, cabeceras) for m in TABLA[nombre]}
    assert set(obtenidos.values()) <= {404, 405}, obtenidos
    assert 404 in obtenidos.values()
    despues = Informe.objects.get(pk=ajeno.pk)
    assert (despues.contador_cambios, despues.estado) == (antes.contador_cambios, antes.estado)
    assert ajeno.diagramas.count() == 1 and not ajeno.comentarios.get().resuelto


def test_a_diagram_of_another_report_under_this_reports_id_is_404(ajenos):
    propio, ajeno, cliente = ajenos
    url = reverse("informes:diagrama", args=[propio.pk, ajeno.diagramas.get().pk])
    assert cliente.get(url).status_code == 404


def test_a_diagram_of_another_report_cannot_be_removed_under_this_reports_id(ajenos):
    propio, ajeno, cliente = ajenos
    suyo = ajeno.diagramas.get()
    url = reverse("informes:quitar_diagrama", args=[propio.pk, suyo.pk])
    assert cliente.post(url).status_code == 404
    assert ajeno.diagramas.filter(pk=suyo.pk).exists()


@pytest.mark.parametrize(
    "nombre", ["resolver_comentario", "reabrir_comentario", "responder_comentario"]
)
def test_a_comment_of_another_report_under_this_reports_id_is_404(ajenos, nombre):
    propio, ajeno, cliente = ajenos
    comentario = ajeno.comentarios.get()
    url = reverse(f"informes:{nombre}", args=[propio.pk, comentario.pk])
    assert cliente.post(url, {"texto": "Intruso"}).status_code == 404
    comentario.refresh_from_db()
    assert not comentario.resuelto and not comentario.respuestas.exists()


def test_comparing_with_a_version_of_another_series_is_404(ajenos):
    propio, ajeno, cliente = ajenos
    url = reverse("informes:comparar", args=[propio.pk])
    assert cliente.get(url, {"a": ajeno.pk}).status_code == 404
    assert cliente.get(url, {"b": ajeno.pk}).status_code == 404


def test_an_import_summary_pointing_at_another_analysts_report_is_404(ajenos):
    propio, ajeno, cliente = ajenos
    sesion = cliente.session
    sesion["informes_importacion"] = {"pk": ajeno.pk}
    sesion.save()
    assert cliente.get(reverse("informes:importar_resultado")).status_code == 404


def test_a_diagram_row_of_another_report_posted_in_the_form_is_not_touched(ajenos):
    propio, ajeno, cliente = ajenos
    suyo = ajeno.diagramas.get()
    datos = datos_formulario(
        propio,
        **{
            "diagramas-TOTAL_FORMS": "1",
            "diagramas-INITIAL_FORMS": "1",
            "diagramas-0-pk": str(suyo.pk),
            "diagramas-0-titulo": "Robado",
            "diagramas-0-DELETE": "on",
        },
    )
    cliente.post(reverse("informes:editar", args=[propio.pk]), datos)
    suyo.refresh_from_db()
    assert suyo.titulo == "Plano" and suyo.informe_id == ajeno.pk


# --- Fields nobody sets through the form.


def prohibidos(intruso) -> dict:
    return {
        "estado": Estado.APROBADO,
        "autor": str(intruso.pk),
        "autor_id": str(intruso.pk),
        "version": "99",
        "serie": str(uuid.uuid4()),
        "aprobado_por": str(intruso.pk),
        "aprobado_por_id": str(intruso.pk),
        "aprobado_en": "2020-01-01T00:00:00Z",
        "enviado_en": "2020-01-01T00:00:00Z",
        "creado": "2020-01-01T00:00:00Z",
        "coautores": str(intruso.pk),
    }


def protegidos(informe: Informe) -> tuple:
    informe = Informe.objects.get(pk=informe.pk)
    return (
        informe.estado,
        informe.autor_id,
        informe.version,
        informe.serie,
        informe.aprobado_por_id,
        informe.aprobado_en,
        informe.enviado_en,
        informe.creado,
        list(informe.coautores.values_list("pk", flat=True)),
    )


@pytest.mark.parametrize("url_nombre", ["informes:editar", "informes:autoguardar"])
def test_fields_a_user_may_not_set_are_ignored_by_the_save(client, url_nombre):
    informe = InformeFactory()
    client.force_login(informe.autor)
    antes = protegidos(informe)
    datos = datos_formulario(informe, nombre_modelo="Solo esto cambia", **prohibidos(revisor()))
    respuesta = client.post(reverse(url_nombre, args=[informe.pk]), datos)
    assert respuesta.status_code in (200, 302)
    despues = Informe.objects.get(pk=informe.pk)
    assert despues.nombre_modelo == "Solo esto cambia"
    assert protegidos(despues) == antes
    assert despues.contador_cambios == informe.contador_cambios + 1


def test_a_posted_lock_counter_is_only_compared_never_stored(client):
    informe = InformeFactory()
    client.force_login(informe.autor)
    url = reverse("informes:editar", args=[informe.pk])
    datos = datos_formulario(informe, nombre_modelo="Con contador falso", contador_cambios="999")
    # With the page's base the save merges with what is stored (nothing else
    # changed): it lands, and the counter moves by one, never to the posted value.
    assert client.post(url, datos).status_code == 302
    despues = Informe.objects.get(pk=informe.pk)
    assert despues.contador_cambios == informe.contador_cambios + 1
    assert despues.nombre_modelo == "Con contador falso"
    # Without a base the counter is all a save has: a wrong one is a conflict.
    del datos["base"]
    datos["nombre_modelo"] = "Sin base"
    assert client.post(url, datos).status_code == 409
    assert Informe.objects.get(pk=informe.pk).contador_cambios == despues.contador_cambios


@pytest.mark.parametrize("url_nombre", ["informes:nuevo", "informes:autoguardar_nuevo"])
def test_a_new_report_ignores_posted_author_estado_and_version(client, url_nombre):
    yo = analista()
    intruso = revisor()
    client.force_login(yo)
    datos = datos_formulario(None, nombre_modelo="Nuevo", **prohibidos(intruso))
    respuesta = client.post(reverse(url_nombre), datos)
    assert respuesta.status_code in (200, 302)
    informe = Informe.objects.get()
    assert (informe.autor_id, informe.estado, informe.version) == (yo.pk, Estado.BORRADOR, 1)
    assert informe.aprobado_por_id is None and informe.aprobado_en is None
    assert not informe.coautores.exists()
    assert informe.serie != uuid.UUID(datos["serie"])
    assert get_user_model().objects.get(pk=intruso.pk).informes.count() == 0


# --- Refusals are logged; passwords never are.


def test_a_reviewer_approving_their_own_report_is_refused_and_logged(client, caplog):
    autor = revisor()
    informe = informe_en(Estado.EN_REVISION, autor=autor, coautor=analista(), comentador=revisor())
    client.force_login(autor)
    with caplog.at_level(logging.WARNING, logger="informes.eventos"):
        url = reverse("informes:aprobar", args=[informe.pk])
        respuesta = client.post(url, {"comentario": "Yo"})
    assert respuesta.status_code == 403
    (registro,) = [r for r in caplog.records if getattr(r, "evento", "") == "accion_rechazada"]
    assert registro.levelno == logging.WARNING
    assert (registro.usuario, registro.informe, registro.accion) == (
        autor.username,
        informe.pk,
        "aprobar",
    )
    linea = json.loads(FormatoJSON().format(registro))
    assert linea["accion"] == "aprobar" and linea["informe"] == informe.pk
    assert linea["usuario"] == autor.username and linea["estado"] == Estado.EN_REVISION
    assert Informe.objects.get(pk=informe.pk).estado == Estado.EN_REVISION


@pytest.mark.parametrize(
    ("rol", "nombre", "accion"),
    [
        ("revisor", "informes:nuevo", policy.CREAR),
        ("revisor", "informes:importar", policy.CREAR),
        ("analista", "revision:cola", policy.VER_COLA),
    ],
)
def test_refusals_that_concern_no_report_are_logged_too(client, caplog, rol, nombre, accion):
    usuario = {"revisor": revisor, "analista": analista}[rol]()
    client.force_login(usuario)
    with caplog.at_level(logging.WARNING, logger="informes.eventos"):
        assert client.get(reverse(nombre)).status_code == 403
    (registro,) = [r for r in caplog.records if getattr(r, "evento", "") == "accion_rechazada"]
    linea = json.loads(FormatoJSON().format(registro))
    assert (linea["usuario"], linea["accion"], linea["informe"]) == (usuario.username, accion, None)
    assert "estado" not in linea


def test_a_refusal_inside_a_service_is_logged_too(caplog):
    autor = revisor()
    informe = informe_en(Estado.EN_REVISION, autor=autor, coautor=analista(), comentador=revisor())
    with (
        caplog.at_level(logging.WARNING, logger="informes.eventos"),
        pytest.raises(services.AccionNoPermitida),
    ):
        services.informe_aprobar(informe=informe, revisor=autor, comentario="")
    rechazos = [r for r in caplog.records if getattr(r, "evento", "") == "accion_rechazada"]
    assert [(r.usuario, r.informe, r.accion) for r in rechazos] == [
        (autor.username, informe.pk, "aprobar")
    ]


def test_no_log_line_ever_holds_a_password(client):
    """A failed login, a login and a form save, every log line formatted as JSON."""
    lineas = []

    class Recolector(logging.Handler):
        def emit(self, record):
            lineas.append(FormatoJSON().format(record))

    manejador = Recolector(level=logging.DEBUG)
    raiz = logging.getLogger()
    nivel_anterior = raiz.level
    raiz.addHandler(manejador)
    raiz.setLevel(logging.DEBUG)
    try:
        informe = InformeFactory()
        usuario = informe.autor
        client.post(reverse("login"), {"username": usuario.username, "password": "Mala-Clave-77"})
        client.post(reverse("login"), {"username": usuario.username, "password": CONTRASENA})
        datos = datos_formulario(informe, nombre_modelo="Guardado con registro")
        assert client.post(reverse("informes:editar", args=[informe.pk]), datos).status_code == 302
        client.post(reverse("informes:aprobar", args=[informe.pk]), {"comentario": "x"})
    finally:
        raiz.removeHandler(manejador)
        raiz.setLevel(nivel_anterior)
    texto = "\n".join(lineas)
    assert '"login_fallido"' in texto and '"accion_rechazada"' in texto  # the lines are there
    assert CONTRASENA not in texto
    assert "Mala-Clave-77" not in texto
