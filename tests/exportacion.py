"""Shared builders for the export, PDF and import tests."""

from informes import demo
from tests.factories import analista


def informe_demo(autor=None, diagrama=True):
    """The demo report exactly as ``cargar_demo`` creates it, with fixed people."""
    autor = autor or analista(username="ana", first_name="Ana", last_name="Analista")
    return demo.crear_informe(autor, diagrama=diagrama)
