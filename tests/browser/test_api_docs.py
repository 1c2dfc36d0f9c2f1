"""The API's docs page in Chromium: Swagger UI draws every operation from vendored files,
under the app's strict CSP (no 'unsafe-inline'), with no violation and nothing fetched
from another origin."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_docs_render_every_operation_without_a_csp_violation(pagina, live_server):
    violaciones, externas = [], []
    pagina.on(
        "console",
        lambda m: violaciones.append(m.text) if "Content Security Policy" in m.text else None,
    )
    pagina.on(
        "request",
        lambda r: externas.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    respuesta = pagina.goto("/api/v1/docs/")
    politica = respuesta.headers["content-security-policy"]
    assert "unsafe-inline" not in politica and "unsafe-eval" not in politica
    expect(pagina.locator(".opblock-summary-path").first).to_be_visible()
    rutas = pagina.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/informes/{id}/" in [r.replace("\u200b", "") for r in rutas]
    # Open one operation: its parameters and responses render too.
    pagina.locator(".opblock-summary-path", has_text="/api/v1/informes/").first.click()
    expect(pagina.locator(".parameters-container").first).to_be_visible()
    assert pagina.get_by_role("button", name="Authorize").is_visible()
    assert violaciones == []
    assert externas == []
