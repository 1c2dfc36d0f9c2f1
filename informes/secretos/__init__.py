"""Credentials in a report's text: found, described in Spanish, masked and replaced.

``hallazgos(texto, nombre=...)`` lists what looks like a credential, each
finding with its kind, a Spanish description, its span and a masked excerpt;
``reemplazar_secretos(texto)`` writes the text again with ``<secreto>`` in place
of each. Both run in time linear in the text. This package imports no Django,
so the command-line client uses it as it is; ``en_informe`` (a report's
findings and its authors' marks) is the one module here that needs Django.
"""

from .busqueda import hallazgos, reemplazar_secretos
from .hallazgo import DESCRIPCIONES, MARCADOR, Hallazgo

__all__ = ["DESCRIPCIONES", "MARCADOR", "Hallazgo", "hallazgos", "reemplazar_secretos"]
