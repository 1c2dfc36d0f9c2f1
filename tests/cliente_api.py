"""A test client for the API that sends a personal access token and JSON; URLs and ETags."""

import json

from django.test import Client

from informes import services
from informes.models import Informe


class ClienteAPI:
    """A test client whose requests carry ``Authorization: Bearer`` and JSON bodies."""

    def __init__(self, usuario=None, *, solo_lectura=False, texto: str = ""):
        self.cliente = Client()
        self.texto = texto
        if usuario is not None and not texto:
            self.token, self.texto = services.token_crear(
                usuario=usuario, nombre="pruebas", solo_lectura=solo_lectura
            )

    def cabeceras(self, **extra) -> dict:
        cabeceras = {"HTTP_AUTHORIZATION": f"Bearer {self.texto}"} if self.texto else {}
        return {**cabeceras, **extra}

    def get(self, url, datos=None, **extra):
        return self.cliente.get(url, datos or {}, **self.cabeceras(**extra))

    def enviar(self, metodo: str, url: str, cuerpo=None, **extra):
        datos = b"" if cuerpo is None else json.dumps(cuerpo)
        return self.cliente.generic(
            metodo, url, datos, content_type="application/json", **self.cabeceras(**extra)
        )

    def post(self, url, cuerpo=None, **extra):
        return self.enviar("POST", url, cuerpo, **extra)

    def patch(self, url, cuerpo=None, **extra):
        return self.enviar("PATCH", url, cuerpo, **extra)

    def delete(self, url, **extra):
        return self.enviar("DELETE", url, None, **extra)

    def multipart(self, url, datos: dict, **extra):
        return self.cliente.post(url, datos, **self.cabeceras(**extra))


def etag(informe: Informe) -> str:
    informe = Informe.objects.get(pk=informe.pk)
    return f'"informe-{informe.pk}-{informe.contador_cambios}"'


def url_informe(informe, sufijo: str = "") -> str:
    return f"/api/v1/informes/{informe.pk}/{sufijo}"
