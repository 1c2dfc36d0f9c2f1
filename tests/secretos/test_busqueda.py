"""Secret detection on plain text: credential shapes found, look-alikes left alone, values
never shown, each credential replaced, and the package free of Django.

The credentials are made up at run time from a seeded generator, in each
service's shape, so that no credential-looking string sits in the repository.
"""

import base64
import hashlib
import inspect
import json
import os
import random
import re
import string
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
from hypothesis import given, settings
from hypothesis import strategies as st

from informes.secretos import DESCRIPCIONES, MARCADOR, formas, hallazgos, reemplazar_secretos

AZAR = random.Random(14)
LETRAS, MAYUSCULAS, MINUSCULAS, DIGITOS = (
    string.ascii_letters,
    string.ascii_uppercase,
    string.ascii_lowercase,
    string.digits,
)
ALFANUMERICOS = LETRAS + DIGITOS
BASE64 = ALFANUMERICOS + "+/"
URLSAFE = ALFANUMERICOS + "-_"


def azar(n: int, abecedario: str = ALFANUMERICOS) -> str:
    return "".join(AZAR.choice(abecedario) for _ in range(n))


def b64url(datos: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(datos).encode()).decode().rstrip("=")


def pem(tipo: str) -> tuple[str, str]:
    cuerpo = "\n".join(azar(64, BASE64) for _ in range(6))
    return f"-----BEGIN {tipo}-----\n{cuerpo}\n-----END {tipo}-----", cuerpo


def caso(plantilla: str, secreto: str) -> tuple[str, str]:
    """The text holding the credential, and the credential alone."""
    return plantilla.format(secreto), secreto


JWT = f"{b64url({'alg': 'HS256', 'typ': 'JWT'})}.{b64url({'sub': 'analista'})}.{azar(43, URLSAFE)}"

