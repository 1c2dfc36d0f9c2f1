"""What a repository says about each label, and what of it goes into the draft.

``leer_repositorio`` asks every reader and keeps, per label, the first source in
order of authority (the Dockerfile's Python runs in production, a lock file pins
more than a range); ``cambios`` compares that with the stored draft and never
replaces a label a person filled unless told to; ``reemplazar_en`` passes every
text that would be sent through a function (``informes.secretos.reemplazar_secretos``,
the server's own detection); ``tabla`` says what went where.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

from . import reglas
from .lectores import Dato, bibliotecas, despliegue, docker, entorno, mlflow
from .lectores import python as lector_python
from .repositorio import Repositorio


def _python(repo, modelo, dockerfile, conda_python, pipfile_python, meta) -> Dato | None:
    candidatos = []
    if dockerfile and dockerfile.python:
        candidatos.append((dockerfile.python, f"{dockerfile.nombre} (FROM {dockerfile.imagen})"))
    if modelo and modelo.python:
        candidatos.append((modelo.python, modelo.ruta("MLmodel")))
    candidatos += [
        (lector_python.runtime_txt(repo), "runtime.txt"),
        (lector_python.python_version(repo), ".python-version"),
        conda_python,
        (pipfile_python, "Pipfile.lock"),
        (lector_python.requires_python(meta.get("python", "")), "pyproject.toml (requires-python)"),
    ]
    for version, fuente in candidatos:
        version = lector_python.version_en(version)
        if version and reglas.version_python_valida(version):
            return Dato("version_python", version, fuente)
    return None


def _bibliotecas(repo: Repositorio, modelo, omitidos: list) -> tuple[list, str, str]:
    """Library rows from every source, conda's Python version (with its file) and
    Pipfile.lock's."""
    fuentes = []
    pipfile, pipfile_python = bibliotecas.pipfile_lock(repo)
    fuentes.append(("Pipfile.lock", pipfile))
    for nombre in bibliotecas.archivos_requirements(repo):
        fuentes.append((nombre, bibliotecas.requirements(repo, nombre, omitidos)))
    conda_python = ("", "")
    carpetas = [modelo.carpeta] if modelo and modelo.carpeta else []
    for carpeta in [*carpetas, ""]:
        for nombre in ("environment.yml", "environment.yaml", "conda.yaml", "conda.yml"):
            relativa = f"{carpeta}/{nombre}" if carpeta else nombre
            filas, version = bibliotecas.conda(repo, relativa, omitidos)
            fuentes.append((relativa, filas))
            if version and not conda_python[0]:
                conda_python = (version, relativa)
        if carpeta:
            relativa = f"{carpeta}/requirements.txt"
            fuentes.append((relativa, bibliotecas.requirements(repo, relativa, omitidos)))
    return fuentes, conda_python, pipfile_python


def _validas(campo: str, filas: list[dict], omitidos: list) -> list[dict]:
    validas = []
    for fila in filas:
        if len(validas) >= reglas.FILAS_MAXIMAS:
            omitidos.append(f"{fila.get('nombre', '')}: más de {reglas.FILAS_MAXIMAS} filas")
        elif reglas.fila_valida(campo, fila):
            validas.append(fila)
        else:
            omitidos.append(f"{' '.join(str(v) for v in fila.values() if v)[:60]}: no es válida")
    return validas


def leer_repositorio(repo: Repositorio) -> list[Dato]:
    """Every label the repository fills, each with the file it came from."""
    datos: list[Dato] = []
    modelo = mlflow.leer(repo)
    dockerfile = docker.leer(repo)
    omitidos_bib: list[str] = []
    fuentes, conda_python, pipfile_python = _bibliotecas(repo, modelo, omitidos_bib)
    filas_pyproject, meta = bibliotecas.pyproject(repo, omitidos_bib)
    fuentes.append(("pyproject.toml", filas_pyproject))
    nombre = (modelo.nombre if modelo else "") or meta.get("nombre", "")
    if nombre and reglas.linea_valida(nombre):
        origen = modelo.ruta("MLmodel") if modelo and modelo.nombre else "pyproject.toml"
        datos.append(Dato("nombre_modelo", nombre, origen))
    if modelo:
        datos.append(Dato("descripcion_modelo", modelo.descripcion(), modelo.ruta("MLmodel")))
    elif meta.get("descripcion"):
        datos.append(Dato("descripcion_modelo", meta["descripcion"][:20_000], "pyproject.toml"))
    version = _python(repo, modelo, dockerfile, conda_python, pipfile_python, meta)
    if version:
        datos.append(version)
    filas, usadas = bibliotecas.unir(fuentes)
    filas = _validas("bibliotecas", filas, omitidos_bib)
    if filas:
        datos.append(Dato("bibliotecas", filas, ", ".join(usadas), omitidos_bib))
    if modelo and modelo.archivo_modelo and reglas.linea_valida(modelo.archivo_modelo, 500):
        proposito = f"Modelo serializado (MLflow, sabor {modelo.sabor})"[:200]
        fila = {"ruta": modelo.archivo_modelo, "proposito": proposito}
        datos.append(Dato("rutas", [fila], modelo.ruta("MLmodel")))
    datos += _variables(repo)
    principal = _principal(repo, dockerfile)
    if principal:
        datos.append(principal)
    return datos


