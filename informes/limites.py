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

# --- The list's search box.

# Characters of a search, as the search field's maxlength: longer text is cut.
LARGO_BUSQUEDA = 200
# Words of a search: every word is one more prefix lookup in the index, and a
# one-letter prefix can cover most of it, so a query of 200 one-letter words
# would cost 100 such lookups. Twelve is more than anyone types into the box
# (the words past it are not looked for) and keeps the worst search cheap:
# twelve one-letter words took about 60 ms at 10,000 reports on either database.
PALABRAS_BUSQUEDA = 12
