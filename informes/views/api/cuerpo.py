"""The API's bodies: bounded JSON in (multipart for diagrams), JSON out whatever is asked.

``CuerpoJSON`` reads at most ``limites.API_CUERPO_MAXIMO`` bytes (413 beyond),
refuses what is not strict UTF-8 JSON (NaN, Infinity, a lone surrogate that no
database can store) and bodies nested past ``limites.API_PROFUNDIDAD_MAXIMA``:
each with a 400 that says why, never a 500.
"""

import json

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers
from rest_framework.negotiation import DefaultContentNegotiation

from ... import limites

MENSAJE_JSON = _("El cuerpo no es JSON válido en UTF-8: %(detalle)s")
MENSAJE_PROFUNDO = _("El cuerpo anida demasiadas listas u objetos.")
MENSAJE_SUSTITUTO = _("El cuerpo tiene caracteres que no son texto válido (sustitutos sueltos).")
MENSAJE_GRANDE = _("El cuerpo supera el máximo de %(mb)s MB.")


class CuerpoDemasiadoGrande(exceptions.APIException):
    status_code = 413
    default_code = "cuerpo_grande"


def _constante(nombre):
    raise ValueError(f"{nombre} no es un número JSON")


def _revisar(valor) -> None:
    """Walk the parsed body (without recursion): its depth, and no lone surrogate anywhere."""
    pendientes = [(valor, 1)]
    while pendientes:
        actual, profundidad = pendientes.pop()
        if isinstance(actual, str):
            if _tiene_sustituto(actual):
                raise exceptions.ParseError(MENSAJE_SUSTITUTO)
            continue
        if not isinstance(actual, dict | list):
            continue
        if profundidad > limites.API_PROFUNDIDAD_MAXIMA:
            raise exceptions.ParseError(MENSAJE_PROFUNDO)
        hijos = [*actual.keys(), *actual.values()] if isinstance(actual, dict) else actual
        pendientes.extend((h, profundidad + 1) for h in hijos)


def _tiene_sustituto(texto: str) -> bool:
    try:
        texto.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class CuerpoJSON(parsers.BaseParser):
    """Strict JSON of at most ``limites.API_CUERPO_MAXIMO`` bytes."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        datos = stream.read(limites.API_CUERPO_MAXIMO + 1)
        if len(datos) > limites.API_CUERPO_MAXIMO:
            raise CuerpoDemasiadoGrande(
                MENSAJE_GRANDE % {"mb": limites.API_CUERPO_MAXIMO // (1024 * 1024)}
            )
        try:
            valor = json.loads(datos.decode("utf-8"), parse_constant=_constante)
        except (ValueError, RecursionError) as error:
            detalle = str(error)[:200] if isinstance(error, ValueError) else MENSAJE_PROFUNDO
            raise exceptions.ParseError(MENSAJE_JSON % {"detalle": detalle}) from error
        _revisar(valor)
        return valor


class SiempreJSON(DefaultContentNegotiation):
    """Answers are JSON (or a download's own bytes) whatever ``Accept`` asks: never a 406."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
