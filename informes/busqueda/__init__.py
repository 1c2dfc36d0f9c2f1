"""The list's search box on both engines: PostgreSQL full text and SQLite FTS5.

Both read the same words out of the box (letters and digits, Spanish stop words
left out, at most ``limites.PALABRAS_BUSQUEDA``) and match every word as a
prefix of a word of the model name or description, accents ignored both ways:

- PostgreSQL stems documents and words with its Spanish configuration, so
  plurals and word forms match ("árboles" finds "árbol"), served by the GIN
  index of migration 0005;
- SQLite keeps the words as written in an FTS5 index (migration 0009, kept by
  triggers); the query's words are stemmed here with the same Snowball Spanish
  algorithm before they become prefixes, which gives the same matches for
  plurals and word forms (tests/busqueda/test_busqueda.py compares both on one corpus).

The author's user name, first or last name containing the whole text matches too.
"""

from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q, QuerySet

from .palabras import texto_limpio
from .postgres import PorRamas, consulta_postgres
from .sqlite import buscar_en_fts5, consulta_fts5


def _autores_que_coinciden(q: str) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
        .values("pk")
    )


def buscar(informes: QuerySet, q: str, orden: Sequence[str] = ("-actualizado", "-pk")):
    """The reports of ``informes`` whose model name or description has every word
    of ``q`` (as a prefix), or whose author's names contain ``q``, sorted by
    ``orden``: something with ``count()`` and slices, for the paginator.

    A page reads the rows it shows, not every match (``sqlite.buscar_en_fts5``,
    ``postgres.PorRamas``; bench/README.md has the figures at 1,000 and 10,000).
    """
    q = texto_limpio(q)
    if not q:
        return informes.order_by(*orden)
    autores = _autores_que_coinciden(q)
    if connection.vendor == "postgresql":
        consulta = consulta_postgres(q)
        if consulta is not None:
            return PorRamas(informes, consulta, autores, orden)
    else:
        consulta = consulta_fts5(q)
        if consulta:
            return buscar_en_fts5(informes, consulta, autores, orden)
    # No word to look for ("*", "de la"): the authors only.
    return informes.filter(autor_id__in=autores).order_by(*orden)