# kind expected → (text, the credential in it)
CREDENCIALES = {
    "aws": caso("AWS_ACCESS_KEY_ID={}", "AKIA" + azar(16, MAYUSCULAS + DIGITOS)),
    "aws_secreta": caso('aws_secret_access_key = "{}"', azar(40)),
    "azure": caso(
        "DefaultEndpointsProtocol=https;AccountName=ciiu;AccountKey={};EndpointSuffix=core",
        azar(86, BASE64) + "==",
    ),
    "azure_service_bus": caso(
        "Endpoint=sb://ciiu.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey={}",
        azar(43, BASE64) + "=",
    ),
    "azure_sas": caso("https://ciiu.blob.core.windows.net/datos?sv=2022-11-02&sig={}", azar(43)),
    "gcp_api": caso("Clave de Maps: {}", "AIza" + azar(35, URLSAFE)),
    "gcp_oauth": caso('"client_secret": "{}"', "GOCSPX-" + azar(28, URLSAFE)),
    "github": caso("git clone https://{}@github.com/org/repo.git", "ghp_" + azar(36)),
    "github_fino": caso("GH={}", "github_pat_" + azar(22) + "_" + azar(59)),
    "gitlab": caso("token de CI: {}", "glpat-" + azar(20, URLSAFE)),
    "slack": caso(
        "SLACK={}", f"xoxb-{azar(11, DIGITOS)}-{azar(12, DIGITOS)}-{azar(24, MINUSCULAS)}"
    ),
    "slack_webhook": caso(
        "Alertas a {}",
        f"https://hooks.slack.com/services/T{azar(8, MAYUSCULAS)}/B{azar(8, MAYUSCULAS)}/"
        + azar(24),
    ),
    "stripe": caso("STRIPE={}", "sk_live_" + azar(24)),
    "jwt": caso("curl -H 'X-Sesion: {}' http://localhost:8080", JWT),
    "openai": caso("OPENAI={}", "sk-proj-" + azar(48, URLSAFE)),
    "huggingface": caso("huggingface-cli login --token {}", "hf_" + azar(34, LETRAS)),
    "npm": caso("//registry.npmjs.org/:_authToken={}", "npm_" + azar(36)),
    "pypi": caso("password = {}", "pypi-AgEIcHlwaS5vcmc" + azar(80, URLSAFE)),
    "sendgrid": caso("SENDGRID={}", f"SG.{azar(22, URLSAFE)}.{azar(43, URLSAFE)}"),
    "twilio": caso("TWILIO={}", "SK" + azar(32, MINUSCULAS + DIGITOS)),
    "mailchimp": caso("MAILCHIMP={}", azar(32, MINUSCULAS + DIGITOS) + "-us14"),
    "telegram": caso("BOT={}", f"{azar(9, DIGITOS)}:{azar(35, URLSAFE)}"),
    "discord": caso("DISCORD={}", f"M{azar(23)}.{azar(6)}.{azar(27)}"),
    "square": caso("SQUARE={}", "sq0csp-" + azar(43, URLSAFE)),
    "clave_privada_rsa": pem("RSA PRIVATE KEY"),
    "clave_privada_openssh": pem("OPENSSH PRIVATE KEY"),
    "url_con_clave": caso("postgres://ciiu_app:{}@db.interno:5432/ciiu", azar(14)),
    "url_redis": caso("CACHE=redis://:{}@cache:6379/0", azar(20)),
    "url_https": caso("https://despliegue:{}@artefactos.interno/simple/", "Bogota#" + azar(6)),
    "variable_contrasena": caso("DB_PASSWORD={}", "Bogota" + azar(4, DIGITOS) + "!"),
    "variable_token": caso('export API_TOKEN="{}"', azar(32)),
    "yaml": caso("database:\n  password: {}\n  host: db", azar(12)),
    "json": caso('{{"client_secret": "{}"}}', azar(24)),
    "opcion": caso("python deploy_model.py --api-key {} --port 8080", azar(32)),
    "cabecera": caso("curl -H 'Authorization: Bearer {}' https://api.interno/", azar(40)),
    "cadena_de_conexion": caso("Server=db;User Id=ciiu;Password={};", "Ciiu" + azar(6) + "$"),
    "contrasena_en_espanol": caso("Contraseña: {}", "Ciiu" + azar(6, DIGITOS)),
    "django": caso(
        "SECRET_KEY={}", "django-insecure-" + azar(50, MINUSCULAS + DIGITOS + "#$%^&*(-_=+)")
    ),
}

