"""Fixtures of the production-parity tests: the load script of bench/, loaded as a module."""

import importlib.util
from pathlib import Path

import pytest

RUTA = Path(__file__).resolve().parents[2] / "bench" / "carga.py"


@pytest.fixture(scope="session")
def carga():
    """``bench/carga.py``, which drives gunicorn as browsers would; the tests reuse its parts."""
    spec = importlib.util.spec_from_file_location("bench_carga", RUTA)
    modulo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modulo)
    return modulo
