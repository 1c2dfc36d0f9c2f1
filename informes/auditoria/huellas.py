"""Fingerprints of a report's content: the compact base a form page carries for a merge.

A page posts, with every save, the base it started from: not the values (a
report may hold 600 rows and megabytes of text) but a fingerprint of each text
label, each «No aplica» mark, each section's unclassified text and each row,
enough to tell which side of a merge changed what. The token holds nothing the
server must trust: a forged base can only make the sender's own save merge
differently, never write a value that neither the sender posted nor the report
holds.

A content (``contenido``) is plain JSON: ``campos`` (every text label),
``no_aplica`` (marked labels and their reasons), ``notas`` (a section's number
to the text an import could not place in it), ``filas`` (each kind's rows in
order; a diagram row carries its ``pk``, which names its image for good).
"""

import base64
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .. import filas as tipos_de_fila
from .. import limites, plantilla

VERSION = "2"
ETIQUETAS = tuple(e.campo for e in plantilla.ETIQUETAS)
NOTAS = tuple(str(s.numero) for s in plantilla.SECCIONES)
LARGO = limites.LARGO_HUELLA
PARTE = re.compile(r"[A-Za-z0-9_-]*")


def huella(valor) -> str:
    """Six bytes of BLAKE2b of a JSON value, as 8 URL-safe base64 characters."""
    datos = json.dumps(valor, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(hashlib.blake2b(datos, digest_size=6).digest()).decode()


# --- Rows: which row is which on both sides of a merge, and what it holds.


def clave_fusion(tipo: tipos_de_fila.TipoFila, fila: Mapping) -> tuple:
    """What makes two rows "the same row": the kind's natural key.

    A diagram is its stored image, named by its id (the image never changes
    under it), so a new title or caption is a change of that diagram, not a
    removal and an addition as in the audit trail's diffs.
    """
    if tipo.imagen:
        return (fila.get("pk"),)
    return tipo.clave_de(fila)


def valores_fila(tipo: tipos_de_fila.TipoFila, fila: Mapping) -> dict:
    """The row as a merge compares and writes it: its columns (and a diagram's id)."""
    valores = {c: fila.get(c) or "" for c in tipo.nombres}
    if tipo.imagen:
        valores = {"pk": fila.get("pk"), **valores}
    return valores


def huellas_fila(tipo: tipos_de_fila.TipoFila, fila: Mapping) -> tuple[str, str]:
    return huella(list(clave_fusion(tipo, fila))), huella(list(valores_fila(tipo, fila).values()))


def normalizado(contenido: Mapping) -> dict:
    """A content with every label, every kind of row and only reasons that say something.

    Line breaks are "\n": a browser posts a textarea's as "\r\n", which would
    otherwise read as a change of every text another browser saved.
    """
    return {
        "campos": {c: _lineas(contenido["campos"].get(c) or "") for c in plantilla.CAMPOS_SIMPLES},
        "no_aplica": {c: m for c, m in (contenido.get("no_aplica") or {}).items() if m.strip()},
        "notas": {n: _lineas((contenido.get("notas") or {}).get(n) or "") for n in NOTAS},
        "filas": {
            campo: [valores_fila(tipo, f) for f in contenido["filas"].get(campo, ())]
            for campo, tipo in tipos_de_fila.TIPOS.items()
        },
    }


def _lineas(texto: str) -> str:
    return texto.replace("\r\n", "\n").replace("\r", "\n")


# --- The base.


@dataclass(frozen=True)
class Base:
    """The fingerprints of one content: per text label, «No aplica» mark, section note, row."""

    campos: dict[str, str]
    no_aplica: dict[str, str]
    notas: dict[str, str]
    filas: dict[str, tuple[tuple[str, str], ...]]  # kind → ((key, values), ...) in order

    @classmethod
    def de(cls, contenido: Mapping) -> "Base":
        contenido = normalizado(contenido)
        return cls(
            campos={c: huella(v) for c, v in contenido["campos"].items()},
            no_aplica={c: huella(contenido["no_aplica"].get(c, "")) for c in ETIQUETAS},
            notas={n: huella(v) for n, v in contenido["notas"].items()},
            filas={
                campo: tuple(huellas_fila(tipo, f) for f in contenido["filas"][campo])
                for campo, tipo in tipos_de_fila.TIPOS.items()
            },
        )

    def token(self) -> str:
        """``2.<labels>.<marks>.<notes>.<one part per kind of row>``: base64 and dots."""
        partes = [
            VERSION,
            "".join(self.campos[c] for c in plantilla.CAMPOS_SIMPLES),
            "".join(self.no_aplica[c] for c in ETIQUETAS),
            "".join(self.notas[n] for n in NOTAS),
            *("".join(k + v for k, v in self.filas[t]) for t in tipos_de_fila.TIPOS),
        ]
        return ".".join(partes)

    @classmethod
    def leer(cls, token: str | None) -> "Base | None":
        """The base a token describes, or None for anything that is not one (read linearly)."""
        if not token or len(token) > limites.LARGO_BASE:
            return None
        partes = token.split(".")
        if len(partes) != 4 + len(tipos_de_fila.TIPOS) or partes[0] != VERSION:
            return None
        if not all(PARTE.fullmatch(p) for p in partes):
            return None
        campos, marcas, notas, *filas = partes[1:]
        largos = (len(campos), len(marcas), len(notas))
        if largos != (LARGO * len(plantilla.CAMPOS_SIMPLES), LARGO * len(ETIQUETAS),
                      LARGO * len(NOTAS)):  # fmt: skip
            return None
        if any(len(p) % (2 * LARGO) for p in filas):
            return None
        return cls(
            campos=dict(zip(plantilla.CAMPOS_SIMPLES, _trozos(campos, LARGO), strict=True)),
            no_aplica=dict(zip(ETIQUETAS, _trozos(marcas, LARGO), strict=True)),
            notas=dict(zip(NOTAS, _trozos(notas, LARGO), strict=True)),
            filas={
                tipo: tuple((t[:LARGO], t[LARGO:]) for t in _trozos(parte, 2 * LARGO))
                for tipo, parte in zip(tipos_de_fila.TIPOS, filas, strict=True)
            },
        )

    def con_fila(self, campo: str, fila: Mapping) -> "Base":
        """This base with one more row of ``campo`` at its end (a diagram just uploaded)."""
        tipo = tipos_de_fila.TIPOS[campo]
        filas = {**self.filas, campo: (*self.filas[campo], huellas_fila(tipo, fila))}
        return Base(self.campos, self.no_aplica, self.notas, filas)


def _trozos(texto: str, largo: int) -> list[str]:
    return [texto[i : i + largo] for i in range(0, len(texto), largo)]


def token_de(contenido: Mapping) -> str:
    """The base token of a content, as the page carries it."""
    return Base.de(contenido).token()
