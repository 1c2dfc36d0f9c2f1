import datetime
import threading

import pytest
from django.core.files.base import ContentFile
from django.db import close_old_connections
from django.utils import timezone

from informes import demo, services
from informes.models import (
    AccionAuditoria,
    Biblioteca,
    ComentarioRevision,
    Diagrama,
    Estado,
    EventoAuditoria,
    Informe,
    InformeInmutable,
)
from tests.factories import analista, informe_completo, revisor

pytestmark = pytest.mark.django_db


def en_revision(**kwargs):
    informe = informe_completo(**kwargs)
    return services.informe_enviar(informe=informe, usuario=informe.autor)


def aprobado(**kwargs):
    informe = en_revision(**kwargs)
    return services.informe_aprobar(informe=informe, revisor=revisor())


def eventos(informe, accion):
    return EventoAuditoria.objects.filter(informe=informe, accion=accion)


def test_author_sends_a_complete_report_to_review():
    informe = informe_completo()
    services.informe_enviar(informe=informe, usuario=informe.autor)
    informe.refresh_from_db()
    assert informe.estado == Estado.EN_REVISION
    assert informe.enviado_en is not None
    evento = eventos(informe, AccionAuditoria.ENVIAR).get()
    assert (evento.estado_desde, evento.estado_hasta) == ("borrador", "en_revision")
    assert evento.usuario == informe.autor


def test_coauthor_may_send_too():
    informe = informe_completo()
    coautor = analista()
    informe.coautores.add(coautor)
    services.informe_enviar(informe=informe, usuario=coautor)
    assert Informe.objects.get(pk=informe.pk).estado == Estado.EN_REVISION


def test_incomplete_report_is_refused_with_its_incomplete_sections():
    informe = informe_completo()
    Informe.objects.filter(pk=informe.pk).update(no_aplica={}, instalacion="")
    informe.refresh_from_db()
    with pytest.raises(services.InformeIncompleto) as error:
        services.informe_enviar(informe=informe, usuario=informe.autor)
    assert [p.seccion.numero for p in error.value.pendientes] == [6, 8]
    assert error.value.mensaje == services.MENSAJE_INCOMPLETO
    assert Informe.objects.get(pk=informe.pk).estado == Estado.BORRADOR


def test_label_marked_no_aplica_with_a_reason_counts_as_filled():
    informe = informe_completo()
    Informe.objects.filter(pk=informe.pk).update(
        instalacion="", no_aplica={"diagramas": "x", "instalacion": "Se instala solo."}
    )
    informe.refresh_from_db()
    services.informe_enviar(informe=informe, usuario=informe.autor)
    assert Informe.objects.get(pk=informe.pk).estado == Estado.EN_REVISION


def test_author_withdraws_a_report_from_review():
    informe = en_revision()
    services.informe_retirar(informe=informe, usuario=informe.autor)
    assert Informe.objects.get(pk=informe.pk).estado == Estado.BORRADOR


def test_coauthor_cannot_withdraw():
    informe = en_revision()
    coautor = analista()
    informe.coautores.add(coautor)
    with pytest.raises(services.AccionNoPermitida):
        services.informe_retirar(informe=informe, usuario=coautor)


def test_reviewer_approves_and_next_review_defaults_to_twelve_months():
    informe = en_revision()
    rev = revisor()
    services.informe_aprobar(informe=informe, revisor=rev, comentario="Bien documentado.")
    informe.refresh_from_db()
    assert informe.estado == Estado.APROBADO
    assert informe.aprobado_por == rev
    hoy = timezone.localdate()
    assert informe.proxima_revision == services.en_doce_meses(hoy)
    assert (informe.proxima_revision - hoy).days in (365, 366)
    assert eventos(informe, AccionAuditoria.APROBAR).get().comentario == "Bien documentado."


def test_twelve_months_after_leap_day_is_the_last_of_february():
    assert services.en_doce_meses(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)


def test_reviewer_who_is_the_author_cannot_approve_own_report():
    informe = en_revision(autor=revisor())
    with pytest.raises(services.AccionNoPermitida):
        services.informe_aprobar(informe=informe, revisor=informe.autor)
    with pytest.raises(services.AccionNoPermitida):
        services.informe_solicitar_cambios(
            informe=informe, revisor=informe.autor, comentario="Arreglar"
        )