# A label for each look-alike → text that holds no credential.
PARECIDOS = {
    "uuid": f"Serie del informe: {uuid.UUID(int=0x5F3A1C2B9D8E4F60A1B2C3D4E5F60718)}",
    "uuid_en_variable": "MODEL_KEY=123e4567-e89b-12d3-a456-426614174000",
    "hash_pipfile_lock": f'"hashes": ["sha256:{hashlib.sha256(b"pandas").hexdigest()}"],',
    "hash_requirements": f"pandas==2.2.3 --hash=sha256:{hashlib.sha256(b'x').hexdigest()}",
    "hash_poetry_lock": (
        f'files = [{{file = "joblib-1.4.2.tar.gz", hash = "sha256:'
        f'{hashlib.sha256(b"j").hexdigest()}"}}]'
    ),
    "commit": f"Entrenado con el commit {hashlib.sha1(b'c').hexdigest()}",
    "digest_de_imagen": f"FROM python:3.11-slim@sha256:{hashlib.sha256(b'i').hexdigest()}",
    "versiones": "scikit-learn 1.5.2, fastapi >=0.115,<1, torch 2.5.1+cu121, v2.3.1-rc.1",
    "url_sin_clave": "git clone https://git.example.org/ml/ciiu.git",
    "url_con_usuario": "postgres://ciiu_app@db.interno:5432/ciiu",
    "url_en_variable": "DATABASE_URL=postgres://db.interno:5432/ciiu",
    "usuario_clave": "DATABASE_URL=postgres://usuario:clave@host",
    "user_password": "https://user:password@example.org/simple/",
    "marcador_en_url": "postgres://usuario:<password>@host/db",
    "variable_en_url": "redis://:${REDIS_PASSWORD}@cache:6379/0",
    "ssh": "git@github.com:estadistica/ciiu.git y ssh://git@host:22/repo",
    "marcador_password": "DB_PASSWORD=<password>",
    "changeme": "SECRET_KEY=changeme",
    "su_clave_aqui": "API_KEY=su-clave-aqui",
    "asteriscos": "PASSWORD=********",
    "equis": "TOKEN=xxxxxxxxxxxxxxxxxxxxxxxx",
    "plantilla_jinja": "password: {{ vault_db_password }}",
    "variable_de_shell": 'export API_TOKEN="$API_TOKEN"',
    "referencia_a_archivo": "DB_PASSWORD_FILE=/run/secrets/clave\nDB_PASSWORD=/run/secrets/db",
    "ejemplo_de_aws": "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
    "ejemplo_de_aws_secreta": "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "base64_de_texto": base64.b64encode(b"Informe de despliegue del modelo CIIU").decode(),
    "rutas": "/srv/modelos/ciiu.joblib, C:\\modelos\\ciiu.pkl, ~/.config/ciiu/config.yaml",
    "claves_de_orden": "SORT_KEY=created_at\nCACHE_KEY=informes:markdown\nMODEL_KEY=ciiu-v2",
    "prosa": (
        "La contraseña se entrega por el gestor de secretos; el token se rota cada 90 días. "
        "Clave: la provee seguridad. Métricas clave: precisión y recall. Claves RSA-2048."
    ),
    "codigo": 'password = os.environ["DB_PASSWORD"]\ntoken = leer_token()\napi_key = cfg.api_key',
    "referencias_en_codigo": "password=settings.DB_PASSWORD\nPASSWORD: DB_PASSWORD_PROD",
    "secretos_de_ci": "token: ${{ secrets.GITHUB_TOKEN }}\nAZURE_KEY: ${{ secrets.AZURE }}",
    "literal_generado": "--from-literal=password=$(openssl rand -hex 16)",
    "jwt_invalido": "eyJhbGciOi.noesunjwt",
    "clave_privada_de_ejemplo": "-----BEGIN PRIVATE KEY-----\n<clave>\n-----END PRIVATE KEY-----",
    "cabecera_con_variable": 'curl -H "Authorization: Bearer $TOKEN" http://localhost:8080/status',
    "direcciones": "Servidor 10.0.0.12, contacto analista@example.org, https://medium.com/@autor/x",
    "clave_publica": "PUBLIC_KEY=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsa a@b",
    "numeros": "PASSWORD_MIN_LENGTH=12\nTOKEN_TTL=3600\npassword: 84759201",
    "tabla_markdown": "| Métrica | Umbral |\n|---|---|\n| Exactitud | ≥ 0,92 |",
    "ejemplo_de_la_plantilla": "MODEL_PATH=/path/to/model.pkl\nDATABASE_URL=db.example.com",
    "vacias": "DB_PASSWORD=\nAPI_KEY=\n",
    "referencia_kubernetes": "database:\n  password:\n    secretKeyRef: db-clave",
}


@pytest.mark.parametrize("nombre", sorted(CREDENCIALES))
def test_each_credential_shape_is_found(nombre):
    texto, secreto = CREDENCIALES[nombre]
    encontrados = hallazgos(texto)
    assert len(encontrados) == 1, [(h.tipo, h.extracto) for h in encontrados]
    hallazgo = encontrados[0]
    assert secreto in texto[hallazgo.inicio : hallazgo.fin]
    assert hallazgo.descripcion and hallazgo.tipo in DESCRIPCIONES


