"""Playwright driving the system Chromium (Playwright's own browser download
cannot work without internet; Debian's package lives at /usr/bin/chromium)."""

import os
import threading
import time

import pytest
from playwright.sync_api import expect

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGUMENTOS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def navegador():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium no está en {CHROMIUM}: ejecute 'make test' o fije CHROMIUM_PATH.")
    with sync_playwright() as p:
        # Playwright gives each launch a new, empty profile of its own.
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGUMENTOS)
        yield browser
        browser.close()


@pytest.fixture
def pagina(navegador, live_server):
    """A fresh browser context and page.

    Fails the test on any uncaught script error and on any alert, confirm or
    prompt dialog (an injected script's usual first move). The "leave page?"
    dialog is not an error: tests that trigger it handle it themselves.
    """
    contexto = navegador.new_context(base_url=live_server.url, locale="es-CO")
    page = contexto.new_page()
    errores = []
    page.on("pageerror", lambda e: errores.append(str(e)))

    def al_abrir_dialogo(dialogo):
        if dialogo.type != "beforeunload":
            errores.append(f"dialog {dialogo.type}: {dialogo.message}")
            dialogo.dismiss()

    page.on("dialog", al_abrir_dialogo)
    # Generous: CI machines are shared; a slow page is not a failure of the app.
    page.set_default_timeout(30_000)
    expect.set_options(timeout=15_000)
    yield page
    contexto.close()
    esperar_peticiones_en_curso()
    assert not errores, errores


def esperar_peticiones_en_curso(segundos: float = 10) -> None:
    """Wait for the live server to finish the requests the closed page left running
    (an autosave, a heartbeat): the database is emptied right after the test, and on
    PostgreSQL emptying it while a request still reads it can deadlock."""
    fin = time.monotonic() + segundos
    while time.monotonic() < fin and any(
        "process_request_thread" in hilo.name for hilo in threading.enumerate()
    ):
        time.sleep(0.05)
