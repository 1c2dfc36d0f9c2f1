"""Media on an S3-compatible store: a real S3 API server on loopback (moto's server mode)."""

import socket

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from storages.backends.s3 import S3Storage

from informes import demo, services
from tests.factories import InformeFactory

BUCKET = "informes-pruebas"


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def servidor_s3():
    from moto.server import ThreadedMotoServer

    puerto = puerto_libre()
    servidor = ThreadedMotoServer(ip_address="127.0.0.1", port=puerto, verbose=False)
    servidor.start()
    url = f"http://127.0.0.1:{puerto}"
    boto3.client(
        "s3",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="prueba",
        aws_secret_access_key="prueba",
    ).create_bucket(Bucket=BUCKET)
    yield url
    servidor.stop()


@pytest.fixture
def almacen_s3(settings, servidor_s3):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": servidor_s3,
                "region_name": "us-east-1",
                "access_key": "prueba",
                "secret_key": "prueba",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    return servidor_s3


def objetos(servidor_s3) -> list[str]:
    cliente = boto3.client(
        "s3",
        endpoint_url=servidor_s3,
        region_name="us-east-1",
        aws_access_key_id="prueba",
        aws_secret_access_key="prueba",
    )
    return [o["Key"] for o in cliente.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


@pytest.mark.django_db
def test_a_diagram_upload_lands_in_the_bucket_and_is_served_back(client, almacen_s3):
    assert isinstance(default_storage, S3Storage)
    informe = InformeFactory(filas=False)
    png = demo.diagrama_png()
    diagrama = services.diagrama_agregar(
        informe=informe, archivo=ContentFile(png, name="d.png"), titulo="D"
    )
    assert diagrama.imagen.name in objetos(almacen_s3)
    assert (diagrama.ancho, diagrama.alto) == (1200, 500)

    client.force_login(informe.autor)
    respuesta = client.get(reverse("informes:diagrama", args=[informe.pk, diagrama.pk]))
    assert respuesta.status_code == 200
    assert b"".join(respuesta.streaming_content).startswith(b"\x89PNG")
