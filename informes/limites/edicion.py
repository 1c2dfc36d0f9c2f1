"""Budgets of editing together: merging two saves, presence, word differences, the history."""

from .contenido import CAMPOS_TEXTO, DIAGRAMAS_LEIDOS, ETIQUETAS, FILAS_LEIDAS, NOTAS_SECCION

# --- Merging two saves of one draft (informes/auditoria/huellas.py, fusion.py).

# The base a page started from travels as fingerprints: 6 bytes of BLAKE2b in 8
# base64 characters per text label, per «No aplica» mark and per section's note,
# two per row (its key and its values). The longest token is that of a report
# holding every row the formsets read; anything longer is not a base and merges
# as none.
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
# texts (difflib took 10 s on two repetitive fields; tests/auditoria/test_palabras.py holds
# the page under a generous bound).
PASOS_PALABRAS = 2_000_000

# --- The history page (informes/auditoria/sesiones.py).

# Autosaves of one person, each within MINUTOS_SESION of the next, are one
# entry of at most AUTOGUARDADOS_POR_ENTRADA (an hour of autosaves every 30 s):
# a page of 25 entries reads the recorded changes of at most 3,000 autosaves.
MINUTOS_SESION = 30
AUTOGUARDADOS_POR_ENTRADA = 120
