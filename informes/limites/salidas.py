"""Budgets of the work a report's outputs take: time limits, the PDF, the caches, the archive."""

# --- Time (seconds of wall-clock time unless said otherwise).

# gunicorn kills a sync worker whose request runs longer than this.
TIEMPO_TRABAJADOR = 60
# A PDF export, from the first byte of work (Markdown to HTML included) to the
# last byte of the PDF. The margin leaves time to answer 503 before the kill.
TIEMPO_PDF = 45
# A signal re-raises the deadline this often after it first fires, should a
# library swallow the first one; a cleanup shorter than this is never cut.
TIEMPO_PDF_REPETICION = 0.5

# --- The PDF renderer.

# Bytes of one resource (stylesheet, logo, diagram) the PDF renderer may read:
# well above a diagram's stored size, far below a worker's memory.
TAMANO_RECURSO_PDF = 20 * 1024 * 1024

# Characters of text one report's labels hold together: the template's fields and
# the «No aplica» reasons (rows and diagrams have their own caps above). A save or an
# import past it is refused (services/texto.py). The PDF's cost is mostly WeasyPrint's
# work per line and per box, so the budget is what the largest allowed report leaves
# of a third of TIEMPO_PDF. Measured here (bench/informe_maximo.py, CPU time, 2 CPUs
# shared at a load of 10 to 12): the demo report 0.4 s; 20 diagrams of 60 MP 5.2 s;
# 600 rows at their longest 6.4 s (169 s before pdf.css laid tables out fixed); text
# of headings, paragraphs, lists, tables and code 2.2 s per 30,000 characters (every
# label at its longest, 460,000 characters, had taken 34 s). The three together
# took 15.6 s at that load, 11 s at a load of 5: about 5 ms of CPU a row, 75 µs a
# character of text. Adversarial shapes cost more per character (thousands of
# one-cell tables); the deadline still bounds them (tests/ataques/test_pdf.py).
TEXTO_POR_INFORME = 30_000

# --- Pages and PDFs kept by content (presentacion.detalle, exporters/cache_pdf.py).

# Characters of rendered detail-page sections each server process keeps in
# memory besides the shared cache (a filled demo report is about 12,000; the
# largest report the form accepts, about 1,000,000): a few hundred ordinary
# reports, or several of the largest, for at most some tens of MB a worker.
DETALLE_EN_MEMORIA = 8_000_000
# Bytes of stored draft PDFs together (exporters/cache_pdf.py): past it the
# least recently downloaded go first. The filled demo report's PDF, with its
# diagram, is 55 KB; a PDF embeds each diagram as stored, so one with a few
# large diagrams takes some MB: thousands of ordinary drafts fit in 1 GiB.
CACHE_PDF_TOTAL = 1024**3
# One PDF above this is served but not kept: the largest reports (20 diagrams
# of up to 15 MB each) would otherwise push every other draft out of the cache.
CACHE_PDF_ENTRADA = 64 * 1024 * 1024
# Days a stored PDF stays without a download before limpiar_media removes it.
CACHE_PDF_DIAS = 30

# --- The archival PDF/A (rendered by the task worker, or in the request).

# Automatic attempts of one version's archive before it waits for a download to
# ask again; attempt n+1 waits ARCHIVO_ESPERA * 2**(n-1) seconds (1, 2, 4, 8 min).
ARCHIVO_INTENTOS = 5
ARCHIVO_ESPERA = 60
# A queued archive task still "running" after this long died with its worker
# (killed, restarted): another may be queued. Twice the render's deadline.
ARCHIVO_TAREA_PERDIDA = 2 * TIEMPO_PDF
