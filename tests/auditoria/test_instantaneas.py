import pytest
from django.core.files.base import ContentFile

from informes import auditoria, demo, services
from informes.models import (
    AccionAuditoria,
    AuditoriaInmutable,
    Biblioteca,
    EventoAuditoria,
    Informe,
    RutaArchivo,
)
from informes.services import eventos
from tests.factories import analista, informe_completo

pytestmark = pytest.mark.django_db


def por_campo(cambios):
    return {c["campo"]: c for c in cambios}


def test_diff_reports_a_changed_text_field_with_before_and_after():
    informe = informe_completo()
    antes = auditoria.instantanea(informe)
    Informe.objects.filter(pk=informe.pk).update(plan_contingencia="Volver a la versión 1.")
    informe.refresh_from_db()
    cambios = por_campo(auditoria.diferencias(antes, auditoria.instantanea(informe)))
    assert set(cambios) == {"plan_contingencia"}
    assert cambios["plan_contingencia"]["despues"] == "Volver a la versión 1."
    assert cambios["plan_contingencia"]["antes"] == demo.CAMPOS["plan_contingencia"]


def test_diff_reports_rows_added_removed_and_changed():
    informe = informe_completo()
    antes = auditoria.instantanea(informe)
    primera, segunda = list(informe.bibliotecas.all())[:2]
    Biblioteca.objects.filter(pk=primera.pk).update(version="99.0")
    Biblioteca.objects.filter(pk=segunda.pk).delete()
    Biblioteca.objects.create(informe=informe, nombre="polars", version="1.0", orden=9)
    RutaArchivo.objects.create(informe=informe, ruta="/srv/nuevo.py", orden=9)
    cambios = por_campo(auditoria.diferencias(antes, auditoria.instantanea(informe)))
    bibliotecas = cambios["bibliotecas"]
    assert bibliotecas["agregadas"] == [{"nombre": "polars", "version": "1.0"}]
    assert [f["nombre"] for f in bibliotecas["eliminadas"]] == [segunda.nombre]
    assert bibliotecas["cambiadas"] == [
        {
            "antes": {"nombre": primera.nombre, "version": primera.version},
            "despues": {"nombre": primera.nombre, "version": "99.0"},
        }
    ]
    assert cambios["rutas"]["agregadas"][0]["ruta"] == "/srv/nuevo.py"


def test_reordering_rows_is_not_a_change():
    informe = informe_completo()
    antes = auditoria.instantanea(informe)
    for fila in informe.bibliotecas.all():
        Biblioteca.objects.filter(pk=fila.pk).update(orden=100 - fila.orden)
    assert auditoria.diferencias(antes, auditoria.instantanea(informe)) == []


def test_diff_reports_diagrams_added_and_removed_and_no_aplica_marks():
    informe = informe_completo()
    antes = auditoria.instantanea(informe)
    services.diagrama_agregar(
        informe=informe, archivo=ContentFile(demo.diagrama_png(), name="d.png"), titulo="Flujo"
    )
    Informe.objects.filter(pk=informe.pk).update(no_aplica={})
    informe.refresh_from_db()
    despues = auditoria.instantanea(informe)
    cambios = por_campo(auditoria.diferencias(antes, despues))
    assert [d["titulo"] for d in cambios["diagramas"]["agregadas"]] == ["Flujo"]
    assert cambios["diagramas"]["eliminadas"] == []
    na = [c for c in auditoria.diferencias(antes, despues) if c["tipo"] == "no_aplica"]
    assert na == [
        {"campo": "diagramas", "tipo": "no_aplica", "antes": "Sin diagrama.", "despues": ""}
    ]
    removido = por_campo(auditoria.diferencias(despues, antes))["diagramas"]
    assert [d["titulo"] for d in removido["eliminadas"]] == ["Flujo"]


