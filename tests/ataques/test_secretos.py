"""Hostile text for the secret detection: every shape that makes a credential pattern
backtrack, at the largest size a field takes, found within a CPU budget and in time linear
in its size; the largest report within its own budget.

The plugins of detect-secrets match with Python's ``re``, and some of their patterns go
quadratic on such shapes (the last test shows one); the detection runs them on RE2.
"""

import pytest
from detect_secrets.plugins.npm import NpmDetector
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from informes import limites, plantilla, presentacion
from informes.secretos import en_informe, hallazgos, reemplazar_secretos
from tests.cpu import cpu, crece_linealmente, crecimiento, lineal, repetido

N = limites.LARGO_MARKDOWN

FORMAS = {
    # Shapes of the plugins' patterns, each start scanning to the end under ``re``.
    "eyJ": repetido("eyJ"),
    "JWT válidos seguidos": repetido("eyJhIjoxfQ.eyJhIjoxfQ."),
    "JWT válidos separados": repetido("eyJhIjoxfQ.eyJhIjoxfQ.x "),
    "barras de npm": repetido("/"),
    "tokens de npm": repetido("//a/:_authToken=npm_"),
    "sk-": repetido("sk-"),
    "sk- y un token sin fin": lambda n: "sk-" + "a" * (n - 3),
    "xoxb-": repetido("xoxb-1-"),
    "AKC": repetido(" AKC"),
    "clave de IBM y espacios": lambda n: "cl_key" + " " * (n - 7) + "x",
    "claves de IBM": repetido("ibm_key "),
    "webhook de Slack sin fin": lambda n: ("https://hooks.slack.com/services/T" + "a" * n)[:n],
    "?sig=": repetido("?sig="),
    # URLs and their passwords.
    "URL sin arroba": lambda n: "postgres://" + "a" * (n // 2) + ":" + "b" * (n // 2 - 12),
    "URLs mínimas": repetido("a://b:c@"),
    "dos puntos": repetido("a:"),
    "://": repetido("://"),
    # Assignments to secret names, and their values.
    "password=": repetido("password="),
    "password: y espacios": lambda n: "password:" + " " * (n - 10) + "x",
    'password="': repetido('password="'),
    "asignaciones que son hallazgos": repetido("DB_PASSWORD=Xy7#abcd "),
    "nombre larguísimo": lambda n: "a" * (n - 20) + "_password=xY7#abcdef",
    "guiones bajos": lambda n: "_" * (n - 5) + "key=1",
    "cierres sin abrir": lambda n: "password=a1" + ")" * (n - 11),
    "llamada sin fin": lambda n: "password=" + "a" * (n - 10) + "(",
    "valor larguísimo": lambda n: "API_KEY=" + ("aB3" * n)[: n - 8],
    "opciones": repetido("--password "),
    "contraseñas en español": repetido("contraseña:ñ"),
    "Authorization": repetido("Authorization: Bearer "),
    "Authorization y un token sin fin": lambda n: "Authorization: Bearer " + "a1" * (n // 2 - 11),
    # Private keys: headers with bodies, with and without their END lines.
    "claves privadas": repetido("-----BEGIN RSA PRIVATE KEY-----\n" + "A" * 40 + "\n"),
    "claves privadas cerradas": repetido("BEGIN PRIVATE KEY " + "A" * 40 + " END PRIVATE KEY "),
    "finales sin comienzo": repetido("-----END PRIVATE KEY-----\n"),
    "mezcla": repetido("ghp_" + "a" * 36 + " AKIA" + "B" * 16 + " x:y@z "),
}


def detectar(texto: str) -> None:
    hallazgos(texto)
    reemplazar_secretos(texto)


def test_every_shape_fits_a_field():
    assert all(len(forma(N)) <= N for forma in FORMAS.values())


@pytest.mark.parametrize("nombre", list(FORMAS))
def test_each_shape_is_read_in_a_full_field_within_budget_and_linearly(nombre):
    forma = FORMAS[nombre]
    es_lineal, cifras = crece_linealmente(detectar, forma, N)
    assert es_lineal, cifras
    texto = forma(N)
    gastado = cpu(lambda: detectar(texto))
    assert gastado <= limites.CPU_SECRETOS_CAMPO, f"{gastado:.3f} s de CPU"


# The pieces the patterns are made of.
PIEZAS = [
    "eyJ", ".", "/", ":", "@", "=", "-", "_", '"', "'", "`", " ", "\n", "a", "1", "A",
    "password", "key", "token", "clave", "://", "--", "Bearer ", "Authorization:", "sk-",
    "xoxb-", "AKIA", "ghp_", "BEGIN PRIVATE KEY", "END PRIVATE KEY", "(", ")", "&", "?sig=",
]  # fmt: skip


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(motivo=st.lists(st.sampled_from(PIEZAS), min_size=1, max_size=6).map("".join))
def test_any_short_motif_repeated_to_a_full_field_is_read_within_budget(motivo):
    texto = repetido(motivo)(N)
    gastado = cpu(lambda: detectar(texto))
    assert gastado <= limites.CPU_SECRETOS_CAMPO, f"{motivo!r}: {gastado:.3f} s de CPU"


def test_the_largest_report_full_of_findings_is_read_within_budget():
    """Every text of a report at its limits (Markdown labels, rows, captions, reasons)
    holds the shape with the most findings: what the form, the page and the send
    check read, each once."""
    motivo = repetido("DB_PASSWORD=Xy7#abcd ")
    campos = {c: motivo(N) for c in presentacion.CAMPOS_MARKDOWN}
    filas = {
        "bibliotecas": [{"nombre": "a" * 100, "version": "1" * 60}] * limites.FILAS_MAXIMAS,
        "rutas": [{"ruta": motivo(500), "proposito": motivo(200)}] * limites.FILAS_MAXIMAS,
        "variables_entorno": [
            {"nombre": "DB_PASSWORD", "proposito": motivo(200), "valor_ejemplo": motivo(200)}
        ]
        * limites.FILAS_MAXIMAS,
        "diagramas": [{"titulo": motivo(200), "leyenda": motivo(500)}]
        * limites.DIAGRAMAS_POR_INFORME,
    }
    no_aplica = {e.campo: motivo(500) for e in plantilla.ETIQUETAS}
    textos = list(en_informe.textos(campos, filas, no_aplica))
    encontrados = []
    gastado = cpu(lambda: encontrados.extend(en_informe.ubicar(textos)))
    assert len(encontrados) > 20_000
    assert gastado <= limites.CPU_SECRETOS_INFORME, f"{gastado:.2f} s de CPU"


def test_the_linearity_check_catches_a_quadratic_detector():
    """Not blind: detect-secrets' own npm pattern, on Python's ``re``, is quadratic on
    a line of slashes (the reason its patterns run on RE2 here)."""

    def con_re(texto: str) -> None:
        list(NpmDetector().analyze_string(texto))

    assert not lineal(*crecimiento(con_re, repetido("/"), 8_000))
    assert crece_linealmente(detectar, repetido("/"), 8_000)[0]
