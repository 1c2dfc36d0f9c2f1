"""gunicorn's settings for Informes, with the worker timeout taken from ``limites``.

Start the app with ``gunicorn -c python:informes.gunicorn_conf informes.wsgi``
(the Dockerfile, docker-compose.yml, bench/ and the tests do); options given on
the command line win over these. Every deadline of the app (``limites.TIEMPO_PDF``
and the others) is shorter than ``timeout``, so a request answers, 503 at
worst, before gunicorn kills its worker with a bare 500.
"""

import os

from informes import limites

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# Sync workers handle each request in the main thread, where the deadlines'
# timer signal can interrupt the work (threads cannot be interrupted).
worker_class = "sync"
timeout = limites.TIEMPO_TRABAJADOR
# A stopping worker may finish the request it holds, deadline included.
graceful_timeout = limites.TIEMPO_TRABAJADOR
# "-" writes the access log to standard output (the Dockerfile does); unset, none.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