def test_author_cannot_approve_own_report():
    informe = en_revision()
    with pytest.raises(services.AccionNoPermitida):
        services.informe_aprobar(informe=informe, revisor=informe.autor)


def test_requesting_changes_requires_a_comment():
    informe = en_revision()
    with pytest.raises(services.DatoInvalido) as error:
        services.informe_solicitar_cambios(informe=informe, revisor=revisor(), comentario="  ")
    assert error.value.mensaje == services.MENSAJE_COMENTARIO_REQUERIDO
    assert Informe.objects.get(pk=informe.pk).estado == Estado.EN_REVISION


def test_requested_changes_leave_a_general_comment_and_the_report_can_be_resent():
    informe = en_revision()
    rev = revisor()
    services.informe_solicitar_cambios(informe=informe, revisor=rev, comentario="Falta el plan.")
    general = ComentarioRevision.objects.get(informe=informe, seccion=None)
    assert general.texto == "Falta el plan." and general.autor == rev
    informe.refresh_from_db()
    assert informe.estado == Estado.CAMBIOS_SOLICITADOS
    services.informe_enviar(informe=informe, usuario=informe.autor)
    assert Informe.objects.get(pk=informe.pk).estado == Estado.EN_REVISION


def test_new_version_copies_fields_rows_coauthors_and_diagrams_into_new_files():
    informe = informe_completo()
    coautor = analista()
    informe.coautores.add(coautor)
    services.diagrama_agregar(
        informe=informe,
        archivo=ContentFile(demo.diagrama_png(), name="d.png"),
        titulo="Arquitectura",
        usuario=informe.autor,
    )
    informe = services.informe_enviar(informe=informe, usuario=informe.autor)
    informe = services.informe_aprobar(informe=informe, revisor=revisor())
    rev = revisor()

    nuevo = services.informe_nueva_version(informe=informe, usuario=rev)

    assert (nuevo.serie, nuevo.version, nuevo.estado) == (informe.serie, 2, Estado.BORRADOR)
    assert nuevo.autor == rev
    assert set(nuevo.coautores.all()) == {informe.autor, coautor}
    assert nuevo.no_aplica == informe.no_aplica
    for campo in ("nombre_modelo", "instalacion", "linaje_modelos"):
        assert getattr(nuevo, campo) == getattr(informe, campo)
    assert list(nuevo.bibliotecas.values_list("nombre", "version")) == list(
        informe.bibliotecas.values_list("nombre", "version")
    )
    assert nuevo.rutas.count() == informe.rutas.count() > 0
    assert nuevo.variables_entorno.count() == informe.variables_entorno.count() > 0
    original, copia = informe.diagramas.get(), nuevo.diagramas.get()
    assert copia.imagen.name != original.imagen.name
    assert copia.titulo == "Arquitectura"
    with original.imagen.open("rb") as a, copia.imagen.open("rb") as b:
        assert a.read() == b.read()
    assert eventos(nuevo, AccionAuditoria.NUEVA_VERSION).exists()


def test_second_new_version_is_refused_while_a_newer_draft_is_open():
    informe = aprobado()
    services.informe_nueva_version(informe=informe, usuario=informe.autor)
    with pytest.raises(services.VersionAbierta):
        services.informe_nueva_version(informe=informe, usuario=informe.autor)
    assert Informe.objects.filter(serie=informe.serie).count() == 2


def test_approving_a_later_version_archives_the_earlier_approved_one():
    v1 = aprobado()
    v2 = services.informe_nueva_version(informe=v1, usuario=v1.autor)
    v2 = services.informe_enviar(informe=v2, usuario=v1.autor)
    services.informe_aprobar(informe=v2, revisor=revisor())
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.estado, v2.estado) == (Estado.ARCHIVADO, Estado.APROBADO)
    assert eventos(v1, AccionAuditoria.ARCHIVAR).get().estado_hasta == Estado.ARCHIVADO


