"""auditoria.fusion: the three-way merge of two saves, by label and by row (pure, no database)."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from informes import plantilla
from informes.auditoria.fusion import contenido_mio, fusionar, resolver
from informes.auditoria.huellas import Base, normalizado

CAMPOS = ("nombre_modelo", "descripcion_modelo", "comunicacion")
MARCAS = ("rutas", "hardware_requerido")
LISTAS = ("bibliotecas", "rutas", "variables_entorno")


def contenido(campos=None, no_aplica=None, **filas) -> dict:
    return {
        "campos": dict(campos or {}),
        "no_aplica": dict(no_aplica or {}),
        "filas": {t: list(filas.get(t, ())) for t in (*LISTAS, "diagramas")},
    }


def ruta(r, p=""):
    return {"ruta": r, "proposito": p}


def variable(n, p="", v=""):
    return {"nombre": n, "proposito": p, "valor_ejemplo": v}


def diagrama(pk, titulo, leyenda=""):
    return {"pk": pk, "titulo": titulo, "leyenda": leyenda}


def merge(base, mio, guardado):
    return fusionar(Base.de(base), mio, guardado)


# --- Labels.


def test_labels_only_one_side_changed_take_that_sides_value():
    base = contenido({"nombre_modelo": "A", "comunicacion": "C"})
    mio = contenido({"nombre_modelo": "Mío", "comunicacion": "C"})
    guardado = contenido({"nombre_modelo": "A", "comunicacion": "Suyo"})
    fusion = merge(base, mio, guardado)
    assert not fusion.conflictos
    assert fusion.resultado["campos"]["nombre_modelo"] == "Mío"
    assert fusion.resultado["campos"]["comunicacion"] == "Suyo"
    assert fusion.propios == ["nombre_modelo"] and fusion.ajenos == ["comunicacion"]


def test_a_label_both_changed_alike_is_no_conflict():
    base = contenido({"nombre_modelo": "A"})
    igual = contenido({"nombre_modelo": "B"})
    fusion = merge(base, igual, igual)
    assert not fusion.conflictos and fusion.resultado["campos"]["nombre_modelo"] == "B"


def test_a_label_both_changed_differently_is_a_conflict_holding_the_stored_value():
    base = contenido({"nombre_modelo": "A", "comunicacion": "C"})
    mio = contenido({"nombre_modelo": "Mío", "comunicacion": "Mía"})
    guardado = contenido({"nombre_modelo": "Suyo", "comunicacion": "C"})
    fusion = merge(base, mio, guardado)
    [conflicto] = fusion.conflictos
    assert (conflicto.tipo, conflicto.campo, conflicto.mio, conflicto.guardado) == (
        "texto", "nombre_modelo", "Mío", "Suyo",
    )  # fmt: skip
    assert fusion.resultado["campos"]["nombre_modelo"] == "Suyo"
    assert fusion.resultado["campos"]["comunicacion"] == "Mía"  # merged meanwhile
    resultado, pendientes = resolver(fusion, {conflicto.firma: "Decidido"})
    assert not pendientes and resultado["campos"]["nombre_modelo"] == "Decidido"
    assert resultado["campos"]["comunicacion"] == "Mía"


def test_no_aplica_marks_merge_like_labels():
    base = contenido(no_aplica={"rutas": "No lee archivos"})
    mio = contenido(no_aplica={})  # unmarked here
    guardado = contenido(no_aplica={"rutas": "No lee archivos", "hardware_requerido": "Nube"})
    fusion = merge(base, mio, guardado)
    assert not fusion.conflictos
    assert fusion.resultado["no_aplica"] == {"hardware_requerido": "Nube"}

    otro = contenido(no_aplica={"rutas": "Otro motivo"})
    [conflicto] = merge(base, mio, otro).conflictos
    assert (conflicto.tipo, conflicto.mio, conflicto.guardado) == ("no_aplica", "", "Otro motivo")
    resultado, _ = resolver(merge(base, mio, otro), {conflicto.firma: ""})
    assert resultado["no_aplica"] == {}


def test_without_a_base_every_difference_is_a_conflict_and_equal_values_are_not():
    mio = contenido({"nombre_modelo": "A", "comunicacion": "Igual"}, rutas=[ruta("/a")])
    guardado = contenido({"nombre_modelo": "B", "comunicacion": "Igual"}, rutas=[ruta("/b")])
    fusion = fusionar(None, mio, guardado)
    claves = sorted((c.campo, c.tipo) for c in fusion.conflictos)
    assert claves == [("nombre_modelo", "texto"), ("rutas", "fila"), ("rutas", "fila")]
    assert not fusionar(None, mio, mio).conflictos


# --- Rows.


def test_a_path_row_with_the_same_path_and_purpose_is_the_same_row():
    base = contenido(rutas=[ruta("/a", "x"), ruta("/b", "y")])
    mio = contenido(rutas=[ruta("/a", "x"), ruta("/b", "y"), ruta("/c", "z")])
    guardado = contenido(rutas=[ruta("/a", "x2"), ruta("/b", "y")])
    fusion = merge(base, mio, guardado)
    assert not fusion.conflictos
    esperadas = [ruta("/a", "x2"), ruta("/b", "y"), ruta("/c", "z")]
    assert fusion.resultado["filas"]["rutas"] == esperadas


def test_a_row_deleted_on_one_side_and_edited_on_the_other_is_a_conflict():
    base = contenido(variables_entorno=[variable("A", "uno"), variable("B", "dos")])
    mio = contenido(variables_entorno=[variable("B", "dos")])
    guardado = contenido(variables_entorno=[variable("A", "editada"), variable("B", "dos")])
    fusion = merge(base, mio, guardado)
    [conflicto] = fusion.conflictos
    assert (conflicto.mio, conflicto.guardado) == (None, variable("A", "editada"))
    assert [v["nombre"] for v in fusion.resultado["filas"]["variables_entorno"]] == ["A", "B"]
    borrada, _ = resolver(fusion, {conflicto.firma: None})
    assert borrada["filas"]["variables_entorno"] == [variable("B", "dos")]
    # Deleting on both sides is agreement, not a conflict.
    assert not merge(base, mio, mio).conflictos


def test_a_row_edited_differently_on_both_sides_is_one_conflict_in_its_place():
    base = contenido(rutas=[ruta("/a", "x"), ruta("/b", "y")])
    mio = contenido(rutas=[ruta("/a", "mío"), ruta("/b", "y")])
    guardado = contenido(rutas=[ruta("/a", "suyo"), ruta("/b", "y")])
    fusion = merge(base, mio, guardado)
    [conflicto] = fusion.conflictos
    resultado, _ = resolver(fusion, {conflicto.firma: conflicto.mio})
    assert resultado["filas"]["rutas"] == [ruta("/a", "mío"), ruta("/b", "y")]


def test_rows_both_sides_added_alike_appear_once_and_differently_conflict():
    base = contenido(variables_entorno=[variable("A")])
    mio = contenido(variables_entorno=[variable("A"), variable("B", "b"), variable("C", "c")])
    guardado = contenido(variables_entorno=[variable("A"), variable("B", "b"), variable("C", "x")])
    fusion = merge(base, mio, guardado)
    [conflicto] = fusion.conflictos
    assert (conflicto.mio, conflicto.guardado) == (variable("C", "c"), variable("C", "x"))
    assert [v["nombre"] for v in fusion.resultado["filas"]["variables_entorno"]] == ["A", "B", "C"]


def test_reordering_on_one_side_keeps_the_other_sides_edits_and_additions():
    base = contenido(rutas=[ruta("/a"), ruta("/b"), ruta("/c")])
    mio = contenido(rutas=[ruta("/c"), ruta("/b"), ruta("/a")])
    guardado = contenido(rutas=[ruta("/a"), ruta("/b", "editada"), ruta("/nueva"), ruta("/c")])
    fusion = merge(base, mio, guardado)
    assert not fusion.conflictos
    assert fusion.resultado["filas"]["rutas"] == [
        ruta("/c"), ruta("/b", "editada"), ruta("/nueva"), ruta("/a"),
    ]  # fmt: skip
    # The other way round: the stored side reordered, this page edited.
    fusion = merge(base, guardado, mio)
    assert fusion.resultado["filas"]["rutas"][0] == ruta("/c")
    assert ruta("/b", "editada") in fusion.resultado["filas"]["rutas"]


def test_duplicate_rows_pair_one_to_one():
    base = contenido(bibliotecas=[{"nombre": "x", "version": "1"}, {"nombre": "x", "version": "2"}])
    mio = contenido(bibliotecas=[{"nombre": "x", "version": "2"}])  # removed the first
    guardado = contenido(
        bibliotecas=[{"nombre": "x", "version": "1"}, {"nombre": "x", "version": "3"}]
    )  # edited the second
    fusion = merge(base, mio, guardado)
    assert not fusion.conflictos
    assert fusion.resultado["filas"]["bibliotecas"] == [{"nombre": "x", "version": "3"}]


# --- Diagrams.


def test_a_diagram_retitled_here_and_captioned_there_is_one_row_conflict():
    base = contenido(diagramas=[diagrama(1, "Plano"), diagrama(2, "Flujo")])
    mio = contenido(diagramas=[diagrama(1, "Plano nuevo"), diagrama(2, "Flujo")])
    guardado = contenido(diagramas=[diagrama(1, "Plano", "Leyenda"), diagrama(2, "Flujo", "L2")])
    fusion = merge(base, mio, guardado)
    [conflicto] = fusion.conflictos
    assert conflicto.campo == "diagramas" and conflicto.mio["pk"] == 1
    resultado, _ = resolver(fusion, {conflicto.firma: {"titulo": "Plano nuevo", "leyenda": "L"}})
    esperados = [diagrama(1, "Plano nuevo", "L"), diagrama(2, "Flujo", "L2")]
    assert resultado["filas"]["diagramas"] == esperados


def test_a_page_that_does_not_mention_a_diagram_leaves_it_alone():
    base = contenido(diagramas=[diagrama(1, "Plano"), diagrama(2, "Flujo")])
    guardado = contenido(diagramas=[*base["filas"]["diagramas"], diagrama(3, "Nuevo")])
    solo_uno = contenido(diagramas=[diagrama(1, "Plano renombrado")])
    fusion = merge(base, solo_uno, guardado)
    assert not fusion.conflictos
    assert [d["titulo"] for d in fusion.resultado["filas"]["diagramas"]] == [
        "Plano renombrado", "Flujo", "Nuevo",
    ]  # fmt: skip


def test_a_diagram_is_removed_only_when_named_and_a_removed_one_edited_there_conflicts():
    base = contenido(diagramas=[diagrama(1, "Plano"), diagrama(2, "Flujo")])
    mio = {**contenido(diagramas=[diagrama(2, "Flujo")]), "diagramas_borrados": [1]}
    fusion = merge(base, mio, base)
    assert fusion.resultado["filas"]["diagramas"] == [diagrama(2, "Flujo")]
    editado = contenido(diagramas=[diagrama(1, "Plano", "Cambiada"), diagrama(2, "Flujo")])
    [conflicto] = merge(base, mio, editado).conflictos
    assert (conflicto.mio, conflicto.guardado) == (None, diagrama(1, "Plano", "Cambiada"))


def test_a_diagram_removed_by_the_other_save_stays_removed_unless_edited_here():
    base = contenido(diagramas=[diagrama(1, "Plano"), diagrama(2, "Flujo")])
    guardado = contenido(diagramas=[diagrama(2, "Flujo")])
    assert merge(base, base, guardado).resultado["filas"]["diagramas"] == [diagrama(2, "Flujo")]
    editado = contenido(diagramas=[diagrama(1, "Plano editado"), diagrama(2, "Flujo")])
    [conflicto] = merge(base, editado, guardado).conflictos
    assert (conflicto.mio["titulo"], conflicto.guardado) == ("Plano editado", None)


def test_a_diagram_neither_side_holds_is_dropped_from_the_page():
    base = contenido(diagramas=[diagrama(1, "Plano")])
    mio = contenido(diagramas=[diagrama(1, "Plano"), diagrama(99, "Inventado")])
    fusion = merge(base, mio, base)
    assert fusion.resultado["filas"]["diagramas"] == [diagrama(1, "Plano")]


def test_a_saves_arguments_become_a_content_with_stored_parts_for_what_it_left_out():
    guardado = contenido({"nombre_modelo": "A", "comunicacion": "C"}, rutas=[ruta("/a")])
    mio = contenido_mio(
        guardado,
        campos={"nombre_modelo": "B"},
        diagramas=[{"pk": 1, "titulo": "T", "leyenda": "", "borrar": True}, {"pk": None}],
    )
    assert mio["campos"] == {"nombre_modelo": "B", "comunicacion": "C"}
    assert mio["filas"]["rutas"] == [ruta("/a")] and mio["filas"]["diagramas"] == []
    assert mio["diagramas_borrados"] == [1]


# --- Properties, over contents drawn from small alphabets so that keys collide.

texto = st.sampled_from(["", "a", "b", "c"])
filas_de = {
    "bibliotecas": st.lists(
        st.fixed_dictionaries(
            {"nombre": st.sampled_from("xyz"), "version": st.sampled_from("123")}
        ),
        max_size=4,
    ),
    "rutas": st.lists(
        st.fixed_dictionaries({"ruta": st.sampled_from(["/a", "/b", "/c"]), "proposito": texto}),
        max_size=4,
    ),
    "variables_entorno": st.lists(
        st.fixed_dictionaries(
            {"nombre": st.sampled_from("ABC"), "proposito": texto, "valor_ejemplo": texto}
        ),
        max_size=3,
        unique_by=lambda v: v["nombre"],
    ),
    "diagramas": st.lists(
        st.builds(diagrama, st.integers(1, 5), st.sampled_from(["P", "Q"]), texto),
        max_size=3,
        unique_by=lambda d: d["pk"],
    ),
}
contenidos = st.builds(
    lambda campos, marcas, filas: contenido(campos, marcas, **filas),
    st.fixed_dictionaries(dict.fromkeys(CAMPOS, texto)),
    st.fixed_dictionaries(dict.fromkeys(MARCAS, texto)),
    st.fixed_dictionaries(filas_de),
)


@st.composite
def cambiado(draw, base: dict, pagina: bool = False) -> dict:
    """``base`` with some labels and lists replaced: each part kept, or drawn anew.

    A page lists only diagrams it started with (a new one is stored by its
    upload first), retitled, captioned, reordered or fewer.
    """
    nuevo = draw(contenidos)
    resultado = contenido(base["campos"], base["no_aplica"], **base["filas"])
    for campo in CAMPOS:
        if draw(st.booleans()):
            resultado["campos"][campo] = nuevo["campos"][campo]
    if draw(st.booleans()):
        resultado["no_aplica"] = nuevo["no_aplica"]
    for tipo in resultado["filas"]:
        eleccion = draw(st.sampled_from(["igual", "nuevo", "permutado", "recortado"]))
        filas = base["filas"][tipo]
        if eleccion == "nuevo" and pagina and tipo == "diagramas":
            resultado["filas"][tipo] = [
                diagrama(d["pk"], draw(st.sampled_from(["P", "Q"])), draw(texto)) for d in filas
            ]
        elif eleccion == "nuevo":
            resultado["filas"][tipo] = nuevo["filas"][tipo]
        elif eleccion == "permutado":
            resultado["filas"][tipo] = draw(st.permutations(filas))
        elif eleccion == "recortado" and filas:
            resultado["filas"][tipo] = filas[: draw(st.integers(0, len(filas) - 1))]
    return resultado


tres = contenidos.flatmap(lambda b: st.tuples(st.just(b), cambiado(b, pagina=True), cambiado(b)))
COMO_LISTA = ("bibliotecas", "rutas", "variables_entorno")


def como_pagina(base: dict, c: dict) -> dict:
    """A page names every diagram it removed: those it started with and no longer lists."""
    listados = {d["pk"] for d in c["filas"]["diagramas"]}
    borrados = [d["pk"] for d in base["filas"]["diagramas"] if d["pk"] not in listados]
    return {**c, "diagramas_borrados": borrados}


@given(tres)
@settings(max_examples=150, deadline=None)
def test_merging_with_an_unchanged_side_gives_the_other_side(casos):
    base, mio, guardado = casos
    fusion = merge(base, base, guardado)
    assert not fusion.conflictos and fusion.resultado == normalizado(guardado)
    fusion = merge(base, como_pagina(base, mio), base)
    assert not fusion.conflictos and fusion.resultado == normalizado(mio)


@given(tres)
@settings(max_examples=150, deadline=None)
def test_both_sides_making_the_same_changes_merge_without_conflict(casos):
    base, mio, _guardado = casos
    fusion = merge(base, como_pagina(base, mio), mio)
    assert not fusion.conflictos
    assert fusion.resultado == normalizado(mio)


def multiconjunto(filas) -> Counter:
    return Counter(tuple(sorted(f.items())) for f in filas)


@given(tres)
@settings(max_examples=150, deadline=None)
def test_no_change_of_either_side_is_lost_without_a_conflict(casos):
    base, mio, guardado = casos
    fusion = merge(base, como_pagina(base, mio), guardado)
    resultado = fusion.resultado
    en_conflicto = {c.campo for c in fusion.conflictos}
    for campo in CAMPOS:
        b, m, g = (x["campos"][campo] for x in (base, mio, guardado))
        if campo in en_conflicto:
            assert b != m != g != b
        elif m != b:
            assert resultado["campos"][campo] == m
        else:
            assert resultado["campos"][campo] == g
    for tipo in (*COMO_LISTA, "diagramas"):
        if tipo in en_conflicto:
            continue
        b, m, g, r = (
            multiconjunto(x["filas"][tipo]) for x in (base, mio, guardado, resultado)
        )  # fmt: skip
        # Every row either side added is there; every row either side removed
        # (and the other left alone) is not.
        assert (m - b) <= r and (g - b) <= r
        assert not ((b - m) & (b - g) & r) or (m & g & r)
        if m == b:
            assert r == g
        if g == b:
            assert r == m


@given(tres)
@settings(max_examples=150, deadline=None)
def test_conflicts_are_the_same_whichever_side_saves_second(casos):
    base, mio, guardado = casos
    una = merge(base, mio, guardado)
    otra = merge(base, guardado, mio)
    assert sorted((c.campo, c.tipo) for c in una.conflictos if c.campo != "diagramas") == sorted(
        (c.campo, c.tipo) for c in otra.conflictos if c.campo != "diagramas"
    )


@given(tres)
@settings(max_examples=150, deadline=None)
def test_deciding_every_conflict_for_this_page_keeps_every_change_of_this_page(casos):
    base, mio, guardado = casos
    pagina = como_pagina(base, mio)
    fusion = merge(base, pagina, guardado)
    resultado, pendientes = resolver(fusion, {c.firma: c.mio for c in fusion.conflictos})
    assert not pendientes
    for campo in CAMPOS:
        if mio["campos"][campo] != base["campos"][campo]:
            assert resultado["campos"][campo] == mio["campos"][campo]
    for tipo in COMO_LISTA:
        assert multiconjunto(mio["filas"][tipo]) - multiconjunto(base["filas"][tipo]) <= (
            multiconjunto(resultado["filas"][tipo])
        )
    # Deciding every conflict for the stored side gives the merge as it stood.
    guardado_decidido, _ = resolver(fusion, {c.firma: c.guardado for c in fusion.conflictos})
    assert guardado_decidido == fusion.resultado


def test_the_merge_covers_every_label_of_the_template():
    vacio = contenido()
    fusion = merge(vacio, vacio, vacio)
    assert set(fusion.resultado["campos"]) == set(plantilla.CAMPOS_SIMPLES)
    assert set(fusion.resultado["filas"]) == {*COMO_LISTA, "diagramas"}
