"""services.combinacion through informe_guardar: a save merged with one that came first."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from PIL import Image

from informes import auditoria, services
from informes.models import Diagrama, Estado, EventoAuditoria, Informe
from informes.services import combinacion
from informes.services.errores import MENSAJE_FUSIONADO
from tests.factories import InformeFactory

pytestmark = pytest.mark.django_db


def png() -> SimpleUploadedFile:
    salida = io.BytesIO()
    Image.new("RGB", (30, 20), "green").save(salida, format="PNG")
    return SimpleUploadedFile("plano.png", salida.getvalue())


def base_de(informe) -> str:
    return auditoria.token_de(auditoria.contenido(Informe.objects.get(pk=informe.pk)))


def guardar(informe, base, contador, **argumentos):
    return services.informe_guardar_fusionando(
        informe=Informe.objects.get(pk=informe.pk),
        editor=informe.autor,
        contador_esperado=contador,
        base=base,
        **argumentos,
    )


@pytest.fixture
def informe():
    return InformeFactory()


def test_a_save_from_an_older_base_keeps_the_other_saves_labels_and_rows(informe):
    base = base_de(informe)
    rutas = list(informe.rutas.values("ruta", "proposito"))
    guardar(informe, base, 0, campos={"comunicacion": "Primero"})
    guardado = guardar(
        informe,
        base,
        0,
        campos={"comunicacion": informe.comunicacion, "hardware_requerido": "Segundo"},
        filas={"rutas": [*rutas, {"ruta": "/nueva", "proposito": ""}]},
    )
    final = Informe.objects.get(pk=informe.pk)
    assert (final.comunicacion, final.hardware_requerido) == ("Primero", "Segundo")
    assert final.rutas.count() == len(rutas) + 1
    assert guardado.recargar and guardado.base == base_de(informe)
    evento = EventoAuditoria.objects.filter(informe=informe).latest("pk")
    assert evento.comentario == str(MENSAJE_FUSIONADO)
    assert {c["campo"] for c in evento.cambios} == {"hardware_requerido", "rutas"}


def test_a_save_in_step_with_the_report_writes_as_it_comes_and_needs_no_reload(informe):
    guardado = guardar(informe, base_de(informe), 0, campos={"comunicacion": "Solo"})
    assert not guardado.recargar
    evento = EventoAuditoria.objects.filter(informe=informe).latest("pk")
    assert evento.comentario == ""


def test_a_true_conflict_writes_nothing_until_it_is_decided(informe):
    base = base_de(informe)
    guardar(informe, base, 0, campos={"comunicacion": "Primero"})
    antes = (
        auditoria.instantanea(Informe.objects.get(pk=informe.pk)),
        Informe.objects.get(pk=informe.pk).contador_cambios,
    )
    with pytest.raises(services.ConflictoFusion) as error:
        guardar(informe, base, 0, campos={"comunicacion": "Segundo", "fase_liberacion": "F"})
    [conflicto] = error.value.pendientes
    assert (conflicto.mio, conflicto.guardado) == ("Segundo", "Primero")
    despues = (
        auditoria.instantanea(Informe.objects.get(pk=informe.pk)),
        Informe.objects.get(pk=informe.pk).contador_cambios,
    )
    assert despues == antes
    guardar(informe, base, 0, campos={"comunicacion": "Segundo", "fase_liberacion": "F"},
            decisiones={conflicto.firma: "Los dos"})  # fmt: skip
    final = Informe.objects.get(pk=informe.pk)
    assert (final.comunicacion, final.fase_liberacion) == ("Los dos", "F")


def test_a_page_out_of_step_keeps_its_base_after_an_upload_so_no_save_is_overwritten(informe):
    # The upload's answer gives a page that was not up to date no hidden values
    # (views/diagramas.py): it saves later with the base it had.
    pagina = {"base": base_de(informe), "contador_cambios": "0"}
    guardar(informe, pagina["base"], 0, campos={"comunicacion": "Del otro"})
    diagrama = services.diagrama_agregar(informe=informe, archivo=png(), titulo="Plano")
    guardar(
        informe,
        pagina["base"],
        int(pagina["contador_cambios"]),
        campos={"comunicacion": informe.comunicacion, "hardware_requerido": "Mío"},
        diagramas=[{"pk": diagrama.pk, "titulo": "Plano", "leyenda": "", "borrar": False}],
    )
    final = Informe.objects.get(pk=informe.pk)
    assert (final.comunicacion, final.hardware_requerido) == ("Del otro", "Mío")
    assert final.diagramas.get().pk == diagrama.pk


def test_a_diagram_removed_here_and_retitled_there_is_a_conflict(informe, media_temporal):
    diagrama = services.diagrama_agregar(informe=informe, archivo=png(), titulo="Plano")
    base, contador = base_de(informe), Informe.objects.get(pk=informe.pk).contador_cambios
    fila = {"pk": diagrama.pk, "leyenda": "", "borrar": False}
    guardar(informe, base, contador, diagramas=[{**fila, "titulo": "Plano general"}])
    with pytest.raises(services.ConflictoFusion) as error:
        guardar(informe, base, contador, diagramas=[{**fila, "titulo": "Plano", "borrar": True}])
    [conflicto] = error.value.pendientes
    assert conflicto.mio is None and conflicto.guardado["titulo"] == "Plano general"
    guardar(informe, base, contador, diagramas=[{**fila, "titulo": "Plano", "borrar": True}],
            decisiones={conflicto.firma: None})  # fmt: skip
    assert not Diagrama.objects.filter(pk=diagrama.pk).exists()


def test_a_save_that_cannot_land_still_says_why(informe):
    base = base_de(informe)
    Informe.objects.filter(pk=informe.pk).update(estado=Estado.EN_REVISION)
    with pytest.raises(services.InformeNoEditable):
        services.informe_guardar_fusionando(
            informe=informe, editor=informe.autor, contador_esperado=0, base=base,
            campos={"comunicacion": "X"},
        )  # fmt: skip


def test_a_save_overtaken_between_its_read_and_its_write_merges_again(informe, monkeypatch):
    original = combinacion.escritura
    llamadas = []

    def adelantada(**argumentos):
        escrito = original(**argumentos)
        if not llamadas:
            # Another save lands after this one read the report, before it writes.
            Informe.objects.filter(pk=informe.pk).update(
                comunicacion="Intruso", contador_cambios=F("contador_cambios") + 1
            )
        llamadas.append(escrito)
        return escrito

    monkeypatch.setattr(combinacion, "escritura", adelantada)
    guardar(informe, base_de(informe), 0, campos={"hardware_requerido": "Mío"})
    final = Informe.objects.get(pk=informe.pk)
    assert len(llamadas) == 2
    assert (final.comunicacion, final.hardware_requerido) == ("Intruso", "Mío")
    assert final.contador_cambios == 2


def test_a_sections_unclassified_text_merges_like_a_label(informe):
    Informe.objects.filter(pk=informe.pk).update(notas={"2": "Nota importada", "5": "Otra"})
    base, contador = base_de(informe), Informe.objects.get(pk=informe.pk).contador_cambios
    notas = {"2": "Nota importada", "5": "Otra"}
    # One page moves section 2's note into its label; another, from the same
    # base, edits a label of its own and posts the notes as it showed them.
    guardar(informe, base, contador, campos={"comunicacion": "Movida"}, notas={"5": "Otra"})
    guardado = guardar(informe, base, contador, campos={"hardware_requerido": "GPU"}, notas=notas)
    final = Informe.objects.get(pk=informe.pk)
    assert final.notas == {"5": "Otra"}
    assert (final.comunicacion, final.hardware_requerido) == ("Movida", "GPU")
    assert guardado.recargar and guardado.base == base_de(informe)


def test_a_note_both_pages_changed_differently_is_a_conflict_decided_by_a_person(informe):
    Informe.objects.filter(pk=informe.pk).update(notas={"3": "Original"})
    base, contador = base_de(informe), Informe.objects.get(pk=informe.pk).contador_cambios
    guardar(informe, base, contador, notas={"3": "De la otra página"})
    with pytest.raises(services.ConflictoFusion) as error:
        guardar(informe, base, contador, notas={"3": "De esta página"})
    [conflicto] = error.value.pendientes
    assert (conflicto.tipo, conflicto.campo) == ("nota", "3")
    assert conflicto.titulo == "Texto sin clasificar de la sección 3"
    assert Informe.objects.get(pk=informe.pk).notas == {"3": "De la otra página"}
    decisiones = {conflicto.firma: "Las dos, unidas"}
    guardar(informe, base, contador, notas={"3": "De esta página"}, decisiones=decisiones)
    assert Informe.objects.get(pk=informe.pk).notas == {"3": "Las dos, unidas"}
