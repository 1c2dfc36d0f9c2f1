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
# csrfmiddlewaretoken, contador_cambios, the pressed button, the new diagrams'
# title and caption and the pasted requirements.
CAMPOS_TEXTO = 25
ETIQUETAS = 29
COLUMNAS_FILAS = (2, 2, 3)
CAMPOS_DIAGRAMA = 4
CAMPOS_GESTION = 4
CAMPOS_SUELTOS = 6


def campos_del_formulario(filas: int, diagramas: int) -> int:
    """Fields the report form posts with ``filas`` rows in each list and
    ``diagramas`` stored diagrams, every box ticked."""
    listas = sum(CAMPOS_GESTION + filas * (columnas + 1) for columnas in COLUMNAS_FILAS)
    return (
        CAMPOS_SUELTOS
        + CAMPOS_TEXTO
        + ETIQUETAS
        + listas
        + CAMPOS_GESTION
        + diagramas * CAMPOS_DIAGRAMA
    )


# Django's DATA_UPLOAD_MAX_NUMBER_FIELDS: above it Django answers a bare 400
# and the typed text is lost, so it is the largest form the formsets read.
CAMPOS_POR_ENVIO = campos_del_formulario(FILAS_LEIDAS, DIAGRAMAS_LEIDOS)

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

# --- Markdown import.

# CPU seconds that reading the largest accepted import (1 MB, the upload form's
# limit) may take, whatever its shape. Every reader is linear in the length of
# its line; the worst shape measured here (a quarter of a million one-word
# headings) takes about 1.1 s, so 2 s leaves a margin and stays far below the
# worker timeout. tests/ataques/test_importacion.py holds the importer to it.
CPU_IMPORTACION = 2
