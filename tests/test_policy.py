import pytest
from django.contrib.auth.models import AnonymousUser

from informes import policy, services
from informes.models import Estado
from tests.factories import revisor
from tests.permisos import ESPERADO, ESTADOS, ROLES, preparar

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("estado", ESTADOS)
@pytest.mark.parametrize("rol", ROLES)
def test_every_role_gets_exactly_the_expected_actions_in_every_estado(rol, estado):
    informe, user = preparar(rol, estado)
    permitidas = policy.acciones_permitidas(informe, user or AnonymousUser())
    assert permitidas == ESPERADO[rol][estado]
    for accion in policy.Accion.TODAS:
        assert policy.puede(informe, user or AnonymousUser(), accion) == (
            accion in ESPERADO[rol][estado]
        ), accion


def test_grid_covers_every_action_the_policy_knows():
    nombradas = set().union(*(a for r in ESPERADO.values() for a in r.values()))
    assert nombradas == set(policy.Accion.TODAS)


def test_reviewer_who_is_a_coauthor_cannot_approve():
    informe, _autor = preparar("autor", Estado.EN_REVISION)
    rev = revisor()
    informe.coautores.add(rev)
    assert not policy.puede(informe, rev, policy.Accion.APROBAR)
    assert not policy.puede(informe, rev, policy.Accion.SOLICITAR_CAMBIOS)


def test_new_version_is_not_offered_while_a_newer_version_is_open():
    informe, autor = preparar("autor", Estado.APROBADO)
    services.informe_nueva_version(informe=informe, usuario=autor)
    assert not policy.puede(informe, autor, policy.Accion.NUEVA_VERSION)


def test_inactive_user_may_do_nothing():
    informe, autor = preparar("autor", Estado.BORRADOR)
    autor.is_active = False
    assert policy.acciones_permitidas(informe, autor) == frozenset()


def test_exigir_refuses_with_permission_denied():
    from django.core.exceptions import PermissionDenied

    informe, autor = preparar("autor", Estado.EN_REVISION)
    with pytest.raises(PermissionDenied):
        policy.exigir(informe, autor, policy.Accion.APROBAR)