def _variables(repo: Repositorio) -> list[Dato]:
    resultado, vistas, usadas, omitidos = [], set(), [], []
    for fuente, filas in (entorno.env_ejemplo(repo), entorno.compose(repo)):
        aporta = False
        for fila in filas:
            if fila["nombre"] in vistas:
                continue
            vistas.add(fila["nombre"])
            resultado.append(fila)
            aporta = True
        if aporta:
            usadas.append(fuente)
    resultado = _validas("variables_entorno", resultado, omitidos)
    return [Dato("variables_entorno", resultado, ", ".join(usadas), omitidos)] if resultado else []


def _principal(repo: Repositorio, dockerfile) -> Dato | None:
    if dockerfile and dockerfile.orden:
        archivo = despliegue.de_orden(repo, dockerfile.orden)[:200]
        if archivo and reglas.linea_valida(archivo):
            return Dato("archivo_principal", archivo, f"{dockerfile.nombre} (CMD/ENTRYPOINT)")
    modulo = despliegue.modulo_principal(repo)
    if modulo and reglas.linea_valida(modulo):
        return Dato("archivo_principal", modulo, f'{modulo} (if __name__ == "__main__")')
    return None


def reemplazar_en(datos: list[Dato], reemplazar: Callable[[str], str]) -> list[Dato]:
    """``datos`` with ``reemplazar`` applied to every text that would be sent (row values too)."""
    resultado = []
    for dato in datos:
        if isinstance(dato.valor, str):
            valor = reemplazar(dato.valor)
        else:
            valor = [{k: reemplazar(v) for k, v in fila.items()} for fila in dato.valor]
        resultado.append(replace(dato, valor=valor))
    return resultado


@dataclass
class Resultado:
    dato: Dato
    accion: str  # "llenada", "sobrescrita", "conservada", "sin cambios"


def _lleno(etiqueta: dict) -> bool:
    if (etiqueta.get("no_aplica") or "").strip():
        return True
    if "filas" in etiqueta:
        return any(any(str(v).strip() for v in f.values()) for f in etiqueta["filas"])
    return bool((etiqueta.get("valor") or "").strip())


def _actual(etiqueta: dict):
    if "filas" in etiqueta:
        return [dict(f) for f in etiqueta["filas"]]
    return etiqueta.get("valor", "")


def cambios(datos: list[Dato], actual: dict | None, sobrescribir: bool) -> tuple[dict, list]:
    """The body of the write and what happens to each label.

    ``actual`` is the stored report (the API's JSON) or None for a new draft. A
    label already filled (text, rows or «No aplica») is kept unless ``sobrescribir``;
    overwriting also removes its «No aplica» mark.
    """
    cuerpo, resultados, quitar_marcas = {}, [], {}
    for dato in datos:
        etiqueta = (actual or {}).get("etiquetas", {}).get(dato.campo, {})
        if actual is not None and _actual(etiqueta) == dato.valor:
            resultados.append(Resultado(dato, "sin cambios"))
            continue
        lleno = actual is not None and _lleno(etiqueta)
        if lleno and not sobrescribir:
            resultados.append(Resultado(dato, "conservada"))
            continue
        cuerpo[dato.campo] = dato.valor
        if (etiqueta.get("no_aplica") or "").strip():
            quitar_marcas[dato.campo] = ""
        resultados.append(Resultado(dato, "sobrescrita" if lleno else "llenada"))
    if quitar_marcas:
        cuerpo["no_aplica"] = quitar_marcas
    return cuerpo, resultados
