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

# --- Restoring a backup (manage.py restaurar). The zip may come from anywhere:
# every size below is checked against the zip's own directory before a byte is
# decompressed, and again while each entry streams.

# zipfile reads the whole central directory into memory, about six times its
# size: 16 MiB is ~100,000 entries (a few hundred reports make ~1,000).
RESPALDO_DIRECTORIO_MAXIMO = 16 * 1024 * 1024
RESPALDO_ENTRADAS_MAXIMAS = 100_000
# The manifest is read whole to check its signature before it is parsed: a
# manifest line per file, ~150 bytes, so 32 MiB is far beyond the entry count.
RESPALDO_MANIFIESTO_MAXIMO = 32 * 1024 * 1024
# One record of datos.jsonl (characters) is held in memory while it is restored. The largest
# report (22 Markdown fields of 20,000 characters, escaped) is about 3 MiB, and
# an audit entry holds two of its versions side by side.
RESPALDO_REGISTRO_MAXIMO = 16 * 1024 * 1024
# One entry, decompressed: far above an archived PDF/A with its diagrams and
# above the data of thousands of reports; raise it for a larger site.
RESPALDO_ENTRADA_MAXIMA = 1024**3
# Every entry together, decompressed: what a restore may write to disk and to
# the database.
RESPALDO_TOTAL_MAXIMO = 16 * 1024**3
# Decompressed size over compressed size of an entry larger than 1 MiB. The
# records of 30 demo reports compress 23 times (versions of one report repeat
# each other, so a long history compresses more); images barely compress; a
# zip bomb reaches 1,000. Small entries cannot blow up, so they are exempt.
RESPALDO_RAZON_MAXIMA = 200
RESPALDO_RAZON_DESDE = 1024 * 1024

# --- Sessions.

# Characters of a form kept for a user whose session expired while typing, to
# offer it again after the login. The largest report the forms accept is about
# 800,000 characters (22 Markdown fields of 20,000, rows, captions, reasons).
SESION_PENDIENTE_MAXIMO = 1_000_000
# Expired sessions stay this long before limpiar_sesiones deletes them: a form
# posted the next morning still finds its session and is kept.
SESION_EXPIRADA_CONSERVADA_HORAS = 24
# How often the compose stack's limpiar_sesiones runs.
SESION_LIMPIEZA_SEGUNDOS = 3600

# --- The list's search box.

# Characters of a search, as the search field's maxlength: longer text is cut.
LARGO_BUSQUEDA = 200
# Words of a search: every word is one more prefix lookup in the index, and a
# one-letter prefix can cover most of it, so a query of 200 one-letter words
# would cost 100 such lookups. Twelve is more than anyone types into the box
# (the words past it are not looked for) and keeps the worst search cheap:
# twelve one-letter words took about 60 ms at 10,000 reports on either database.
PALABRAS_BUSQUEDA = 12
