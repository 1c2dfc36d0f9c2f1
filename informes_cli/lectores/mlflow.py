"""An MLflow model folder (its ``MLmodel`` file): flavour, Python version, signature and
model name, and the environment files beside it (conda.yaml, requirements.txt)."""

import json
from dataclasses import dataclass, field

import yaml

from ..repositorio import Repositorio
from .python import version_en

# Columns of a signature written out; a wide table gets the rest counted.
COLUMNAS_MAXIMAS = 30


@dataclass
class Modelo:
    carpeta: str  # relative to the repository ("" at its root)
    nombre: str = ""
    sabor: str = ""
    version_sabor: str = ""
    cargador: str = ""
    python: str = ""
    archivo_modelo: str = ""
    entradas: list[str] = field(default_factory=list)
    salidas: list[str] = field(default_factory=list)

    def ruta(self, nombre: str) -> str:
        return f"{self.carpeta}/{nombre}" if self.carpeta else nombre

    def descripcion(self) -> str:
        """Markdown for «Descripción del Modelo»: the flavour and the signature."""
        sabor = f"`{self.sabor}`" + (f" {self.version_sabor}" if self.version_sabor else "")
        lineas = [f"Modelo registrado con MLflow, sabor {sabor}."]
        if self.cargador:
            lineas[0] += f" Se carga con `{self.cargador}`."
        if self.entradas or self.salidas:
            lineas += ["", "Firma del modelo:", ""]
            if self.entradas:
                lineas.append("- Entradas: " + ", ".join(self.entradas))
            if self.salidas:
                lineas.append("- Salidas: " + ", ".join(self.salidas))
        return "\n".join(lineas)


def _columnas(especificacion) -> list[str]:
    if isinstance(especificacion, str):
        try:
            especificacion = json.loads(especificacion)
        except ValueError:
            return []
    if not isinstance(especificacion, list):
        return []
    columnas = []
    for columna in especificacion[:COLUMNAS_MAXIMAS]:
        if not isinstance(columna, dict):
            continue
        tipo = columna.get("type", "")
        if tipo == "tensor":
            tensor = columna.get("tensor-spec") or {}
            tipo = f"tensor {tensor.get('dtype', '')} {tensor.get('shape', '')}".strip()
        nombre = columna.get("name")
        columnas.append(f"`{nombre}` ({tipo})" if nombre else f"({tipo})")
    if len(especificacion) > COLUMNAS_MAXIMAS:
        columnas.append(f"y {len(especificacion) - COLUMNAS_MAXIMAS} más")
    return columnas


def leer(repo: Repositorio) -> Modelo | None:
    """The shallowest MLmodel of the repository, or None."""
    encontrados = repo.buscar(lambda nombre: nombre == "MLmodel", profundidad=3)
    for ruta in encontrados:
        try:
            datos = yaml.safe_load(repo.leer(ruta) or "")
        except yaml.YAMLError:
            continue
        if not isinstance(datos, dict) or not isinstance(datos.get("flavors"), dict):
            continue
        carpeta = repo.relativa(ruta.parent) if ruta.parent != repo.raiz else ""
        modelo = Modelo(carpeta=carpeta)
        sabores = datos["flavors"]
        pyfunc = sabores.get("python_function") or {}
        modelo.python = version_en(str(pyfunc.get("python_version", "")))
        modelo.cargador = str(pyfunc.get("loader_module") or "")
        propios = [s for s in sabores if s != "python_function"]
        modelo.sabor = propios[0] if propios else "python_function"
        detalle = sabores.get(modelo.sabor) or {}
        versiones = [str(v) for k, v in detalle.items() if k.endswith("_version") and v]
        modelo.version_sabor = versiones[0] if versiones else ""
        archivo = (
            detalle.get("pickled_model") or detalle.get("model_path") or pyfunc.get("model_path")
        )
        modelo.archivo_modelo = modelo.ruta(str(archivo)) if archivo else ""
        artefacto = str(datos.get("artifact_path") or "")
        modelo.nombre = str(datos.get("name") or (artefacto if artefacto != "model" else ""))
        firma = datos.get("signature") or {}
        modelo.entradas = _columnas(firma.get("inputs"))
        modelo.salidas = _columnas(firma.get("outputs"))
        return modelo
    return None
