"""What the user typed in the search box, as the words both engines look for."""

import re
import unicodedata

import snowballstemmer

from .. import limites

# Letters and digits; FTS5's default tokenizer, PostgreSQL's parser and this
# pattern all split on the rest (punctuation, spaces, "_", query syntax).
PALABRA_RE = re.compile(r"[^\W_]+")

# Spanish function words that PostgreSQL's Spanish configuration drops from
# documents and queries alike (tests/busqueda/test_busqueda.py checks each one there).
# SQLite drops them from the query too, or "de" would have to match somewhere.
PALABRAS_VACIAS = frozenset(
    """
    a al ante como con contra cuando de del desde donde e el en entre es esa ese eso
    esta estas este esto estos fue hasta la las le les lo los mi muy ni o para pero
    por que se sin sobre son su sus tu un una uno unos y ya
    """.split()  # noqa: SIM905
)

_estemizador = snowballstemmer.stemmer("spanish")


def sin_tildes(texto: str) -> str:
    """Lower case without diacritics ("Año" -> "ano"), as FTS5's remove_diacritics."""
    descompuesto = unicodedata.normalize("NFKD", texto.lower())
    return "".join(c for c in descompuesto if not unicodedata.combining(c))


def texto_limpio(q: str) -> str:
    """``q`` without control, format or unassigned characters (PostgreSQL refuses
    NUL), single-spaced and at most ``limites.LARGO_BUSQUEDA`` characters."""
    visibles = "".join(c for c in q[: 4 * limites.LARGO_BUSQUEDA] if _visible(c))
    return " ".join(visibles.split())[: limites.LARGO_BUSQUEDA]


def _visible(caracter: str) -> bool:
    return not unicodedata.category(caracter).startswith("C")


def palabras(q: str) -> list[str]:
    """The words a search looks for: letters and digits as typed, without the
    Spanish stop words, each once, at most ``limites.PALABRAS_BUSQUEDA``."""
    vistas = []
    for palabra in PALABRA_RE.findall(q):
        if sin_tildes(palabra) in PALABRAS_VACIAS or palabra in vistas:
            continue
        vistas.append(palabra)
    return vistas[: limites.PALABRAS_BUSQUEDA]


def raiz(palabra: str) -> str:
    """The Snowball Spanish stem of a word without accents ("arboles" -> "arbol"),
    the algorithm of PostgreSQL's Spanish configuration; words with digits stay
    whole, as PostgreSQL keeps them."""
    return _estemizador.stemWord(palabra) if palabra.isalpha() else palabra
