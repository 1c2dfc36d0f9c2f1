"""Every budget the app sets on work it does for a request: one set of numbers.

Each untrusted input (a field, an upload, an import, a restore) is bounded in
size, count and time here, and every time budget is shorter than the server's
worker timeout, so no input can hold a worker until the server kills it. The
gunicorn configuration, the Dockerfile and docker-compose.yml read the worker
timeout from this module; README's Seguridad section lists these numbers.

Plain Python on purpose: settings and the server's configuration import it.
The numbers live in four modules by concern (``contenido``: what a report holds;
``entradas``: what comes from outside; ``salidas``: the outputs' work;
``edicion``: editing together) and are all read as ``limites.NAME``.
"""

from .contenido import *  # noqa: F403
from .edicion import *  # noqa: F403
from .entradas import *  # noqa: F403
from .salidas import *  # noqa: F403