@pytest.mark.parametrize("estado", [Estado.APROBADO, Estado.ARCHIVADO])
def test_services_refuse_to_change_a_closed_version(estado):
    informe = informe_completo(estado=estado)
    with pytest.raises(InformeInmutable):
        services.informe_enviar(informe=informe, usuario=informe.autor)
    with pytest.raises(InformeInmutable):
        services.diagrama_agregar(
            informe=informe,
            archivo=ContentFile(demo.diagrama_png(), name="d.png"),
            titulo="D",
            usuario=informe.autor,
        )
    assert not Diagrama.objects.filter(informe=informe).exists()


@pytest.mark.parametrize("estado", [Estado.APROBADO, Estado.ARCHIVADO])
def test_model_refuses_to_save_or_delete_a_closed_version_or_its_rows(estado):
    informe = informe_completo(estado=estado)
    informe.nombre_modelo = "Cambiado"
    with pytest.raises(InformeInmutable):
        informe.save()
    informe.estado = Estado.BORRADOR  # changing the attribute in memory does not help
    with pytest.raises(InformeInmutable):
        informe.save()
    with pytest.raises(InformeInmutable):
        informe.delete()
    fila = informe.bibliotecas.first()
    fila.version = "9.9"
    with pytest.raises(InformeInmutable):
        fila.save()
    with pytest.raises(InformeInmutable):
        fila.delete()
    with pytest.raises(InformeInmutable):
        Biblioteca(informe=informe, nombre="nuevo").save()
    assert Informe.objects.get(pk=informe.pk).nombre_modelo != "Cambiado"


def test_draft_still_saves_through_the_model():
    informe = informe_completo()
    informe.nombre_modelo = "Otro nombre"
    informe.save()
    assert Informe.objects.get(pk=informe.pk).nombre_modelo == "Otro nombre"


# Concurrency: two people acting on the same version.


def test_approve_and_request_changes_at_once_leave_exactly_one_outcome():
    informe = en_revision()
    vista_a = Informe.objects.get(pk=informe.pk)
    vista_b = Informe.objects.get(pk=informe.pk)
    services.informe_aprobar(informe=vista_a, revisor=revisor())
    with pytest.raises(services.ConflictoConcurrente) as error:
        services.informe_solicitar_cambios(informe=vista_b, revisor=revisor(), comentario="No")
    assert error.value.mensaje == services.MENSAJE_CONFLICTO
    assert Informe.objects.get(pk=informe.pk).estado == Estado.APROBADO
    decisiones = EventoAuditoria.objects.filter(
        informe=informe,
        accion__in=[AccionAuditoria.APROBAR, AccionAuditoria.SOLICITAR_CAMBIOS],
    )
    assert decisiones.count() == 1
    assert not ComentarioRevision.objects.filter(informe=informe).exists()


def test_two_reviewers_approving_at_once_approve_once():
    informe = en_revision()
    vista_a = Informe.objects.get(pk=informe.pk)
    vista_b = Informe.objects.get(pk=informe.pk)
    services.informe_aprobar(informe=vista_a, revisor=revisor())
    with pytest.raises(services.ConflictoConcurrente):
        services.informe_aprobar(informe=vista_b, revisor=revisor())
    assert eventos(informe, AccionAuditoria.APROBAR).count() == 1


def test_reviewer_cannot_approve_content_changed_since_the_page_was_loaded():
    informe = en_revision()
    visto_por_revisor = Informe.objects.get(pk=informe.pk)
    # Meanwhile the author takes it back, adds a diagram and sends it again.
    informe = services.informe_retirar(informe=informe, usuario=informe.autor)
    services.diagrama_agregar(
        informe=informe,
        archivo=ContentFile(demo.diagrama_png(), name="d.png"),
        titulo="Nuevo",
        usuario=informe.autor,
    )
    services.informe_enviar(informe=informe, usuario=informe.autor)
    with pytest.raises(services.ConflictoConcurrente):
        services.informe_aprobar(informe=visto_por_revisor, revisor=revisor())
    assert Informe.objects.get(pk=informe.pk).estado == Estado.EN_REVISION


def test_approval_fails_when_the_seen_counter_is_stale():
    informe = en_revision()
    with pytest.raises(services.ConflictoConcurrente):
        services.informe_aprobar(
            informe=informe, revisor=revisor(), contador_visto=informe.contador_cambios - 1
        )


