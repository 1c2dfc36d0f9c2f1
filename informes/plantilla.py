"""The official template's structure: its nine sections and 29 fillable labels.

This module is the one place that knows the template's wording. Models take
their verbose names and help texts from it; forms, the Markdown export, the
importer and the completeness check walk ``SECCIONES`` in order. The template
itself is kept beside this module in ``data/informe_resumen_despliegue.md`` and
a test checks that both agree label by label.
"""

from dataclasses import dataclass, field
from pathlib import Path

RUTA_PLANTILLA = Path(__file__).resolve().parent / "data" / "informe_resumen_despliegue.md"

TITULO = "Informe resumen de despliegue"
INTRODUCCION = (
    "Este informe ofrece documenta las estrategias y metodologías empleadas para llevar los "
    "modelos desde el entorno de desarrollo hasta el entorno de producción, incluyendo la "
    "infraestructura utilizada, los pasos de implementación, y las consideraciones para la "
    "integración con sistemas existentes."
)


class Tipo:
    """How a label's content is held."""

    LINEA = "linea"  # one line of plain text
    MARKDOWN = "markdown"  # long narrative text in Markdown
    FILAS = "filas"  # repeatable rows (a related model)


@dataclass(frozen=True)
class Etiqueta:
    """One fillable bold label of the template."""

    campo: str  # the Informe attribute (or the related name of its rows)
    texto: str  # the label exactly as the template writes it, without the colon
    pista: str  # the bracketed hint, without the brackets
    tipo: str = Tipo.MARKDOWN
    grupo: str = ""  # the bold label it is nested under in the template, if any
    ejemplo: str = ""  # the template's "_Ejemplo:_" block, for the documentation section

    @property
    def es_filas(self) -> bool:
        return self.tipo == Tipo.FILAS


@dataclass(frozen=True)
class Seccion:
    numero: int
    titulo: str
    etiquetas: tuple[Etiqueta, ...]
    introduccion: str = ""
    slug: str = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "slug", f"seccion-{self.numero}")

    @property
    def encabezado(self) -> str:
        return f"{self.numero}. {self.titulo}"


E = Etiqueta

EJEMPLO_INSTALACION = """1. Clonar el repositorio:

```sh
git clone https://github.com/usuario/repositorio.git
```
2. Crear y activar un entorno virtual, e instalar las dependencias

```sh
python3 -m venv env && source env/bin/activate && pip install -r requirements.txt
```"""

EJEMPLO_CONFIGURACION = """1. Configurar variables de entorno en el archivo '.env':

```sh
MODEL_PATH=/path/to/model.pkl
DATABASE_URL=db.example.com
```
2. Establecer parámetros en 'config.yaml':

```yaml
model:
    path: /path/to/model.pkl
database:
    url: db.example.com
```"""

EJEMPLO_USO = """1. Ejecutar el script principal para iniciar el servicio de predicción:

```sh
python deploy_model.py
```

2. Comprobar el estado del servicio:

```sh 
curl http://localhost:8080/status
```"""

EJEMPLO_MANTENIMIENTO = """1. Monitorear logs y métricas de rendimiento:

```sh
tail -f /var/log/model_logs.log
```

2. Actualizar el modelo periódicamente con nuevos datos:

```sh
python update_model.py --data /path/to/new/data
```"""

GRUPO_VERSIONES = "Versiones de Software"

