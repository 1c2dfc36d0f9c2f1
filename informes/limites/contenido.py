"""Budgets of what a report holds: diagrams, text, Markdown, the form's fields, comments."""

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
