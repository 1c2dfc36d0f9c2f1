"""Every budget the app sets on work it does for a request: one set of numbers.

Each untrusted input (a field, an upload, an import, a restore) is bounded in
size, count and time here, and every time budget is shorter than the server's
worker timeout, so no input can hold a worker until the server kills it. The
gunicorn configuration, the Dockerfile and docker-compose.yml read the worker
timeout from this module; README's Seguridad section lists these numbers.

Plain Python on purpose: settings and the server's configuration import it.
"""

# --- Uploaded diagrams (PNG, JPEG, WebP; SVG is rasterised to PNG).

# Bytes of one uploaded file, and of its stored re-encoding (a JPEG re-encoded
# at quality 90 may grow); the PDF renderer reads up to 20 MB per resource.
TAMANO_DIAGRAMA = 10 * 1024 * 1024
TAMANO_DIAGRAMA_GUARDADO = 15 * 1024 * 1024
# Pixels of one diagram, and of its longer side: 25 MP is 5,000 x 5,000, far
# more than a printed page shows (an A4 page at 300 dpi is 8.7 MP).
PIXELES_DIAGRAMA = 25_000_000
LADO_DIAGRAMA = 12_000
# Diagrams of one report, and their pixels together: the PDF decodes and
# re-compresses every pixel of every PNG. Measured here (bench/informe_maximo.py,
# WeasyPrint 70, 2 CPUs shared at a load of 7): 20 diagrams holding 60 MP of
# hard-to-compress PNG (a quarter noise, with alpha) add 4.3-4.9 s of CPU to an
# export (10-15 s of wall-clock time at that load), opaque ones 3.7 s; 16 x 40 MP
# had passed gunicorn's 30 s. A downscaled copy made at each render (WeasyPrint's
# dpi option) saved little: the full image is still decoded (8 x 12.5 MP: 5.7 s,
# 4.2 s at 150 dpi, 7.0 s at 300 dpi). A copy stored at upload would save at most
# those seconds for a second file per diagram, so the PDF embeds the image itself.
DIAGRAMAS_POR_INFORME = 20
PIXELES_POR_INFORME = 60_000_000
# Files one save may upload; each is processed before anything is stored.
ARCHIVOS_POR_SUBIDA = 10

# SVG is rasterised by a child process with its own limits (informes/svg.py).
# Elements the drawing may draw, each <use> and url(#...) reference counted again
# every time it is drawn, text and long paths weighted by what they cost: at the
# budget CairoSVG spends about 1 s of CPU (10,000 rects took 1.1 s; a path used
# 300 times in a group used 300 times draws 90,000 paths and took 31 s).
SVG_ELEMENTOS = 10_000
# Nesting depth of the SVG's elements (CairoSVG draws them recursively).
SVG_PROFUNDIDAD = 200
# The child's CPU seconds (RLIMIT_CPU, Python's start of 0.25 s included) and
# bytes of address space (RLIMIT_AS: Python and CairoSVG take 50 MB, a 25 MP
# canvas 100 MB), and the wall-clock seconds after which it is killed: what the
# count cannot see (a viewBox that magnifies a circle 10^30 times kept CairoSVG
# busy for 160 s) stops here. The wall-clock budget is twice the CPU one: on 2
# CPUs shared with other work a 25 MP drawing that needed 1.1 s of CPU took 2.9 s.
SVG_CPU = 2
SVG_MEMORIA = 512 * 1024 * 1024
SVG_SEGUNDOS = 4
# Wall-clock seconds all the files of one save share (rasterising, decoding,
# re-encoding); a file that finds it spent is refused with its message. The
# worst save, ARCHIVOS_POR_SUBIDA SVGs each killed at SVG_SEGUNDOS, would take
# 40 s; cut here, it takes 15 s plus the re-encoding of the last file (about
# 1 s for 25 MP), a third of TIEMPO_TRABAJADOR.
SUBIDA_SEGUNDOS = 15

# --- A report's text, and turning its Markdown into HTML.

# Characters of a one-line label and of a Markdown label (the model's max_length).
LARGO_LINEA = 200
LARGO_MARKDOWN = 20_000
# Blocks nested deeper than this (a quote level counts one, a list level two) are
# beyond the Markdown parser, which bounds its recursion so; such a field is
# shown as written.
MARKDOWN_PROFUNDIDAD = 20
# Brackets nested deeper than this within a paragraph are read as text; each ``[``
# costs the parser work in proportion (links cannot nest in a link anyway).
MARKDOWN_PROFUNDIDAD_EN_LINEA = 5
# Empty cells a table may be padded with, across one field: a few rows short of
# the header's width are common, thousands are an attack (markdown_seguro.tabla).
MARKDOWN_RELLENO = 5_000
# Characters of link and image addresses and titles in one field. A reference
# definition is written once and repeated at every use: 20,000 characters of
# ``[a]`` under a long definition gave 25 MB of HTML. Past this, links are text.
MARKDOWN_DIRECCIONES = 50_000

# --- The report form: rows, diagrams, and the fields one save posts.