SECCIONES: tuple[Seccion, ...] = (
    Seccion(
        1,
        "Detalles del Modelo",
        (
            E("nombre_modelo", "Nombre del Modelo", "Nombre del Modelo", Tipo.LINEA),
            E(
                "descripcion_modelo",
                "Descripción del Modelo",
                "Breve descripción del modelo, su propósito y las técnicas utilizadas",
            ),
        ),
    ),
    Seccion(
        2,
        "Plataforma de Despliegue",
        (
            E(
                "plataforma_despliegue",
                "Plataforma de Despliegue",
                "Nombre de la Plataforma",
                Tipo.LINEA,
            ),
            E(
                "entorno_despliegue",
                "Entorno de Despliegue",
                "Entorno de Despliegue, e.g., AWS, Azure, GCP, servidor local",
                Tipo.LINEA,
            ),
        ),
    ),
    Seccion(
        3,
        "Requisitos Técnicos",
        (
            E("version_python", "Python", "Versión", Tipo.LINEA, grupo=GRUPO_VERSIONES),
            E(
                "bibliotecas",
                "Bibliotecas de Terceros",
                "Lista de Bibliotecas y Versiones, e.g., scikit-learn 1.0, TensorFlow 2.5",
                Tipo.FILAS,
                grupo=GRUPO_VERSIONES,
            ),
            E(
                "hardware_requerido",
                "Hardware Requerido",
                "Especificaciones de Hardware, e.g., CPU, RAM, GPU",
                grupo=GRUPO_VERSIONES,
            ),
        ),
    ),
    Seccion(
        4,
        "Requisitos de Seguridad",
        (
            E(
                "autenticacion",
                "Autenticación",
                "Métodos de Autenticación, e.g., IAM roles, OAuth",
            ),
            E(
                "encriptacion_datos",
                "Encriptación de Datos",
                "Métodos de Encriptación, e.g., TLS/SSL, encriptación en reposo",
            ),
        ),
    ),
    Seccion(
        5,
        "Etapas de Liberación",
        (
            E(
                "estrategia_liberacion",
                "Estrategia de Liberación",
                "Detalle de la estrategia de liberación, por ejemplo, liberación canaria, "
                "liberación en fases, liberación en paralelo, etc.",
            ),
            E(
                "fase_liberacion",
                "Fase de Liberación",
                "Descripción de las diferentes fases del despliegue (por ejemplo, prueba en "
                "entornos de desarrollo, prueba en entornos de staging, liberación a "
                "producción).",
            ),
            E(
                "ambientes_prueba",
                "Ambientes de Prueba",
                "Descripción de los ambientes donde se realizarán las pruebas (por ejemplo, "
                "desarrollo, staging, pre-producción).",
            ),
            E(
                "criterios_exito",
                "Criterios de Éxito",
                "Criterios que deben cumplirse para considerar exitosa cada fase del despliegue "
                "(por ejemplo, umbrales de rendimiento, aceptación por parte de usuarios "
                "clave).",
            ),
            E(
                "plan_contingencia",
                "Plan de Contingencia",
                "Estrategias y procedimientos a seguir en caso de que el modelo falle o "
                "presente problemas durante la liberación.",
            ),
            E(
                "comunicacion",
                "Comunicación",
                "Plan para comunicar los cambios a los stakeholders, incluyendo notificaciones, "
                "actualizaciones y documentación.",
            ),
        ),
    ),
    Seccion(
        6,
        "Diagrama de Arquitectura",
        (
            E(
                "diagramas",
                "Diagrama de Arquitectura",
                "Imagen o diagrama mostrando la arquitectura del sistema de despliegue",
                Tipo.FILAS,
            ),
        ),
    ),
    Seccion(
        7,
        "Código de Despliegue",
        (
            E(
                "archivo_principal",
                "Archivo Principal de Despliegue",
                "Nombre del Archivo, e.g., deploy_model.py",
                Tipo.LINEA,
            ),
            E(
                "rutas",
                "Rutas de Acceso a los Archivos",
                "Lista de Rutas de Acceso, e.g., /path/to/config.yaml, /path/to/model.pkl",
                Tipo.FILAS,
            ),
            E(
                "variables_entorno",
                "Variables de Entorno",
                "Lista de Variables de Entorno, e.g., `MODEL_PATH`, `DATABASE_URL`",
                Tipo.FILAS,
            ),
        ),
    ),
    Seccion(
        8,
        "Documentación del Despliegue",
        (
            E(
                "instalacion",
                "Instalación",
                "Proporcionar las instrucciones detalladas para instalar el modelo en la "
                "plataforma de despliegue",
                ejemplo=EJEMPLO_INSTALACION,
            ),
            E(
                "instrucciones_configuracion",
                "Instrucciones de Configuración",
                "Proporcionar las instrucciones detalladas para configurar el modelo en la "
                "plataforma de despliegue",
                ejemplo=EJEMPLO_CONFIGURACION,
            ),
            E(
                "instrucciones_uso",
                "Instrucciones de Uso",
                "Proporcionar las instrucciones para utilizar el modelo en la plataforma de "
                "despliegue",
                ejemplo=EJEMPLO_USO,
            ),
            E(
                "instrucciones_mantenimiento",
                "Instrucciones de Mantenimiento",
                "Proporcionar las instrucciones detalladas para mantener el modelo en la "
                "plataforma de despliegue",
                ejemplo=EJEMPLO_MANTENIMIENTO,
            ),
        ),
        introduccion=(
            "A continuación, se proporcionan las instrucciones detalladas para la instalación, "
            "configuración, uso y mantenimiento del modelo en el entorno de producción."
        ),
    ),
    Seccion(
        9,
        "Monitoreo y Operación del Modelo",
        (
            E(
                "umbrales_reentrenamiento",
                "Umbrales para Reentrenamiento",
                "Definición de los umbrales de rendimiento que, al ser alcanzados, indican la "
                "necesidad de reentrenar el modelo (por ejemplo, caída del rendimiento en "
                "métricas clave como precisión, recall, o AUC).",
            ),
            E(
                "mecanismos_reentrenamiento",
                "Mecanismos de Reentrenamiento",
                "Procedimientos y herramientas para habilitar el reentrenamiento automático o "
                "manual del modelo, incluyendo la frecuencia del reentrenamiento y el flujo de "
                "trabajo asociado.",
            ),
            E(
                "monitoreo_continuo",
                "Monitoreo Continuo",
                "Herramientas y métodos utilizados para el monitoreo continuo del desempeño del "
                "modelo en producción (por ejemplo, dashboards, alertas en tiempo real, "
                "informes periódicos).",
            ),
            E(
                "metricas_desempeno",
                "Métricas de Desempeño",
                "Métricas clave que se monitorean para evaluar el desempeño del modelo, tales "
                "como precisión, recall, F1 Score, AUC, etc.",
            ),
            E(
                "actualizacion_modelos",
                "Actualización de Modelos",
                "Procedimientos para la actualización y despliegue de nuevas versiones del "
                "modelo, incluyendo la integración de nuevas características o mejoras.",
            ),
            E(
                "linaje_modelos",
                "Linaje de modelos",
                "Mecanismos para registrar y auditar todas las acciones relacionadas con el "
                "monitoreo y mantenimiento del modelo, incluyendo cambios en el código, ajustes "
                "en los parámetros, y resultados de las pruebas.",
            ),
        ),
    ),
)

ETIQUETAS: tuple[Etiqueta, ...] = tuple(e for s in SECCIONES for e in s.etiquetas)
POR_CAMPO: dict[str, Etiqueta] = {e.campo: e for e in ETIQUETAS}
CAMPOS_SIMPLES: tuple[str, ...] = tuple(e.campo for e in ETIQUETAS if not e.es_filas)
CAMPOS_FILAS: tuple[str, ...] = tuple(e.campo for e in ETIQUETAS if e.es_filas)


def etiqueta(campo: str) -> Etiqueta:
    return POR_CAMPO[campo]
