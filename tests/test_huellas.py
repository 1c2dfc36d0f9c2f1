"""huellas: fingerprints of the templates and code a cached rendering came from."""

from django.test import override_settings

from informes import huellas


def motor(carpeta):
    """Template settings reading ``carpeta`` first; each override makes a new engine,
    so the cached loader reads the files again."""
    from django.conf import settings

    plantillas = [dict(settings.TEMPLATES[0])]
    plantillas[0]["DIRS"] = [carpeta, *plantillas[0]["DIRS"]]
    return override_settings(TEMPLATES=plantillas)


def test_a_template_fingerprint_follows_the_templates_it_includes_and_extends(tmp_path):
    (tmp_path / "h").mkdir()
    (tmp_path / "h" / "base.html").write_text("<main>{% block c %}{% endblock %}</main>")
    (tmp_path / "h" / "parte.html").write_text("<p>uno</p>")
    (tmp_path / "h" / "pagina.html").write_text(
        '{% extends "h/base.html" %}{% block c %}{% if x %}{% include "h/parte.html" %}'
        "{% endif %}{% endblock %}"
    )
    with motor(tmp_path):
        primera = huellas.de_plantilla("h/pagina.html")
        assert huellas.de_plantilla("h/pagina.html") == primera
    (tmp_path / "h" / "parte.html").write_text("<p>dos</p>")
    with motor(tmp_path):
        segunda = huellas.de_plantilla("h/pagina.html")
    (tmp_path / "h" / "base.html").write_text("<main>{% block c %}{% endblock %}</main>\n")
    with motor(tmp_path):
        tercera = huellas.de_plantilla("h/pagina.html")
    assert len({primera, segunda, tercera}) == 3


def test_a_code_fingerprint_is_of_the_files_bytes():
    una = huellas.de_codigo("huellas.py")
    assert una == huellas.de_codigo("huellas.py")
    assert una != huellas.de_codigo("huellas.py", "limites/contenido.py")
    assert huellas.de_codigo("no-existe.py") != huellas.de_codigo("huellas.py")


def test_json_fingerprints_do_not_depend_on_key_order():
    assert huellas.sha256_json({"a": 1, "b": [2]}) == huellas.sha256_json({"b": [2], "a": 1})
    assert huellas.sha256_json({"a": 1}) != huellas.sha256_json({"a": "1 "})
