"""Playwright pages shared by the browser tests: signing in, and axe-core's serious findings."""

import re
from pathlib import Path

from django.conf import settings


def iniciar_sesion(page, usuario: str, contrasena: str):
    page.goto("/cuentas/login/")
    page.get_by_label("Usuario").fill(usuario)
    page.get_by_label("Contraseña").fill(contrasena)
    page.get_by_role("button", name="Entrar").click()
    # Reviewers land on their queue, everyone else on the list.
    page.wait_for_url(re.compile(r"/(informes|revision)/$"))


AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def hallazgos_graves(pagina) -> list[str]:
    # evaluate() is not subject to the page's CSP, unlike an injected <script>.
    pagina.evaluate(AXE.read_text())
    resultado = pagina.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in resultado["violations"]
        if v["impact"] in ("serious", "critical")
    ]
