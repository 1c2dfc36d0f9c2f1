"""The load script (``bench/carga.py``) at reduced size: gunicorn on loopback,
analysts saving and sending drafts while reviewers approve and request changes.

Set ``INFORMES_CARGA_DATABASE_URL`` to an empty PostgreSQL database to run it
there; by default it makes its own SQLite file.
"""

import os

import pytest


@pytest.fixture(scope="module")
def resultado(carga):
    return carga.ejecutar(
        segundos=5,
        analistas=3,
        revisores=2,
        trabajadores=2,
        maximo=200,
        base_de_datos=os.environ.get("INFORMES_CARGA_DATABASE_URL"),
    )


def test_concurrent_users_get_no_server_error(resultado):
    assert resultado.errores_servidor == []


def test_every_acknowledged_save_is_stored_and_in_the_trail(resultado):
    assert resultado.guardados_confirmados > 0
    assert resultado.guardados_perdidos == []


def test_no_report_is_transitioned_twice(resultado):
    assert resultado.transiciones.get("enviar", 0) > 0  # reviewers had work to race on
    assert resultado.transiciones_dobles == []


def test_the_form_parser_submits_what_a_browser_would(carga):
    html = (
        '<form action="/a/"><input name="t" value="1"><input type="checkbox" name="c">'
        '<input type="checkbox" name="d" checked value="x"><textarea name="m">\nhola\n</textarea>'
        '<select name="s"><option value="1">1</option><option value="2" selected>2</option>'
        '</select><input type="submit" name="accion" value="guardar"></form>'
    )
    assert carga.formularios_de(html) == {
        "/a/": [("t", "1"), ("d", "x"), ("m", "hola\n"), ("s", "2")]
    }