@pytest.mark.parametrize("nombre", sorted(CREDENCIALES))
def test_each_credential_is_replaced_and_never_shown(nombre):
    texto, secreto = CREDENCIALES[nombre]
    reemplazado = reemplazar_secretos(texto)
    assert secreto not in reemplazado and MARCADOR in reemplazado
    for hallazgo in hallazgos(texto):
        # What may be shown or logged holds no part of the credential but a fixed prefix.
        for mostrado in (hallazgo.extracto, repr(hallazgo), hallazgo.descripcion):
            assert secreto[-6:] not in mostrado and secreto[-12:-6] not in mostrado


@pytest.mark.parametrize("nombre", sorted(PARECIDOS))
def test_look_alikes_are_not_findings(nombre):
    texto = PARECIDOS[nombre]
    assert [(h.tipo, texto[h.inicio : h.fin]) for h in hallazgos(texto)] == []
    assert reemplazar_secretos(texto) == texto


def test_the_corpus_has_at_least_twenty_of_each():
    assert len(CREDENCIALES) >= 20 and len(PARECIDOS) >= 20
    tipos = {hallazgos(texto)[0].tipo for texto, _ in CREDENCIALES.values()}
    assert len(tipos) >= 20


def test_only_the_credential_is_replaced():
    assert reemplazar_secretos(CREDENCIALES["url_con_clave"][0]) == (
        "postgres://ciiu_app:<secreto>@db.interno:5432/ciiu"
    )
    assert reemplazar_secretos(CREDENCIALES["variable_token"][0]) == 'export API_TOKEN="<secreto>"'
    assert reemplazar_secretos(CREDENCIALES["yaml"][0]) == (
        "database:\n  password: <secreto>\n  host: db"
    )
    texto = "Antes\n" + CREDENCIALES["clave_privada_rsa"][0] + "\nDespués"
    assert reemplazar_secretos(texto) == "Antes\n<secreto>\nDespués"


def test_a_jwt_is_replaced_with_its_signature():
    texto, secreto = CREDENCIALES["jwt"]
    assert reemplazar_secretos(texto) == "curl -H 'X-Sesion: <secreto>' http://localhost:8080"


def test_a_tokens_own_shape_wins_over_the_variable_it_is_assigned_to():
    token = "ghp_" + azar(36)
    (hallazgo,) = hallazgos(f"GITHUB_TOKEN={token}")
    assert hallazgo.tipo == "github"


def test_the_excerpt_names_where_the_credential_was():
    (url,) = hallazgos(CREDENCIALES["url_con_clave"][0])
    assert url.extracto == "postgres://ciiu_app:••••@db.interno:5432"
    (variable,) = hallazgos(CREDENCIALES["variable_contrasena"][0])
    assert variable.extracto == "DB_PASSWORD=••••"
    assert variable.descripcion == "Valor con aspecto de credencial en «DB_PASSWORD»"
    (aws,) = hallazgos(CREDENCIALES["aws"][0])
    assert aws.extracto == "AKIA••••"


@pytest.mark.parametrize(
    ("nombre", "extracto"),
    [
        ("github", "ghp_••••"),
        ("jwt", "eyJ••••"),
        ("huggingface", "hf_••••"),
        ("slack", "xoxb-••••"),
        ("stripe", "sk_live_••••"),
        ("aws_secreta", "••••"),
        ("azure", "••••"),
        ("twilio", "••••"),
        ("telegram", "••••"),
    ],
)
def test_an_excerpt_shows_only_the_services_fixed_prefix(nombre, extracto):
    (hallazgo,) = hallazgos(CREDENCIALES[nombre][0])
    assert hallazgo.extracto == extracto


