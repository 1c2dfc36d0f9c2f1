"""Settings shared by every environment, read from the environment (and `.env`).

Every variable is documented in README.md and `.env.example`.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

from informes import limites

from .api import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: F401  (Django reads them)
from .entorno import cache_desde_url, env_bool, env_list, proxies_confiables

BASE_DIR = Path(__file__).resolve().parent.parent.parent
load_dotenv(BASE_DIR / ".env")

VERSION = "0.1.0"

DEBUG = env_bool("DJANGO_DEBUG", False)
# Only development may run with this key; production.py refuses it.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "django-insecure-solo-para-desarrollo-local"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "informes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the client's address (django-axes).
    "informes.middleware.ProxyConfiableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "informes.middleware.RenovarSesionMiddleware",
    "informes.middleware.SinCacheAutenticadoMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "informes.urls"
WSGI_APPLICATION = "informes.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "informes.context_processors.rol",
            ],
        },
    },
]

# Plain inputs and text areas written in Python, the rest by template (the edit
# page draws about 140 inputs).
FORM_RENDERER = "informes.forms.renderizador.Renderizador"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE") or "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once with "database is locked",
    # and take the write lock at BEGIN so that transactions never deadlock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # Refuses to authenticate a locked-out username + address before checking the password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: 5 failed attempts for one username from one address lock
# that pair out for 15 minutes. Every failure and lockout is logged.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/bloqueado.html"
AXES_VERBOSE = True


# Behind a reverse proxy every request comes from the proxy's address, so the
# lockout above would lock an account out for everyone. Addresses or networks
# of the proxies whose X-Forwarded-For is believed (compose's nginx); from any
# other address the header is removed (informes.middleware). Empty: off, and
# REMOTE_ADDR is the client.
INFORMES_PROXIES_CONFIABLES = proxies_confiables(env_list("INFORMES_PROXIES_CONFIABLES"))
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
# Only the last entry of X-Forwarded-For is the trusted proxy's own (the address
# it saw); anything before it is what the client sent. No proxies listed inside
# the header, and not strict, so that last entry is taken however long the list.
AXES_IPWARE_PROXY_COUNT = 0
IPWARE_STRICT = False


# Shared state for any number of web replicas: sessions live in the database
# (Django's default engine), login failures too (django-axes' database handler),
# messages in the cookie or the session, and the cache below is shared as well.
# Nothing is kept in one process's memory that another replica would need.
CACHES = {"default": cache_desde_url(os.environ.get("INFORMES_CACHE_URL", ""))}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# Sessions end after an hour without activity.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_SECONDS", "3600"))
# Renewed at most once a minute (informes.middleware), not written on every request.
INFORMES_SESION_RENOVAR_SEGUNDOS = 60

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "informes:lista"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "es-co"
LANGUAGES = [("es-co", _("Español (Colombia)"))]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")

# Uploaded diagrams. They are never served by a bare URL: a view checks the
# report's permissions first (see views.diagrama_imagen).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media-privado/"

# Object storage: any S3-compatible store (MinIO, AWS S3, ...) holds the media
# when INFORMES_S3_BUCKET is set; otherwise files go to MEDIA_ROOT.
S3_BUCKET = os.environ.get("INFORMES_S3_BUCKET", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("INFORMES_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("INFORMES_S3_REGION") or None,
            "access_key": os.environ.get("INFORMES_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("INFORMES_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("INFORMES_S3_PREFIX", ""),
            # Private objects: the app checks permissions and streams them.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Behind nginx, protected files can be handed to it after the permission check:
# set this to an `internal` location that maps to the media folder, e.g. /protegido/.
INFORMES_X_ACCEL_REDIRECT = os.environ.get("INFORMES_X_ACCEL_REDIRECT", "")

# Background work (PDF rendering). Without a worker, tasks run in the request;
# INFORMES_TAREAS=db queues them in the database for `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if os.environ.get("INFORMES_TAREAS") == "db"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Uploads above this size go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 15 * 1024 * 1024
# The fields of the largest report form the app reads back (every row, diagram and
# box): above this Django answers a bare 400 and the typed text is lost.
DATA_UPLOAD_MAX_NUMBER_FIELDS = limites.CAMPOS_POR_ENVIO
FILE_UPLOAD_PERMISSIONS = 0o640

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# A strict Content-Security-Policy: no inline script, no remote anything.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap's own icons are data: SVGs in its CSS
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "informes@localhost")

# One JSON object per line on standard error (DJANGO_LOG_FORMAT=texto for plain text).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "informes.registro.FormatoJSON"},
        "texto": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("DJANGO_LOG_FORMAT", "json"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes.apps": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Address users open the app at; mails build their links from it.
INFORMES_URL_BASE = os.environ.get("INFORMES_URL_BASE", "http://127.0.0.1:8000")

# Exports. The Markdown keeps the template's logo line unless this replaces it
# (an empty value removes the line); the PDF cover uses a static file of the app.
INFORMES_LOGO_MARKDOWN = os.environ.get("INFORMES_LOGO_MARKDOWN")
INFORMES_LOGO_PDF = os.environ.get("INFORMES_LOGO_PDF") or "informes/img/logo.svg"
# Seconds a PDF export may take before it is cancelled; it can only lower
# limites.TIEMPO_PDF, which stays below gunicorn's worker timeout.
INFORMES_PDF_TIEMPO_MAXIMO = int(os.environ.get("INFORMES_PDF_TIEMPO_MAXIMO") or limites.TIEMPO_PDF)