def test_diff_reports_coauthors_added():
    informe = informe_completo()
    antes = auditoria.instantanea(informe)
    otro = analista()
    informe.coautores.add(otro)
    cambios = por_campo(auditoria.diferencias(antes, auditoria.instantanea(informe)))
    assert cambios["coautores"]["agregadas"] == [otro.username]


def test_creating_a_report_records_who_and_every_filled_field():
    autor = analista()
    informe = services.informe_crear(
        autor=autor,
        campos={"nombre_modelo": "Modelo X"},
        filas={"bibliotecas": [{"nombre": "numpy", "version": "2.1"}]},
    )
    evento = EventoAuditoria.objects.get(informe=informe)
    assert (evento.accion, evento.usuario, evento.estado_hasta) == ("crear", autor, "borrador")
    cambios = por_campo(evento.cambios)
    assert cambios["nombre_modelo"]["despues"] == "Modelo X"
    assert cambios["bibliotecas"]["agregadas"] == [{"nombre": "numpy", "version": "2.1"}]


def test_adding_a_diagram_records_a_save_with_the_diagram():
    informe = informe_completo()
    services.diagrama_agregar(
        informe=informe,
        archivo=ContentFile(demo.diagrama_png(), name="d.png"),
        titulo="Red",
        usuario=informe.autor,
    )
    evento = EventoAuditoria.objects.get(informe=informe, accion=AccionAuditoria.GUARDAR)
    assert evento.usuario == informe.autor
    assert por_campo(evento.cambios)["diagramas"]["agregadas"][0]["titulo"] == "Red"


def test_a_save_without_changes_records_nothing():
    informe = informe_completo()
    foto = auditoria.instantanea(informe)
    assert (
        eventos.registrar_guardado(informe=informe, usuario=informe.autor, antes=foto, despues=foto)
        is None
    )
    assert not EventoAuditoria.objects.filter(informe=informe).exists()


def test_registrar_guardado_records_field_level_changes_for_the_form():
    informe = informe_completo()
    antes = auditoria.instantanea(informe)
    Informe.objects.filter(pk=informe.pk).update(comunicacion="Correo semanal.")
    informe.refresh_from_db()
    evento = eventos.registrar_guardado(
        informe=informe, usuario=informe.autor, antes=antes, despues=auditoria.instantanea(informe)
    )
    assert evento.accion == AccionAuditoria.GUARDAR
    assert evento.cambios[0]["campo"] == "comunicacion"
    assert auditoria.con_etiquetas(evento.cambios)[0]["etiqueta"] == "Comunicación"


def test_audit_entries_cannot_be_changed_or_deleted():
    informe = informe_completo()
    evento = eventos.registrar(informe=informe, usuario=informe.autor, accion="enviar")
    evento.comentario = "reescrito"
    with pytest.raises(AuditoriaInmutable):
        evento.save()
    with pytest.raises(AuditoriaInmutable):
        evento.delete()
    with pytest.raises(AuditoriaInmutable):
        EventoAuditoria.objects.filter(pk=evento.pk).update(comentario="x")
    with pytest.raises(AuditoriaInmutable):
        EventoAuditoria.objects.filter(pk=evento.pk).delete()
    assert EventoAuditoria.objects.get(pk=evento.pk).comentario == ""


def test_comparison_marks_changed_labels_and_rows():
    informe = informe_completo()
    a = auditoria.instantanea(informe)
    Informe.objects.filter(pk=informe.pk).update(fase_liberacion="Fase final")
    Biblioteca.objects.create(informe=informe, nombre="polars", version="1.0", orden=9)
    informe.refresh_from_db()
    secciones = auditoria.comparar(a, auditoria.instantanea(informe))
    cambiados = {e.etiqueta.campo for s in secciones for e in s.elementos if e.cambiado}
    assert cambiados == {"fase_liberacion", "bibliotecas"}
    bibliotecas = next(
        e for s in secciones for e in s.elementos if e.etiqueta.campo == "bibliotecas"
    )
    assert [f.b["nombre"] for f in bibliotecas.filas if f.estado == "agregada"] == ["polars"]
