"""Every budget the app sets on work it does for a request: one set of numbers.

Each untrusted input (a field, an upload, an import, a restore) is bounded in
size, count and time here, and every time budget is shorter than the server's
worker timeout, so no input can hold a worker until the server kills it. The
gunicorn configuration, the Dockerfile and docker-compose.yml read the worker
timeout from this module; README's Seguridad section lists these numbers.

Plain Python on purpose: settings and the server's configuration import it.
"""

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

# --- The archival PDF/A (rendered by the task worker, or in the request).

# Automatic attempts of one version's archive before it waits for a download to
# ask again; attempt n+1 waits ARCHIVO_ESPERA * 2**(n-1) seconds (1, 2, 4, 8 min).
ARCHIVO_INTENTOS = 5
ARCHIVO_ESPERA = 60
# A queued archive task still "running" after this long died with its worker
# (killed, restarted): another may be queued. Twice the render's deadline.
ARCHIVO_TAREA_PERDIDA = 2 * TIEMPO_PDF
