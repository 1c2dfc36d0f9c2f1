"""A JPEG rewritten segment by segment: the same compressed pixels, no metadata, nothing after.

Re-encoding a JPEG changes its pixels every time (quality 90 of a quality-90
image is never the same image), so a diagram that travels out in a zip and
back in would drift. Here the tables, frame and scans are copied as they are;
EXIF, XMP, ICC profiles, comments, thumbnails and whatever follows the end of
the image are left out. The copy is decoded and compared with the source's
pixels before it is used, so a rewrite that would show anything else is never
stored. The scan reads each byte once.
"""

import io

from PIL import Image

EOI, SOS = 0xD9, 0xDA
# Frames (SOF0-SOF15 but the JPG extension), Huffman and arithmetic tables,
# quantisation tables, restart interval: what a decoder needs.
FRAMES = {m for m in range(0xC0, 0xD0) if m not in (0xC4, 0xC8, 0xCC)}
NECESARIOS = FRAMES | {0xC4, 0xCC, 0xDB, 0xDD}
# Application segments and comments: metadata, dropped (a bare JFIF header aside).
METADATOS = set(range(0xE0, 0xF0)) | {0xFE}
JFIF_MINIMO = 16  # the JFIF header without a thumbnail: no room for anything else
ADOBE = 14  # Adobe's colour transform flag, which says how to read the colours


def _conservar(marca: int, segmento: bytes) -> bool:
    if marca in NECESARIOS:
        return True
    if marca == 0xE0:
        return len(segmento) == JFIF_MINIMO and segmento[2:7] == b"JFIF\x00"
    if marca == 0xEE:
        return len(segmento) == ADOBE and segmento[2:7] == b"Adobe"
    return False


def _fin_de_scan(datos: bytes, posicion: int) -> int | None:
    """Where the entropy-coded data that starts at ``posicion`` ends (the next marker)."""
    while True:
        siguiente = datos.find(b"\xff", posicion)
        if siguiente < 0 or siguiente + 1 >= len(datos):
            return None
        byte = datos[siguiente + 1]
        if byte == 0x00 or 0xD0 <= byte <= 0xD7:  # a stuffed 0xFF, a restart marker
            posicion = siguiente + 2
            continue
        return siguiente


def sin_metadatos(datos: bytes) -> bytes | None:
    """The JPEG ``datos`` with only what decodes it; None when it is not one we can copy."""
    if not datos.startswith(b"\xff\xd8"):
        return None
    salida = [b"\xff\xd8"]
    posicion = 2
    while True:
        if datos[posicion : posicion + 1] != b"\xff":
            return None
        while datos[posicion : posicion + 1] == b"\xff":
            posicion += 1  # fill bytes
        if posicion >= len(datos):
            return None
        marca = datos[posicion]
        posicion += 1
        if marca == EOI:
            salida.append(b"\xff\xd9")
            return b"".join(salida)
        if marca not in NECESARIOS and marca not in METADATOS and marca != SOS:
            return None
        largo = int.from_bytes(datos[posicion : posicion + 2], "big")
        segmento = datos[posicion : posicion + largo]
        if largo < 2 or len(segmento) != largo:
            return None
        posicion += largo
        if marca == SOS or _conservar(marca, segmento):
            salida.append(bytes((0xFF, marca)) + segmento)
        if marca == SOS:
            fin = _fin_de_scan(datos, posicion)
            if fin is None:
                return None
            salida.append(datos[posicion:fin])
            posicion = fin


def reescrito(datos: bytes, imagen: Image.Image) -> bytes | None:
    """``datos`` without metadata, if it decodes to exactly the pixels of ``imagen``."""
    copia = sin_metadatos(datos)
    if copia is None:
        return None
    try:
        leida = Image.open(io.BytesIO(copia), formats=["JPEG"])
        leida.load()
    except Exception:
        return None
    if leida.mode != imagen.mode or leida.size != imagen.size:
        return None
    return copia if leida.tobytes() == imagen.tobytes() else None
