"""auditoria.palabras: word-level differences, exact and within a budget whatever the texts."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from informes import plantilla
from informes.auditoria import comparar, palabras
from informes.auditoria.instantaneas import vacia


def lados(a: str, b: str):
    trozos_a, trozos_b = palabras.diferencias(a, b)
    return [(t.tipo, t.texto) for t in trozos_a], [(t.tipo, t.texto) for t in trozos_b]


def test_only_the_changed_words_are_marked():
    a = "El modelo se entrena cada semana con los datos del mes."
    b = "El modelo se reentrena cada mes con los datos del trimestre."
    trozos_a, trozos_b = lados(a, b)
    assert [t for tipo, t in trozos_a if tipo == "quitado"] == ["entrena", "semana", "mes"]
    assert [t for tipo, t in trozos_b if tipo == "agregado"] == ["reentrena", "mes", "trimestre"]


def test_equal_texts_are_one_unchanged_piece_and_empty_sides_one_block():
    assert lados("igual", "igual") == ([("igual", "igual")], [("igual", "igual")])
    assert lados("", "nuevo texto") == ([], [("agregado", "nuevo texto")])


texto = st.text(st.sampled_from("ab c\n."), max_size=40)


@given(texto, texto)
@settings(max_examples=300, deadline=None)
def test_each_side_reads_back_whole_and_both_share_the_unchanged_pieces(a, b):
    trozos_a, trozos_b = palabras.diferencias(a, b)
    assert "".join(t.texto for t in trozos_a) == a
    assert "".join(t.texto for t in trozos_b) == b
    assert {t.tipo for t in trozos_a} <= {"igual", "quitado"}
    assert {t.tipo for t in trozos_b} <= {"igual", "agregado"}
    iguales_a = "".join(t.texto for t in trozos_a if t.tipo == "igual")
    iguales_b = "".join(t.texto for t in trozos_b if t.tipo == "igual")
    assert iguales_a == iguales_b


# Texts on which difflib's matcher took 5 to 10 s each (700 words).
REPETITIVOS = [
    ("a b c " * 235, "c b a " * 235),
    ("a " * 700, "a b " * 350),
    ("a  b " * 350, "a b  " * 350),
    ("a " * 10_000, "b " * 10_000),
]


def test_a_compare_page_of_the_worst_texts_stays_within_its_cpu_budget():
    campos = [e.campo for e in plantilla.ETIQUETAS if not e.es_filas]
    a, b = vacia(), vacia()
    for n, campo in enumerate(campos):
        a["campos"][campo], b["campos"][campo] = REPETITIVOS[n % len(REPETITIVOS)]
    inicio = time.process_time()
    secciones = comparar(a, b)
    gastado = time.process_time() - inicio
    # About 0.3 s measured for the whole page; generous for a loaded machine.
    assert gastado < 3, gastado
    elementos = [e for s in secciones for e in s.elementos if e.trozos_a]
    assert len(elementos) == len(campos)
    for e in elementos:
        assert "".join(t.texto for t in e.trozos_a) == e.a
