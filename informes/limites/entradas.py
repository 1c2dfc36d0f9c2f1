"""Budgets of what comes from outside: restores, sessions, search, secrets, imports, the API."""

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

# --- Secret detection (informes/secretos): what looks like a credential.

# CPU seconds the detection may take over one field of LARGO_MARKDOWN
# characters, whatever it holds. Every pattern runs on RE2, linear in the text,
# and each match is judged on its own characters: the worst shape measured here
# (a field of nothing but password assignments, 950 findings) took 0.06-0.09 s,
# plain text 0.01 s; the margin is for a loaded machine.
CPU_SECRETOS_CAMPO = 0.5
# CPU seconds for the largest report: every Markdown label, list, caption and
# «No aplica» reason full of that shape (680,000 characters, 30,000 findings;
# 1.2 s measured). The form, the report's page and the send check each read a
# report once; an import's summary reads what the import keeps, no more.
CPU_SECRETOS_INFORME = 6
# Texts whose findings each server process remembers (the least recently asked go
# first), and the longest it remembers: the edit page asks again about every value
# it shows, most of them unchanged since the last view. At most 512 × 20,000
# characters, tens of megabytes in the worst case.
SECRETOS_RECORDADOS = 512
SECRETOS_RECORDADO_LARGO = 20_000
# Findings a page, an import summary or the send refusal lists (then «and n
# more»), and findings shown beside one input: a report pasted full of keys
# must not make a page of thousands of warnings, nor a message too long for
# its cookie.
HALLAZGOS_LISTADOS = 20
HALLAZGOS_POR_CAMPO = 3

# --- Markdown import.

# CPU seconds that reading the largest accepted import (1 MB, the upload form's
# limit) may take, whatever its shape. Every reader is linear in the length of
# its line; the worst shape measured here (a quarter of a million one-word
# headings) takes about 1.1 s, so 2 s leaves a margin and stays far below the
# worker timeout. tests/ataques/test_importacion.py holds the importer to it.
CPU_IMPORTACION = 2

# --- Importing a zip: the app's own exportar.zip, or a folder zipped by hand
# with one .md and its images. Every number is checked against the zip's own
# directory before a byte is decompressed (``zip_seguro``), and again as each
# entry streams; only the .md and the images its diagrams link to are read.

# Bytes of the uploaded zip: what it holds uncompressed, since images (most of
# it) barely compress. nginx's client_max_body_size caps uploads lower still.
IMPORTACION_ZIP_TAMANO = 100 * 1024 * 1024
# Entries, folders included: a report's .md and its 20 diagrams, with room for
# the folders and stray files (a README, __MACOSX) of a folder zipped by hand.
IMPORTACION_ZIP_ENTRADAS = 50
# Bytes of the zip's central directory: 50 entries of ~400 bytes each (a
# 300-character name, its extra fields) fit many times over.
IMPORTACION_ZIP_DIRECTORIO = 1024 * 1024
# Every entry together, decompressed: 20 diagrams of a few MB and the .md.
IMPORTACION_ZIP_TOTAL = 100 * 1024 * 1024
# Decompressed over compressed size of an entry above 1 MiB. PNG, JPEG and WebP
# are compressed already (about 1:1 in a zip); the .md is at most 1 MiB, so
# exempt; a zip bomb reaches 1,000 and more.
IMPORTACION_ZIP_RAZON_MAXIMA = 100
IMPORTACION_ZIP_RAZON_DESDE = 1024 * 1024
# Characters of an entry's name: longer is no folder a person zipped.
IMPORTACION_ZIP_NOMBRE = 300

# --- The JSON API (/api/v1/) and its personal access tokens.

# Bytes of one JSON body. The largest report the forms accept is about 800,000
# characters; written as JSON with every character escaped (\uXXXX, six bytes)
# it would be under 5 MB, so 8 MiB lets any valid report through while staying
# well below DATA_UPLOAD_MAX_MEMORY_SIZE (15 MB) and parsing in tens of ms.
API_CUERPO_MAXIMO = 8 * 1024 * 1024
# Nesting of a JSON body: a report is three levels deep (body, list of rows, row).
# Python's parser stops at its recursion limit (a body of 100,000 "[" is refused
# there); a parsed body deeper than this is refused before anything reads it.
API_PROFUNDIDAD_MAXIMA = 20
# Requests a minute for one token (or one signed-in session, or one address
# without credentials), counted in the shared cache so every replica sees the
# same count. informes-cli's prefill makes at most five; a script listing 10,000
# reports 25 a page (400 requests) is done in under four minutes; a runaway loop
# is held to two requests a second.
API_PETICIONES_POR_MINUTO = 120
# A personal access token lives at most a year (90 days unless asked otherwise):
# a forgotten token stops working by itself.
TOKEN_DIAS_MAXIMOS = 365
TOKEN_DIAS_PREDETERMINADOS = 90
# Tokens in use (neither revoked nor expired) one person may hold: enough for
# each machine and pipeline they automate, a bounded list on their page.
TOKENS_POR_USUARIO = 20
