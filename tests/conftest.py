import os

import pytest

from tests.servidor_produccion import ServidorProduccion

# Playwright's sync API runs an event loop in the test's thread; Django's ORM
# refuses to run there unless told it is safe (it is: one thread, no async code).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def media_temporal(settings, tmp_path):
    """Each test writes uploads into its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def servidor_produccion(tmp_path_factory):
    """The one production server of this test run, started by the first test that asks
    (the modules that share it use data of their own) and stopped when the run ends."""
    servidor = ServidorProduccion(tmp_path_factory.mktemp("produccion"))
    yield servidor
    servidor.detener()