def test_author_save_after_an_approval_is_refused():
    informe = informe_completo()
    en_el_formulario = Informe.objects.get(pk=informe.pk)
    informe = services.informe_enviar(informe=informe, usuario=informe.autor)
    services.informe_aprobar(informe=informe, revisor=revisor())
    with pytest.raises(InformeInmutable):
        services.diagrama_agregar(
            informe=en_el_formulario,
            archivo=ContentFile(demo.diagrama_png(), name="d.png"),
            titulo="Tarde",
            usuario=informe.autor,
        )
    assert not Diagrama.objects.filter(informe=informe).exists()


@pytest.mark.django_db(transaction=True)
def test_threads_approving_and_requesting_changes_together_give_one_outcome():
    informe = en_revision()
    revisores = [revisor(), revisor()]
    barrera = threading.Barrier(2)
    resultados = []

    def actuar(indice):
        try:
            vista = Informe.objects.get(pk=informe.pk)
            barrera.wait(timeout=10)
            if indice == 0:
                services.informe_aprobar(informe=vista, revisor=revisores[0])
            else:
                services.informe_solicitar_cambios(
                    informe=vista, revisor=revisores[1], comentario="Cambiar"
                )
            resultados.append("ok")
        except services.ConflictoConcurrente:
            resultados.append("conflicto")
        finally:
            close_old_connections()

    hilos = [threading.Thread(target=actuar, args=(i,)) for i in range(2)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=30)
    assert sorted(resultados) == ["conflicto", "ok"]
    final = Informe.objects.get(pk=informe.pk).estado
    assert final in (Estado.APROBADO, Estado.CAMBIOS_SOLICITADOS)
    decisiones = EventoAuditoria.objects.filter(
        informe=informe,
        accion__in=[AccionAuditoria.APROBAR, AccionAuditoria.SOLICITAR_CAMBIOS],
    )
    assert decisiones.count() == 1


# Comments and the next review date.


def test_reviewer_comments_on_a_section_and_the_author_resolves_it():
    informe = en_revision()
    rev = revisor()
    comentario = services.comentario_agregar(
        informe=informe, revisor=rev, texto="Aclare el umbral.", seccion=9
    )
    assert (comentario.seccion, comentario.resuelto) == (9, False)
    services.comentario_resolver(comentario=comentario, usuario=informe.autor)
    comentario.refresh_from_db()
    assert comentario.resuelto and comentario.resuelto_por == informe.autor
    services.comentario_resolver(comentario=comentario, usuario=informe.autor)
    assert eventos(informe, AccionAuditoria.RESOLVER_COMENTARIO).count() == 1


@pytest.mark.parametrize("seccion", [0, 10, -1])
def test_comment_on_a_section_that_does_not_exist_is_refused(seccion):
    informe = en_revision()
    with pytest.raises(services.DatoInvalido) as error:
        services.comentario_agregar(informe=informe, revisor=revisor(), texto="x", seccion=seccion)
    assert error.value.mensaje == services.MENSAJE_SECCION_INVALIDA


def test_empty_comment_is_refused():
    informe = en_revision()
    with pytest.raises(services.DatoInvalido) as error:
        services.comentario_agregar(informe=informe, revisor=revisor(), texto=" \n ")
    assert error.value.mensaje == services.MENSAJE_COMENTARIO_VACIO


def test_reviewer_moves_the_next_review_date_but_not_into_the_past():
    informe = aprobado()
    rev = revisor()
    nueva = timezone.localdate() + datetime.timedelta(days=30)
    services.proxima_revision_cambiar(informe=informe, revisor=rev, fecha=nueva)
    assert Informe.objects.get(pk=informe.pk).proxima_revision == nueva
    cambio = eventos(informe, AccionAuditoria.PROXIMA_REVISION).get().cambios[0]
    assert cambio["despues"] == nueva.isoformat()
    with pytest.raises(services.DatoInvalido) as error:
        services.proxima_revision_cambiar(
            informe=informe, revisor=rev, fecha=timezone.localdate() - datetime.timedelta(days=1)
        )
    assert error.value.mensaje == services.MENSAJE_FECHA_PASADA


def test_author_cannot_move_the_next_review_date():
    informe = aprobado()
    with pytest.raises(services.AccionNoPermitida):
        services.proxima_revision_cambiar(
            informe=informe, revisor=informe.autor, fecha=timezone.localdate()
        )
