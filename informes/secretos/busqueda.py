"""Finding credentials in a text, and writing the text again without them, in linear time.

Every pattern runs on RE2, once over the whole text; what each match finds is
then judged on its own few hundred characters (``inofensivos``). Where two
findings overlap the more specific one stays: a token's own shape over a
password in a URL, that over a value assigned to a secret name.
"""

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass

import re2

from .. import limites
from .formas import FORMAS, opciones
from .hallazgo import MARCADOR, OCULTO, Hallazgo, enmascarar, huella
from .inofensivos import clase_de_nombre, es_credencial, es_de_ejemplo, es_marcador

# A password inside a URL: «postgres://usuario:clave@servidor». The user may be
# empty (Redis). The password ends at a slash or an «@»; a «#» or «?» that should
# have been escaped in it is taken as part of it, as people write them.
URL_CON_CLAVE = re2.compile(
    r"(?i)([a-z][a-z0-9+.\-]{0,30})://([^\s:/?#@'\"<>\[\]]{0,200}):([^\s/@'\"<>\[\]]+)@"
    r"([^\s/?#'\"<>@]{1,100})",
    opciones(),
)
# A value assigned to a name that ends in a secret word («DB_PASSWORD=…»,
# «"api_key": "…"», «password: …», «--token …»); the name is judged word by word
# in ``inofensivos``. Quoted values may hold spaces; bare ones end at a space,
# a quote, a comma or a semicolon, and ``_valor`` trims them further.
SECRETAS = (
    r"(?:pass(?:word|wd|phrase)?|pwd|contrase(?:ñ|n)as?|claves?|secret[oa]?s?|credenciales?"
    r"|credentials?|key|token)"
)
NOMBRE = r"((?:[\pL_][\pL\pN_.\-]{0,60}?)?" + SECRETAS + ")"
VALOR = r"(?:\"([^\"\n]+)\"|'([^'\n]+)'|`([^`\n]+)`|([^\s\"'`,;]+))"
ASIGNACION = re2.compile(
    r"(?i)(?:^|[^\pL\pN_])" + NOMBRE + r"[\"'\]]{0,2}[ \t]{0,8}(?::=|=>|==?|:)[ \t]{0,8}@?" + VALOR,
    opciones(),
)
# A command-line option followed by its value after a space: «--password s3cr3t».
OPCION = re2.compile(r"(?i)(?:^|\s)--?" + NOMBRE + r"[ \t]{1,4}" + VALOR, opciones())
# A credential in an HTTP header: «Authorization: Bearer …», «-H "X-Api-Key: …"» is
# an assignment already.
AUTORIZACION = re2.compile(
    r"(?i)authorization[\"']?[ \t]{0,8}[:=][ \t]{0,8}[\"']?(bearer|basic|token|digest)[ \t]{1,8}"
    r"([A-Za-z0-9\-._~+/=:]+)",
    opciones(),
)
# The body of a private key: a long run of base64 soon after its header.
CUERPO_CLAVE = re2.compile(r"[A-Za-z0-9+/=]{40}", opciones())
FIN_CLAVE = re2.compile(r"END [A-Z0-9 ]{0,30}PRIVATE KEY[A-Z ]{0,10}-*", opciones())
# Characters after a private key's header its body must start within, and the
# longest block replaced as one (an 8,192-bit RSA key in PEM is about 6,500).
CUERPO_CERCA = 300
BLOQUE_MAXIMO = 16_384

# Which finding stays where two overlap: the lower number.
PRIORIDAD = {"url_con_clave": 1, "autorizacion": 1, "variable_secreta": 2}


@dataclass(frozen=True)
class Candidato:
    tipo: str
    inicio: int
    fin: int
    extracto: str
    nombre: str = ""

    @property
    def prioridad(self) -> int:
        return PRIORIDAD.get(self.tipo, 0)


def _grupo_secreto(m) -> tuple[int, int]:
    """The credential's span in a plugin's match: its longest group of 8 or more, else all
    of it but a leading «AccountKey=»."""
    mejor = m.span()
    largo_grupo = 0
    for indice in range(1, (m.re.groups or 0) + 1):
        inicio, fin = m.span(indice)
        if inicio >= 0 and fin - inicio >= 8 and fin - inicio > largo_grupo:
            mejor, largo_grupo = (inicio, fin), fin - inicio
    if not largo_grupo and (prefijo := PREFIJO_CLAVE.match(m.group(0))):
        mejor = (m.start() + prefijo.end(), m.end())
    return mejor


