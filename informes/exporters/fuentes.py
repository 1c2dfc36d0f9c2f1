"""Which characters the PDF's fonts can draw, and what the PDF shows for those none can.

WeasyPrint draws text with Pango, which takes each character from the first
installed font that covers it, as fontconfig reports coverage. A character no
font covers would be drawn with the font's missing-glyph box (``.notdef``),
which reads as an empty box and which PDF/A forbids. So before rendering, each
such character of the HTML's text is replaced by its code point (``U+E000``)
in a marked span: the page says what was typed, and the attached Markdown of an
archive keeps the character itself. The fonts are installed by
scripts/paquetes_sistema.sh and the Dockerfile (DejaVu, Noto with its CJK and
emoji fonts), so this is left for private-use and unassigned code points and
for the rare scripts no installed font has.
"""

import ctypes
import ctypes.util
import functools
import logging
import re

logger = logging.getLogger(__name__)

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): shaping
# hides them (variation selectors, joiners, tags of flag sequences), so no glyph
# is drawn for them whether a font maps them or not.
IGNORABLES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)  # fmt: skip
# White space the layout consumes (HTML collapses it or breaks the line there).
ESPACIOS = frozenset("\t\n\r\x0c")
# Where the HTML's tags end and text begins: the template escapes ``<`` and ``>``
# inside attribute values and text, and so does the sanitizer, so a tag is
# always ``<`` up to the next ``>``.
ETIQUETA = re.compile(r"(<[^>]*>)")
MARCA = '<span class="sin-glifo">U+{:04X}</span>'


def _ignorable(punto: int) -> bool:
    return any(desde <= punto <= hasta for desde, hasta in IGNORABLES)


class _Cobertura:
    """The characters of every installed font together, as fontconfig reports them.

    ``FcFontSort`` of any pattern lists every font, and its ``csp`` argument gives
    the union of their coverage: the characters Pango can find a font for.
    """

    def __init__(self):
        self._fc = None
        self._conjunto = None
        nombre = ctypes.util.find_library("fontconfig") or "libfontconfig.so.1"
        try:
            fc = ctypes.CDLL(nombre)
        except OSError:
            logger.warning("fontconfig no disponible: no se comprueban los glifos del PDF")
            return
        vacio, entero = ctypes.c_void_p, ctypes.c_int
        fc.FcNameParse.restype = vacio
        fc.FcNameParse.argtypes = [ctypes.c_char_p]
        fc.FcConfigSubstitute.argtypes = [vacio, vacio, entero]
        fc.FcDefaultSubstitute.argtypes = [vacio]
        fc.FcFontSort.restype = vacio
        fc.FcFontSort.argtypes = [
            vacio,
            vacio,
            entero,
            ctypes.POINTER(vacio),
            ctypes.POINTER(entero),
        ]
        fc.FcFontSetDestroy.argtypes = [vacio]
        fc.FcPatternDestroy.argtypes = [vacio]
        fc.FcCharSetHasChar.restype = entero
        fc.FcCharSetHasChar.argtypes = [vacio, ctypes.c_uint32]
        patron = fc.FcNameParse(b"sans-serif")
        fc.FcConfigSubstitute(None, patron, 0)  # FcMatchPattern
        fc.FcDefaultSubstitute(patron)
        conjunto, resultado = vacio(), entero()
        fuentes = fc.FcFontSort(None, patron, 1, ctypes.byref(conjunto), ctypes.byref(resultado))
        fc.FcPatternDestroy(patron)
        if fuentes:
            fc.FcFontSetDestroy(fuentes)
        if not conjunto.value:
            logger.warning("fontconfig no encontró fuentes: no se comprueban los glifos del PDF")
            return
        # The union is kept for the life of the process, as Pango keeps its fonts.
        self._fc, self._conjunto = fc, conjunto

    @functools.lru_cache(maxsize=65_536)  # noqa: B019 (one instance, for the process)
    def cubre(self, caracter: str) -> bool:
        if self._conjunto is None:
            return True
        return bool(self._fc.FcCharSetHasChar(self._conjunto, ord(caracter)))


@functools.cache
def _cobertura() -> _Cobertura:
    return _Cobertura()


def dibujable(caracter: str) -> bool:
    """Whether the PDF draws ``caracter`` with a glyph of an installed font, or draws
    nothing for it by design (an ignorable code point, white space)."""
    if " " <= caracter <= "~" or caracter in ESPACIOS:
        return True
    punto = ord(caracter)
    if _ignorable(punto):
        return True
    if punto < 0x20 or 0x7F <= punto < 0xA0:
        return False  # controls: fonts may map them, but nothing should be drawn
    return _cobertura().cubre(caracter)


def sin_glifo(texto: str) -> list[str]:
    """The distinct characters of ``texto`` no installed font draws, in order of code point."""
    return sorted(c for c in set(texto) if not dibujable(c))


def sustituir(html: str) -> str:
    """``html`` with every character of its body's text that no font draws written as
    its code point in a ``sin-glifo`` span. Tags, attribute values and the head (the
    title goes to the PDF's metadata, never drawn) are left as they are."""
    inicio = max(html.find("<body"), 0)
    faltan = sin_glifo(html[inicio:])
    if not faltan:
        return html
    patron = re.compile("[" + "".join(re.escape(c) for c in faltan) + "]")
    partes = ETIQUETA.split(html[inicio:])
    # re.split with a group: text at even indexes, tags at odd ones.
    for indice in range(0, len(partes), 2):
        partes[indice] = patron.sub(lambda m: MARCA.format(ord(m.group())), partes[indice])
    return html[:inicio] + "".join(partes)
