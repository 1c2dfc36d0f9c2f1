"""services.informe_guardar: the one guarded write of a report's content."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from informes import images, policy, services
from informes.models import Diagrama, Estado, Informe
from tests.factories import InformeFactory, analista, revisor

pytestmark = pytest.mark.django_db


def guardar(informe, **kwargs):
    kwargs.setdefault("editor", informe.autor)
    kwargs.setdefault("contador_esperado", informe.contador_cambios)
    return services.informe_guardar(informe=informe, **kwargs)


def imagen_limpia(color="red"):
    salida = io.BytesIO()
    Image.new("RGB", (20, 10), color).save(salida, format="PNG")
    salida.seek(0)
    salida.name = "a.png"
    salida.size = len(salida.getvalue())
    return images.limpiar_imagen(salida)


def test_save_writes_fields_and_increments_the_counter():
    informe = InformeFactory(filas=False)
    guardado = guardar(informe, campos={"nombre_modelo": "Nuevo nombre"})
    assert guardado.nombre_modelo == "Nuevo nombre"
    assert Informe.objects.get(pk=informe.pk).contador_cambios == 1


def test_a_stale_counter_is_a_conflict_and_writes_nothing():
    informe = InformeFactory(filas=False)
    guardar(informe, campos={"nombre_modelo": "Primero"})
    with pytest.raises(services.ConflictoEdicion) as conflicto:
        guardar(informe, contador_esperado=0, campos={"nombre_modelo": "Segundo"})
    assert conflicto.value.actual.nombre_modelo == "Primero"
    assert Informe.objects.get(pk=informe.pk).nombre_modelo == "Primero"


@pytest.mark.parametrize("estado", [Estado.EN_REVISION, Estado.APROBADO, Estado.ARCHIVADO])
def test_service_refuses_a_report_that_is_not_editable_whoever_calls(estado):
    informe = InformeFactory(filas=False)
    Informe.objects.filter(pk=informe.pk).update(estado=estado)
    informe.refresh_from_db()
    with pytest.raises(services.InformeNoEditable):
        guardar(informe, campos={"nombre_modelo": "Cambiado"})
    assert Informe.objects.get(pk=informe.pk).nombre_modelo != "Cambiado"


def test_service_refuses_a_report_whose_estado_changed_after_it_was_loaded():
    informe = InformeFactory(filas=False)
    Informe.objects.filter(pk=informe.pk).update(estado=Estado.APROBADO)
    with pytest.raises(services.InformeNoEditable):
        guardar(informe, campos={"nombre_modelo": "Cambiado"})  # in memory still borrador
    assert Informe.objects.get(pk=informe.pk).nombre_modelo != "Cambiado"


@pytest.mark.parametrize("quien", [analista, revisor])
def test_service_refuses_an_editor_who_is_not_an_author(quien):
    informe = InformeFactory(filas=False)
    with pytest.raises(services.EdicionNoPermitida):
        guardar(informe, editor=quien(), campos={"nombre_modelo": "Ajeno"})


def test_a_coauthor_may_save():
    informe = InformeFactory(filas=False)
    coautor = analista()
    informe.coautores.add(coautor)
    assert guardar(informe, editor=coautor, campos={"nombre_modelo": "Coautoría"})


def test_rows_are_replaced_not_duplicated_by_repeated_saves():
    informe = InformeFactory(filas=False)
    filas = {"bibliotecas": [{"nombre": "pandas", "version": "2.2.3"}]}
    guardar(informe, filas=filas)
    informe.refresh_from_db()
    guardar(informe, filas=filas)
    assert list(informe.bibliotecas.values_list("nombre", flat=True)) == ["pandas"]


def test_an_invalid_row_rolls_back_the_fields_and_the_counter():
    informe = InformeFactory(filas=False)
    with pytest.raises(ValidationError):
        guardar(
            informe,
            campos={"nombre_modelo": "No debe quedar"},
            filas={"variables_entorno": [{"nombre": "1 MAL"}]},
        )
    guardado = Informe.objects.get(pk=informe.pk)
    assert guardado.nombre_modelo != "No debe quedar"
    assert guardado.contador_cambios == 0


def test_an_over_long_field_is_refused_before_any_write():
    informe = InformeFactory(filas=False)
    with pytest.raises(ValidationError):
        guardar(informe, campos={"nombre_modelo": "x" * 201})
    assert Informe.objects.get(pk=informe.pk).contador_cambios == 0


def test_new_diagram_files_are_removed_when_the_save_fails(media_temporal):
    informe = InformeFactory(filas=False)
    with pytest.raises(ValidationError):
        guardar(
            informe,
            diagramas_nuevos=[services.DiagramaNuevo(imagen_limpia(), "Bien"),
                              services.DiagramaNuevo(imagen_limpia(), "x" * 300)],
        )  # fmt: skip
    assert not Diagrama.objects.exists()
    assert not any(p.is_file() for p in media_temporal.rglob("*"))


def test_diagrams_are_retitled_reordered_and_deleted(
    media_temporal, django_capture_on_commit_callbacks
):
    informe = InformeFactory(filas=False)
    guardar(
        informe,
        diagramas_nuevos=[
            services.DiagramaNuevo(imagen_limpia("red"), "A"),
            services.DiagramaNuevo(imagen_limpia("blue"), "B"),
            services.DiagramaNuevo(imagen_limpia("green"), "C"),
        ],
    )
    a, b, c = informe.diagramas.all()
    informe.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        guardar(
            informe,
            diagramas=[
                {"pk": c.pk, "titulo": "C2", "leyenda": "tercera", "borrar": False},
                {"pk": a.pk, "titulo": "A", "leyenda": "", "borrar": False},
                {"pk": b.pk, "titulo": "B", "leyenda": "", "borrar": True},
            ],
        )
    assert [(d.titulo, d.leyenda) for d in informe.diagramas.all()] == [
        ("C2", "tercera"),
        ("A", ""),
    ]
    assert not (media_temporal / b.imagen.name).exists()


def test_another_reports_diagram_cannot_be_touched(media_temporal):
    ajeno = InformeFactory(filas=False)
    guardar(ajeno, diagramas_nuevos=[services.DiagramaNuevo(imagen_limpia(), "Ajeno")])
    diagrama = ajeno.diagramas.get()
    informe = InformeFactory(filas=False)
    guardar(
        informe,
        diagramas=[{"pk": diagrama.pk, "titulo": "Robado", "leyenda": "", "borrar": True}],
    )
    assert Diagrama.objects.get(pk=diagrama.pk).titulo == "Ajeno"


def test_no_aplica_marks_count_as_filled_and_blank_reasons_are_dropped():
    informe = InformeFactory(filas=False)
    guardado = guardar(informe, no_aplica={"rutas": "Sin archivos externos", "diagramas": "  "})
    assert guardado.no_aplica == {"rutas": "Sin archivos externos"}


def test_new_report_and_its_content_are_created_together():
    autor = analista()
    informe = services.informe_nuevo_guardar(
        autor=autor, campos={"nombre_modelo": "Desde cero"}, filas={"rutas": [{"ruta": "/a"}]}
    )
    assert informe.autor == autor and informe.contador_cambios == 1
    assert informe.rutas.get().ruta == "/a"
    assert policy.puede(informe, autor, policy.Accion.EDITAR)


# --- One family of refusals: every one carries the message users read.


def test_every_refusal_of_a_save_carries_its_message_and_belongs_to_one_family():
    informe = InformeFactory(filas=False)
    guardar(informe, campos={"nombre_modelo": "Primero"})
    with pytest.raises(services.ConflictoEdicion) as conflicto:
        guardar(informe, contador_esperado=0, campos={"nombre_modelo": "Segundo"})
    with pytest.raises(services.EdicionNoPermitida) as ajeno:
        guardar(informe, editor=analista())
    Informe.objects.filter(pk=informe.pk).update(estado=Estado.APROBADO)
    informe.refresh_from_db()
    with pytest.raises(services.InformeNoEditable) as cerrado:
        guardar(informe)
    for error, mensaje in (
        (conflicto.value, services.ERROR_CONFLICTO),
        (ajeno.value, services.ERROR_SIN_PERMISO),
        (cerrado.value, services.ERROR_NO_EDITABLE),
    ):
        assert isinstance(error, services.ErrorInforme)
        assert error.mensaje == mensaje and str(error) == str(mensaje)
    # Refusals of who or when are 403s; a conflict is not (it has its own page).
    assert isinstance(ajeno.value, PermissionDenied)
    assert isinstance(cerrado.value, PermissionDenied)
    assert not isinstance(conflicto.value, PermissionDenied)


def test_review_refusals_shown_as_messages_are_not_403s_and_policy_refusals_are():
    assert issubclass(services.AccionNoPermitida, services.NoPermitido)
    for clase in (
        services.ConflictoConcurrente,
        services.DatoInvalido,
        services.VersionAbierta,
        services.InformeIncompleto,
    ):
        assert issubclass(clase, services.ErrorRevision)
        assert issubclass(clase, services.ErrorInforme)
        assert not issubclass(clase, PermissionDenied)


def test_a_form_save_that_loses_a_race_with_approval_answers_403_and_writes_nothing(rf):
    from informes.views import edicion
    from tests.formularios import datos_formulario

    informe = InformeFactory(filas=False)
    datos = datos_formulario(informe, nombre_modelo="Tarde")
    # The view loaded the draft; a reviewer approves before the save runs.
    Informe.objects.filter(pk=informe.pk).update(estado=Estado.APROBADO)
    request = rf.post(f"/informes/{informe.pk}/editar/", datos)
    request.user = informe.autor
    with pytest.raises(PermissionDenied):
        edicion._procesar(request, informe)
    assert Informe.objects.get(pk=informe.pk).nombre_modelo != "Tarde"