def _formas(texto: str):
    finales = None  # where private keys end, found once when the text has a header
    for forma in FORMAS:
        hasta = 0  # a match inside the credential the previous one was extended over is in it
        for m in forma.patron.finditer(texto):
            if forma.tipo == "clave_privada":
                if finales is None:
                    finales = [f.end() for f in FIN_CLAVE.finditer(texto)]
                yield from _clave_privada(texto, m.start(), m.end(), finales)
                continue
            inicio, fin = _grupo_secreto(m)
            if inicio < hasta:
                continue
            secreto = texto[inicio:fin]
            if forma.valida is not None and not forma.valida(secreto):
                continue
            if forma.sigue is not None:
                fin = hasta = forma.sigue.match(texto, fin).end()
                secreto = texto[inicio:fin]
            if not es_de_ejemplo(secreto):
                yield Candidato(forma.tipo, inicio, fin, enmascarar(secreto))


def _clave_privada(texto: str, inicio: int, fin: int, finales: list[int]):
    """A private key's header with a body after it: the whole block, to its END line if near."""
    if not CUERPO_CLAVE.search(texto[fin : fin + CUERPO_CERCA]):
        return  # a header alone, or one with «<clave>» or «...» for a body: an example
    while inicio > 0 and texto[inicio - 1] in "- " and fin - inicio < 50:
        inicio -= 1
    while fin < len(texto) and texto[fin] in "- " and fin - inicio < 60:
        fin += 1
    linea = texto[inicio:fin].strip()
    siguiente = bisect.bisect_right(finales, fin)
    if siguiente < len(finales) and finales[siguiente] - fin <= BLOQUE_MAXIMO:
        fin = finales[siguiente]
    yield Candidato("clave_privada", inicio, fin, f"{linea} {OCULTO}")


def _urls(texto: str):
    for m in URL_CON_CLAVE.finditer(texto):
        clave = m.group(3)
        if es_marcador(clave) or es_de_ejemplo(clave):
            continue
        esquema, usuario, servidor = m.group(1), m.group(2), m.group(4)
        extracto = f"{esquema}://{usuario}:{OCULTO}@{servidor}"
        yield Candidato("url_con_clave", m.start(3), m.end(3), extracto)


