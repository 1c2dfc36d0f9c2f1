"""Readers of a repository's files, each giving ``Dato`` values for the template's labels."""

from dataclasses import dataclass, field


@dataclass
class Dato:
    """A value for one label (text, or rows) and the file it came from."""

    campo: str
    valor: str | list[dict]
    fuente: str
    # Rows or lines that could not be used, with why (shown in the table).
    omitidos: list[str] = field(default_factory=list)
