"""Personal access tokens on their owner's page (views/tokens.py) and from the command line
(``manage.py crear_token``): shown once, listed, revoked; caps on number and validity."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from informes import limites, services
from informes.models import TokenAcceso
from tests.cliente_api import ClienteAPI
from tests.factories import analista, revisor

pytestmark = pytest.mark.django_db

PAGINA = "/cuentas/tokens/"


@pytest.fixture
def ana(client):
    usuario = analista()
    client.force_login(usuario)
    return usuario


def crear(client, **datos):
    valores = {"nombre": "Portátil", "dias": "30", "alcance": "escritura", **datos}
    return client.post(PAGINA, valores)


def test_a_new_token_is_shown_once_and_works_with_the_api(client, ana):
    respuesta = crear(client)
    assert respuesta.status_code == 200
    texto = respuesta.context["nuevo"]
    assert texto.startswith("inf_pat_")
    assert texto in respuesta.content.decode()
    assert respuesta["Cache-Control"] == "private, no-store"
    token = TokenAcceso.objects.get(usuario=ana)
    assert (token.nombre, token.solo_lectura) == ("Portátil", False)
    assert abs(token.expira - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(
        minutes=1
    )
    # Never again: the list shows its start only.
    pagina = client.get(PAGINA).content.decode()
    assert texto not in pagina and token.inicio in pagina and "Portátil" in pagina
    assert ClienteAPI(texto=texto).get("/api/v1/informes/").status_code == 200


def test_the_scope_defaults_to_read_only(client, ana):
    crear(client, alcance="lectura")
    assert TokenAcceso.objects.get(usuario=ana).solo_lectura


def test_a_token_without_a_name_or_with_a_made_up_validity_is_refused(client, ana):
    assert crear(client, nombre="").status_code == 400
    assert crear(client, dias="9999").status_code == 400
    assert crear(client, nombre="a\u202eb").status_code == 400
    assert not TokenAcceso.objects.exists()


def test_revoking_a_token_ends_its_access_at_once(client, ana):
    texto = crear(client).context["nuevo"]
    token = TokenAcceso.objects.get(usuario=ana)
    respuesta = client.post(reverse("token_revocar", args=[token.pk]))
    assert respuesta.status_code == 302
    assert ClienteAPI(texto=texto).get("/api/v1/informes/").status_code == 401
    assert "Revocado" in client.get(PAGINA).content.decode()


def test_another_users_token_is_neither_listed_nor_revocable(client, ana):
    ajeno, texto = services.token_crear(usuario=revisor(), nombre="Del revisor")
    assert "Del revisor" not in client.get(PAGINA).content.decode()
    assert client.post(reverse("token_revocar", args=[ajeno.pk])).status_code == 404
    assert ClienteAPI(texto=texto).get("/api/v1/informes/").status_code == 200


def test_a_user_holds_at_most_the_cap_of_tokens_in_use(client, ana):
    for _ in range(limites.TOKENS_POR_USUARIO):
        services.token_crear(usuario=ana, nombre="x")
    respuesta = crear(client)
    assert respuesta.status_code == 400
    assert "revoque" in respuesta.content.decode()
    services.token_revocar(token=TokenAcceso.objects.first(), usuario=ana)
    assert crear(client).status_code == 200


def test_the_command_prints_a_token_that_authenticates():
    usuario = analista()
    salida, errores = StringIO(), StringIO()
    call_command("crear_token", usuario.username, "--dias", "7", stdout=salida, stderr=errores)
    texto = salida.getvalue().strip()
    token = TokenAcceso.objects.get(usuario=usuario)
    assert not token.solo_lectura
    assert token.expira - timezone.now() <= datetime.timedelta(days=7)
    assert texto not in errores.getvalue()
    assert ClienteAPI(texto=texto).post("/api/v1/informes/", {}).status_code == 201


def test_the_command_makes_read_only_tokens_and_refuses_bad_input():
    usuario = analista()
    call_command("crear_token", usuario.username, "--solo-lectura", stdout=StringIO())
    assert TokenAcceso.objects.get(usuario=usuario).solo_lectura
    with pytest.raises(CommandError, match="No existe"):
        call_command("crear_token", "nadie", stdout=StringIO())
    with pytest.raises(CommandError, match="1 a 365"):
        call_command("crear_token", usuario.username, "--dias", "0", stdout=StringIO())
