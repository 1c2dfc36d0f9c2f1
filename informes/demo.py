"""The demo report: every label of the template filled, as a real analyst would."""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from . import services

CAMPOS = {
    "nombre_modelo": "Clasificador de actividad económica CIIU",
    "descripcion_modelo": (
        "Modelo de clasificación de texto que asigna el código **CIIU Rev. 4** a la "
        "descripción de actividad económica declarada en las encuestas.\n\n"
        "- Técnica: TF-IDF de caracteres y palabras con regresión logística calibrada.\n"
        "- Propósito: reducir la codificación manual y su tiempo de respuesta."
    ),
    "plataforma_despliegue": "Kubernetes (clúster OpenShift institucional)",
    "entorno_despliegue": "Servidor local del centro de datos, namespace ml-produccion",
    "version_python": "3.11",
    "hardware_requerido": "4 vCPU, 8 GB de RAM por réplica; sin GPU.",
    "autenticacion": "OAuth 2.0 con el proveedor de identidad institucional (Keycloak); "
    "cuentas de servicio con roles de solo lectura para los consumidores.",
    "encriptacion_datos": "TLS 1.3 en tránsito; volúmenes cifrados con LUKS en reposo.",
    "estrategia_liberacion": "Liberación canaria: 10 % del tráfico durante una semana, "
    "luego 50 % y 100 % si se cumplen los criterios de éxito.",
    "fase_liberacion": "1. Pruebas en desarrollo.\n2. Pruebas en staging con datos "
    "anonimizados.\n3. Canario en producción.\n4. Liberación total.",
    "ambientes_prueba": "Desarrollo (local), staging (réplica del clúster) y pre-producción.",
    "criterios_exito": "| Métrica | Umbral |\n|---|---|\n| Exactitud (4 dígitos) | ≥ 0,92 |\n"
    "| Latencia p95 | ≤ 300 ms |\n| Errores 5xx | < 0,1 % |",
    "plan_contingencia": "Reversión automática a la versión anterior con `kubectl rollout undo` "
    "si la tasa de errores supera el 1 % durante 5 minutos.",
    "comunicacion": "Aviso por correo a los equipos de encuestas una semana antes; "
    "notas de versión en el repositorio; reunión de cierre con los usuarios clave.",
    "archivo_principal": "deploy_model.py",
    "instalacion": (
        "1. Clonar el repositorio:\n\n```sh\ngit clone https://git.example.org/ml/ciiu.git\n```\n"
        "2. Crear el entorno e instalar dependencias:\n\n"
        "```sh\npython3 -m venv env && source env/bin/activate\n"
        "pip install -r requirements.txt\n```"
    ),
    "instrucciones_configuracion": (
        "Definir las variables de entorno en `.env`:\n\n"
        "```sh\nMODEL_PATH=/srv/modelos/ciiu.joblib\nLOG_LEVEL=INFO\n```"
    ),
    "instrucciones_uso": (
        "Iniciar el servicio y comprobar su estado:\n\n"
        "```sh\npython deploy_model.py --port 8080\ncurl http://localhost:8080/status\n```"
    ),
    "instrucciones_mantenimiento": (
        "Revisar los registros diariamente y reentrenar cada trimestre:\n\n"
        "```sh\npython update_model.py --data /srv/datos/etiquetados/2026T3.parquet\n```"
    ),
    "umbrales_reentrenamiento": "Exactitud a 4 dígitos por debajo de 0,90 durante dos "
    "semanas, o deriva PSI > 0,2 en la distribución de textos.",
    "mecanismos_reentrenamiento": "Pipeline trimestral en Airflow con datos codificados "
    "manualmente; aprobación humana antes de publicar.",
    "monitoreo_continuo": "Tablero en Grafana con métricas de Prometheus y alertas a Teams.",
    "metricas_desempeno": (
        "Exactitud, F1 macro, cobertura de la codificación automática y latencia."
    ),
    "actualizacion_modelos": "Cada versión se registra en MLflow y se despliega con el mismo "
    "proceso canario.",
    "linaje_modelos": "MLflow registra datos, parámetros, código (commit) y métricas de cada "
    "entrenamiento; este informe se archiva con cada versión aprobada.",
}

BIBLIOTECAS = [
    {"nombre": "scikit-learn", "version": "1.5.2"},
    {"nombre": "pandas", "version": "2.2.3"},
    {"nombre": "fastapi", "version": ">=0.115,<1"},
    {"nombre": "joblib", "version": "1.4.2"},
]
RUTAS = [
    {"ruta": "/srv/modelos/ciiu.joblib", "proposito": "Modelo entrenado"},
    {"ruta": "/etc/ciiu/config.yaml", "proposito": "Configuración del servicio"},
]
VARIABLES = [
    {
        "nombre": "MODEL_PATH",
        "proposito": "Ruta del modelo",
        "valor_ejemplo": "/srv/modelos/ciiu.joblib",
    },
    {"nombre": "LOG_LEVEL", "proposito": "Nivel de registro", "valor_ejemplo": "INFO"},
]


def diagrama_png() -> bytes:
    """A simple architecture diagram drawn with Pillow."""
    imagen = Image.new("RGB", (1200, 500), "white")
    dibujo = ImageDraw.Draw(imagen)
    cajas = [
        (60, "Encuestas"),
        (340, "API de clasificación"),
        (620, "Modelo CIIU"),
        (900, "Base de resultados"),
    ]
    for x, texto in cajas:
        dibujo.rectangle([x, 180, x + 240, 320], outline="#0b3d91", width=4, fill="#e8f0fe")
        dibujo.text((x + 20, 240), texto, fill="#0b3d91", font_size=24)
    for x, _ in cajas[:-1]:
        dibujo.line([x + 240, 250, x + 280, 250], fill="#333333", width=4)
        dibujo.polygon([(x + 280, 240), (x + 280, 260), (x + 295, 250)], fill="#333333")
    dibujo.text((60, 60), "Arquitectura de despliegue", fill="#111111", font_size=32)
    salida = io.BytesIO()
    imagen.save(salida, format="PNG")
    return salida.getvalue()


def crear_informe(autor, *, campos: dict[str, str] | None = None, diagrama: bool = True):
    """The demo report, owned by ``autor``, through the same services as the app.

    ``campos`` replaces some texts (benchmarks make longer reports with it).
    """
    informe = services.informe_crear(
        autor=autor,
        campos={**CAMPOS, **(campos or {})},
        filas={"bibliotecas": BIBLIOTECAS, "rutas": RUTAS, "variables_entorno": VARIABLES},
    )
    if diagrama:
        services.diagrama_agregar(
            informe=informe,
            archivo=ContentFile(diagrama_png(), name="arquitectura.png"),
            titulo="Arquitectura de despliegue",
            leyenda="Flujo desde las encuestas hasta la base de resultados.",
        )
    return informe