# Rows of each list (bibliotecas, rutas, variables de entorno): a long
# ``pip freeze`` fits. The importer reads this many items of a list as rows (the
# rest stays as text), so a 1 MB list cannot cost thousands of model validations.
# The formsets read up to FILAS_LEIDAS rows, so a list
# grown past the cap in the browser comes back with its message and its text.
FILAS_MAXIMAS = 200
FILAS_LEIDAS = FILAS_MAXIMAS + 50
# Stored diagrams the form reads back (one made before the cap may hold more).
DIAGRAMAS_LEIDOS = 2 * DIAGRAMAS_POR_INFORME

# The form's shape, as the browser posts it (tests/test_limites.py counts the
# controls of the rendered form and holds these numbers to it): one text field
# per simple label, one «No aplica» reason per label, the columns of each row
# list (each row also has its «Quitar» box), a stored diagram's pk, title,
# caption and «Eliminar» box, four management fields per formset, and
# csrfmiddlewaretoken, contador_cambios, the page's base (for a merge), the
# pressed button, the new diagrams' title and caption and the pasted requirements;
# and at most one box per section for the unclassified text an import left there
# (shown while it has any).
CAMPOS_TEXTO = 25
ETIQUETAS = 29
NOTAS_SECCION = 9
COLUMNAS_FILAS = (2, 2, 3)
CAMPOS_DIAGRAMA = 4
CAMPOS_GESTION = 4
CAMPOS_SUELTOS = 7


def campos_del_formulario(filas: int, diagramas: int) -> int:
    """Fields the report form posts with ``filas`` rows in each list and
    ``diagramas`` stored diagrams, every box ticked."""
    listas = sum(CAMPOS_GESTION + filas * (columnas + 1) for columnas in COLUMNAS_FILAS)
    return (
        CAMPOS_SUELTOS
        + CAMPOS_TEXTO
        + ETIQUETAS
        + NOTAS_SECCION
        + listas
        + CAMPOS_GESTION
        + diagramas * CAMPOS_DIAGRAMA
    )


# Django's DATA_UPLOAD_MAX_NUMBER_FIELDS: above it Django answers a bare 400
# and the typed text is lost, so it is the largest form the formsets read.
CAMPOS_POR_ENVIO = campos_del_formulario(FILAS_LEIDAS, DIAGRAMAS_LEIDOS)

# --- Review comments.

# Replies in one comment's thread: each is up to 5,000 characters and every page
# of the report shows the whole thread, so a thread cannot grow a page without
# bound; a conversation longer than this belongs in a new comment.
RESPUESTAS_POR_COMENTARIO = 100

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

# --- Merging two saves of one draft (informes/auditoria/huellas.py, fusion.py).

# The base a page started from travels as fingerprints: 6 bytes of BLAKE2b in 8
# base64 characters per text label, per «No aplica» mark and per section's note,
# two per row (its key and its values). The longest token is that of a report holding every row
# the formsets read; anything longer is not a base and merges as none.
LARGO_HUELLA = 8
LARGO_BASE = (
    2  # the format's version and its separator
    + (CAMPOS_TEXTO + ETIQUETAS + NOTAS_SECCION) * LARGO_HUELLA
    + 6  # separators
    + (3 * FILAS_LEIDAS + DIAGRAMAS_LEIDOS) * 2 * LARGO_HUELLA
)
# Tries of a save whose merge another save overtook between the read and the
# conditional write; each try reads and merges again.
INTENTOS_FUSION = 3
# Seconds a conflict the user has not decided yet stays in the shared cache
# (its URL works that long): a working day.
CONFLICTO_SEGUNDOS = 8 * 3600

# --- Presence: who else has a draft open (informes/presencia.py).

# The page sends a heartbeat every PRESENCIA_LATIDO seconds; an editor whose
# heartbeat is older than PRESENCIA_SEGUNDOS (two missed beats and a margin)
# is gone. At most PRESENCIA_MAXIMA editors are tracked per report, so a
# heartbeat reads a bounded number of cache keys.
PRESENCIA_LATIDO = 30
PRESENCIA_SEGUNDOS = 75
PRESENCIA_MAXIMA = 20

# --- Comparing two texts word by word (informes/auditoria/palabras.py).

# Steps of Myers' matching one compare page may spend over all its texts (a
# step is a diagonal visited or a token matched; the work grows with the tokens
# times the differences). Past it, what is left shows as removed and added
# blocks. Measured at this budget: at most 0.3 s of CPU and 9 MB whatever the
# texts (difflib took 10 s on two repetitive fields; tests/test_palabras.py holds
# the page under a generous bound).
PASOS_PALABRAS = 2_000_000

# --- The history page (informes/auditoria/sesiones.py).

# Autosaves of one person, each within MINUTOS_SESION of the next, are one
# entry of at most AUTOGUARDADOS_POR_ENTRADA (an hour of autosaves every 30 s):
# a page of 25 entries reads the recorded changes of at most 3,000 autosaves.
MINUTOS_SESION = 30
AUTOGUARDADOS_POR_ENTRADA = 120

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
