"""The template is the contract: every bold label must have a home in the model."""

import re

from informes import plantilla
from informes.models import Biblioteca, Diagrama, Informe, RutaArchivo, VariableEntorno

ETIQUETA_RE = re.compile(r"^[ \t]*- \*\*(?P<texto>[^*]+?):\*\*[ \t]*(\[(?P<pista>[^\]]*)\])?", re.M)
MODELOS_FILAS = {
    "bibliotecas": Biblioteca,
    "rutas": RutaArchivo,
    "variables_entorno": VariableEntorno,
    "diagramas": Diagrama,
}


def etiquetas_de_la_plantilla():
    """(label, hint) for every bold label of the project's copy of the template.

    Labels with no hint on their line are either groups ("Versiones de Software")
    or documentation labels whose hint is on the next paragraph.
    """
    texto = plantilla.RUTA_PLANTILLA.read_text(encoding="utf-8")
    resultado = []
    for m in ETIQUETA_RE.finditer(texto):
        pista = m.group("pista")
        if pista is None:
            siguiente = texto[m.end() :].lstrip()
            if siguiente.startswith("["):
                pista = siguiente[1 : siguiente.index("]")]
        if pista is not None:
            resultado.append((m.group("texto").strip(), pista))
    return resultado


def nombres_verbosos():
    campos = {
        str(f.verbose_name): f for f in Informe._meta.get_fields() if hasattr(f, "verbose_name")
    }
    filas = {str(m._meta.verbose_name_plural): m for m in MODELOS_FILAS.values()}
    return campos, filas


def test_the_template_has_29_fillable_labels_in_nine_sections():
    assert len(etiquetas_de_la_plantilla()) == 29
    assert len(plantilla.ETIQUETAS) == 29
    assert [s.numero for s in plantilla.SECCIONES] == list(range(1, 10))


def test_every_template_label_is_a_field_or_a_row_type():
    campos, filas = nombres_verbosos()
    for texto, _pista in etiquetas_de_la_plantilla():
        assert texto in campos or texto in filas, f"La etiqueta «{texto}» no tiene campo"


def test_every_field_carries_the_template_hint_as_help_text():
    campos, _filas = nombres_verbosos()
    for texto, pista in etiquetas_de_la_plantilla():
        if texto in campos:
            assert str(campos[texto].help_text) == pista


def test_structure_follows_the_template_order():
    assert [(e.texto, e.pista) for e in plantilla.ETIQUETAS] == etiquetas_de_la_plantilla()


def test_section_headings_match_the_template():
    texto = plantilla.RUTA_PLANTILLA.read_text(encoding="utf-8")
    encabezados = re.findall(r"^### (.+?)\s*$", texto, re.M)
    assert encabezados == [s.encabezado for s in plantilla.SECCIONES]


def test_row_types_are_named_by_their_template_label():
    for campo, modelo in MODELOS_FILAS.items():
        assert modelo._meta.verbose_name_plural == plantilla.etiqueta(campo).texto
        assert plantilla.etiqueta(campo).es_filas
