"""The workflow table: policy, services and the detail page's buttons all follow it."""

import pytest
from django.urls import reverse

from informes import flujo, policy, services
from informes.flujo import Accion, Estado, Quien
from informes.models import AccionAuditoria, Informe
from tests.factories import informe_completo, revisor
from tests.permisos import preparar

pytestmark = pytest.mark.django_db


def test_every_transition_is_recorded_under_its_own_name():
    for regla in flujo.TRANSICIONES:
        assert regla.accion in AccionAuditoria.values, regla.accion
        assert regla.hacia in Estado.values
        assert regla.desde <= flujo.TODOS
        assert regla.nombre, regla.accion


def test_people_take_every_action_but_archiving_which_the_next_approval_does():
    assert set(Accion.TODAS) == {r.accion for r in flujo.REGLAS} - {Accion.ARCHIVAR}
    assert flujo.POR_ACCION[Accion.ARCHIVAR].quien == Quien.NADIE


def test_no_rule_writes_to_an_approved_or_archived_version_except_its_own_transitions():
    """Only new versions, the archive and the review date start from a closed estado."""
    cerradas = {r.accion for r in flujo.REGLAS if r.desde & flujo.ESTADOS_INMUTABLES}
    lectura = {Accion.VER, Accion.EXPORTAR, Accion.HISTORIAL, Accion.COMPARAR}
    assert cerradas - lectura == {
        Accion.NUEVA_VERSION,
        Accion.ARCHIVAR,
        Accion.CAMBIAR_PROXIMA_REVISION,
    }


def test_a_rule_changed_in_the_table_changes_what_the_policy_allows(monkeypatch):
    informe, autor = preparar("autor", Estado.EN_REVISION)
    assert not policy.puede(informe, autor, Accion.EDITAR)
    editar = flujo.POR_ACCION[Accion.EDITAR]
    otra = flujo.Regla(Accion.EDITAR, flujo.TODOS, editar.quien)
    monkeypatch.setitem(flujo.POR_ACCION, Accion.EDITAR, otra)
    monkeypatch.setattr(flujo, "REGLAS", tuple(otra if r is editar else r for r in flujo.REGLAS))
    assert policy.puede(informe, autor, Accion.EDITAR)
    assert Accion.EDITAR in policy.acciones_permitidas(informe, autor)


def test_a_transition_asks_the_policy_once(client, monkeypatch):
    informe = informe_completo()
    llamadas = []
    original = policy.puede

    def contar(informe_, user, accion):
        llamadas.append(accion)
        return original(informe_, user, accion)

    monkeypatch.setattr(policy, "puede", contar)
    client.force_login(informe.autor)
    respuesta = client.post(
        reverse("informes:enviar", args=[informe.pk]),
        {"contador": informe.contador_cambios},
    )
    assert respuesta.status_code == 302
    assert Informe.objects.get(pk=informe.pk).estado == Estado.EN_REVISION
    assert llamadas.count(Accion.ENVIAR) == 1


def test_the_conditional_update_only_moves_a_report_from_the_rules_estados():
    informe = informe_completo()
    visto = Informe.objects.get(pk=informe.pk)
    Informe.objects.filter(pk=informe.pk).update(estado=Estado.ARCHIVADO)
    with pytest.raises(services.ConflictoConcurrente):
        services.transiciones.transicionar(
            informe=visto,
            usuario=informe.autor,
            regla=flujo.POR_ACCION[Accion.ENVIAR],
            contador_visto=visto.contador_cambios,
        )
    assert Informe.objects.get(pk=informe.pk).estado == Estado.ARCHIVADO


def test_a_refused_write_on_a_closed_version_is_both_a_403_and_an_immutability_error():
    from django.core.exceptions import PermissionDenied

    from informes.models import InformeInmutable

    informe = informe_completo(estado=Estado.APROBADO)
    with pytest.raises(services.VersionCerrada) as error:
        services.informe_enviar(informe=informe, usuario=informe.autor)
    assert isinstance(error.value, PermissionDenied)
    assert isinstance(error.value, InformeInmutable)


@pytest.mark.parametrize("estado", list(Estado))
@pytest.mark.parametrize("rol", ["autor", "revisor", "coautor"])
def test_the_detail_page_shows_a_button_for_each_allowed_transition_named_as_the_table(
    client, rol, estado
):
    informe, user = preparar(rol, estado)
    client.force_login(user)
    html = client.get(reverse("informes:detalle", args=[informe.pk])).content.decode()
    permitidas = policy.acciones_permitidas(informe, user)
    for regla in flujo.TRANSICIONES:
        url = (
            reverse(f"informes:{regla.accion}", args=[informe.pk])
            if regla.quien != Quien.NADIE
            else None
        )
        if url is None:
            continue
        boton = f">{regla.nombre}</button>"
        if regla.accion in permitidas:
            assert f'action="{url}"' in html and boton in html, regla.accion
        else:
            assert f'action="{url}"' not in html, regla.accion


def test_a_reviewer_sees_the_decisions_with_their_comment_labels(client):
    informe, _autor = preparar("autor", Estado.EN_REVISION)
    juez = revisor()
    client.force_login(juez)
    html = client.get(reverse("informes:detalle", args=[informe.pk])).content.decode()
    for accion in (Accion.APROBAR, Accion.SOLICITAR_CAMBIOS):
        regla = flujo.POR_ACCION[accion]
        assert str(regla.comentario) in html
        assert f'id="{accion.replace("_", "-")}-comentario"' in html