def test_a_value_is_judged_whole_when_its_variable_has_a_secret_name():
    clave = "Bogota" + azar(4, DIGITOS) + "!"
    (hallazgo,) = hallazgos(clave, nombre="DB_PASSWORD")
    assert (hallazgo.tipo, hallazgo.inicio, hallazgo.fin) == ("variable_secreta", 0, len(clave))
    assert reemplazar_secretos(f" {clave} ", nombre="DB_PASSWORD") == " <secreto> "
    assert hallazgos(clave, nombre="LOG_LEVEL") == []
    assert hallazgos("INFO", nombre="API_KEY") == []
    assert hallazgos("<su clave>", nombre="DB_PASSWORD") == []
    assert hallazgos("/run/secrets/db", nombre="DB_PASSWORD") == []
    assert hallazgos("se lee del gestor de secretos", nombre="DB_PASSWORD") == []
    assert hallazgos(azar(40), nombre="PUBLIC_KEY") == []


def test_equal_credentials_have_equal_fingerprints_and_different_ones_differ():
    texto, _ = CREDENCIALES["stripe"]
    otro, _ = caso("STRIPE={}", "sk_live_" + azar(24))
    assert hallazgos(texto)[0].huella == hallazgos("Otra vez: " + texto)[0].huella
    assert hallazgos(texto)[0].huella != hallazgos(otro)[0].huella


def test_every_plugin_of_detect_secrets_is_used_or_left_out_with_a_reason():
    instalados = {c.__name__ for c in get_mapping_from_secret_type_to_class().values()}
    usados = {c.__name__ for c in formas.PLUGINS}
    assert instalados == usados | set(formas.EXCLUIDOS)
    assert not usados & set(formas.EXCLUIDOS)


@pytest.mark.parametrize("plugin", list(formas.PLUGINS), ids=lambda p: p.__name__)
def test_each_plugins_patterns_compile_for_the_linear_engine(plugin):
    assert len(formas.PLUGINS[plugin]) in (1, len(plugin.denylist))
    for patron in plugin.denylist:
        formas.a_re2(patron)


def test_lookarounds_are_matched_or_dropped_never_kept():
    patron = re.compile(r"(?:(?<=\W)|(?<=^))key(?!\w)=([a-z]{3})(?![a-f])", re.IGNORECASE)
    compilado = formas.a_re2(patron)
    assert compilado.pattern == r"(?i)(?:^|\W)key=([a-z]{3})"


def test_the_package_imports_without_django():
    codigo = (
        "import sys; import informes.secretos as s; "
        "assert s.reemplazar_secretos('postgres://u:Xy7#ab@h') == 'postgres://u:<secreto>@h'; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    entorno = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    raiz = Path(inspect.getfile(formas)).parents[2]
    resultado = subprocess.run(
        [sys.executable, "-c", codigo], cwd=raiz, env=entorno, capture_output=True, text=True
    )
    assert resultado.returncode == 0, resultado.stderr


# Pieces of credentials and of their look-alikes, to make texts of both.
PIEZAS = [
    "postgres://", "u:", "Xy7#ab@h ", "DB_PASSWORD=", "api_key: ", '"', "'", "`", " ", "\n",
    "AKIA", "ghp_", "eyJhIjoxfQ.", "-----BEGIN RSA PRIVATE KEY-----\n", "A" * 40,
    "-----END RSA PRIVATE KEY-----", "<clave>", "changeme", "Bogota2024!", "9fK2mQ7xLp4Rt8Vz1Bn6",
    "Authorization: Bearer ", "--token ", "(", ")", "&", "ñ", "\ud800", "\x00",
]  # fmt: skip


@settings(max_examples=200, deadline=None, database=None)
@given(st.one_of(st.text(), st.lists(st.sampled_from(PIEZAS), max_size=30).map("".join)))
def test_any_text_gives_ordered_findings_and_a_replacement_without_them(texto):
    encontrados = hallazgos(texto)
    for anterior, siguiente in zip(encontrados, encontrados[1:], strict=False):
        assert anterior.fin <= siguiente.inicio
    reemplazado = reemplazar_secretos(texto)
    assert reemplazado.count(MARCADOR) == texto.count(MARCADOR) + len(encontrados)
    for h in encontrados:
        assert 0 <= h.inicio < h.fin <= len(texto) and h.descripcion
