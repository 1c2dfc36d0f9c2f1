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

# --- A report's rows.

# Rows of one kind (libraries, paths, variables) in a report. The form's
# formsets hold this many and the importer reads this many items of a list as
# rows (the rest stays as text): far more than any deployment lists, and each
# item read costs a model validation, so a 1 MB list cannot cost thousands.
FILAS_POR_TIPO = 200

# --- Markdown import.

# CPU seconds that reading the largest accepted import (1 MB, the upload form's
# limit) may take, whatever its shape. Every reader is linear in the length of
# its line; the worst shape measured here (a quarter of a million one-word
# headings) takes about 1.1 s, so 2 s leaves a margin and stays far below the
# worker timeout. tests/ataques/test_importacion.py holds the importer to it.
CPU_IMPORTACION = 2