# Code, not a value: «os.environ["DB_PASSWORD"]», «leer_clave()».
LLAMADA = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*[(\[]")
CIERRES = {")": "(", "]": "[", "}": "{"}
# The name a plugin's pattern includes before the key: «AccountKey=».
PREFIJO_CLAVE = re.compile(r"[A-Za-z]{1,30}=")


def _valor(texto: str, m, primero: int) -> tuple[int, int] | None:
    """The assigned value's span, or None when it is code.

    A bare value in a URL's query ends at the next parameter («?password=x&user=y»);
    a closing bracket it does not open belongs to the code around it.
    """
    for grupo in range(primero, primero + 3):
        if m.start(grupo) >= 0:
            return m.span(grupo)
    inicio, fin = m.span(primero + 3)
    valor = texto[inicio:fin]
    if LLAMADA.match(valor):
        return None
    if m.group(0)[:1] in ("?", "&") and "&" in valor:
        fin = inicio + valor.index("&")
    conteo = Counter(texto[inicio:fin])
    while fin > inicio and texto[fin - 1] in CIERRES:
        cierre = texto[fin - 1]
        if conteo[cierre] <= conteo[CIERRES[cierre]]:
            break
        conteo[cierre] -= 1
        fin -= 1
    return inicio, fin


def _asignaciones(texto: str):
    for patron in (ASIGNACION, OPCION):
        for m in patron.finditer(texto):
            nombre = m.group(1)
            clase = clase_de_nombre(nombre)
            valor = _valor(texto, m, 2) if clase else None
            if valor is None:
                continue
            inicio, fin = valor
            if es_credencial(texto[inicio:fin], clase):
                extracto = f"{nombre}={OCULTO}"
                yield Candidato("variable_secreta", inicio, fin, extracto, nombre)
    for m in AUTORIZACION.finditer(texto):
        valor = m.group(2)
        if len(valor) >= 8 and not es_marcador(valor) and not es_de_ejemplo(valor):
            extracto = f"Authorization: {m.group(1)} {OCULTO}"
            yield Candidato("autorizacion", m.start(2), m.end(2), extracto)


def _del_nombre(texto: str, nombre: str):
    """``texto`` whole as the value of a variable named ``nombre``, when that is a secret name."""
    clase = clase_de_nombre(nombre)
    valor = texto.strip()
    if clase and es_credencial(valor, clase):
        inicio = texto.index(valor)
        extracto = f"{nombre}={OCULTO}"
        yield Candidato("variable_secreta", inicio, inicio + len(valor), extracto, nombre)


def _sin_solapes(candidatos: list[Candidato]) -> list[Candidato]:
    """Of overlapping candidates, the one of lower priority number (then the longer) stays.

    A sweep in order of start: O(n log n) for any number of candidates.
    """
    elegidos: list[Candidato] = []
    for candidato in sorted(candidatos, key=lambda c: (c.inicio, c.prioridad, c.inicio - c.fin)):
        if elegidos and candidato.inicio < elegidos[-1].fin:
            anterior = elegidos[-1]
            if (candidato.prioridad, candidato.inicio - candidato.fin) < (
                anterior.prioridad,
                anterior.inicio - anterior.fin,
            ):
                elegidos[-1] = candidato
            continue
        elegidos.append(candidato)
    return elegidos


# Half a surrogate pair: Python's str holds one (a file read with
# ``errors="surrogateescape"``), UTF-8 and so RE2 cannot.
SUSTITUTOS = re.compile("[\ud800-\udfff]")


def _codificable(texto: str) -> str:
    """``texto`` with each lone surrogate replaced by U+FFFD, one character for one."""
    if texto.isascii():
        return texto
    try:
        texto.encode()
    except UnicodeEncodeError:
        return SUSTITUTOS.sub("\ufffd", texto)
    return texto


def hallazgos(texto: str, *, nombre: str = "") -> list[Hallazgo]:
    """What in ``texto`` looks like a credential, in order; [] for none.

    ``nombre`` is the name ``texto`` is the value of (an environment variable's,
    such as ``DB_PASSWORD``), when there is one: a value of a secret name is
    judged whole. Placeholders and examples («<clave>», «changeme»,
    «usuario:clave», «${TOKEN}», AWS's «…EXAMPLE» keys) are not findings.
    """
    texto = texto or ""
    if len(texto) <= limites.SECRETOS_RECORDADO_LARGO:
        return list(_recordados(texto, nombre))
    return list(_buscar(texto, nombre))


@functools.lru_cache(maxsize=limites.SECRETOS_RECORDADOS)
def _recordados(texto: str, nombre: str) -> tuple[Hallazgo, ...]:
    # Findings are frozen and depend on the text and the name alone.
    return _buscar(texto, nombre)


def _buscar(texto: str, nombre: str) -> tuple[Hallazgo, ...]:
    texto = _codificable(texto)
    candidatos = [*_formas(texto), *_urls(texto), *_asignaciones(texto)]
    if nombre:
        candidatos.extend(_del_nombre(texto, nombre))
    return tuple(
        Hallazgo(
            c.tipo, c.inicio, c.fin, c.extracto, huella(c.tipo, texto[c.inicio : c.fin]), c.nombre
        )
        for c in _sin_solapes(candidatos)
    )


def reemplazar_secretos(texto: str, *, nombre: str = "", marcador: str = MARCADOR) -> str:
    """``texto`` with each credential replaced by ``marcador`` (``<secreto>``).

    Only the credential goes: «postgres://u:<secreto>@servidor», «API_KEY=<secreto>»;
    a private key goes whole, from its BEGIN line to its END line.
    """
    partes, desde = [], 0
    for h in hallazgos(texto, nombre=nombre):
        partes += [texto[desde : h.inicio], marcador]
        desde = h.fin
    partes.append(texto[desde:])
    return "".join(partes)
