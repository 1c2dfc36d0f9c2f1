"""The Informes API over HTTP (httpx): a report read, created, patched, exported.

Every refusal becomes ``ErrorAPI`` with the server's message and its field
errors; a network failure says which address could not be reached.
"""

import re
from dataclasses import dataclass, field

import httpx

# A PDF render may take the server up to 45 s (limites.TIEMPO_PDF); wait a little more.
ESPERA = httpx.Timeout(10.0, read=60.0)


@dataclass
class ErrorAPI(Exception):
    estado: int
    mensaje: str
    campos: dict = field(default_factory=dict)
    datos: dict = field(default_factory=dict)

    def __str__(self):
        lineas = [f"{self.mensaje} (HTTP {self.estado})" if self.estado else self.mensaje]
        lineas += [f"  {campo or '-'}: {' '.join(m)}" for campo, m in self.campos.items()]
        return "\n".join(lineas)


class Cliente:
    """One server (``url``, the address users open) and one personal access token."""

    def __init__(self, url: str, token: str, *, transporte=None):
        self.base = url.rstrip("/") + "/api/v1/"
        self.http = httpx.Client(
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            timeout=ESPERA,
            transport=transporte,
            follow_redirects=False,
        )

    def _pedir(self, metodo: str, ruta: str, **opciones) -> httpx.Response:
        url = ruta if ruta.startswith("http") else self.base + ruta
        try:
            respuesta = self.http.request(metodo, url, **opciones)
        except httpx.HTTPError as error:
            raise ErrorAPI(0, f"No se pudo conectar con {self.base}: {error}") from error
        if respuesta.status_code >= 400:
            try:
                datos = respuesta.json()
            except ValueError:
                datos = {}
            mensaje = datos.get("error") if isinstance(datos, dict) else None
            raise ErrorAPI(
                respuesta.status_code,
                mensaje or f"El servidor respondió {respuesta.status_code} en {url}",
                datos.get("campos") or {} if isinstance(datos, dict) else {},
                datos if isinstance(datos, dict) else {},
            )
        return respuesta

    def informe(self, pk: int) -> tuple[dict, str]:
        """The report's JSON and its ETag."""
        respuesta = self._pedir("GET", f"informes/{pk}/")
        return respuesta.json(), respuesta.headers.get("ETag", "")

    def crear(self, cuerpo: dict) -> dict:
        return self._pedir("POST", "informes/", json=cuerpo).json()

    def modificar(self, pk: int, cuerpo: dict, etag: str) -> dict:
        return self._pedir(
            "PATCH", f"informes/{pk}/", json=cuerpo, headers={"If-Match": etag}
        ).json()

    def descargar(self, pk: int, formato: str) -> tuple[bytes, str, int]:
        """The export's bytes, the file name the server gives it, and the status (202: later)."""
        respuesta = self._pedir("GET", f"informes/{pk}/exportar.{formato}")
        disposicion = respuesta.headers.get("Content-Disposition", "")
        nombre = re.search(r'filename="([^"/\\]+)"', disposicion)
        return (
            respuesta.content,
            nombre.group(1) if nombre else f"informe-{pk}.{formato}",
            respuesta.status_code,
        )
