# Informes under gunicorn. Built by docker-compose.yml; configuration comes from the environment.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=informes.settings.production \
    MEDIA_ROOT=/srv/informes/media \
    STATIC_ROOT=/srv/informes/static \
    GUNICORN_BIND=0.0.0.0:8000 \
    GUNICORN_ACCESS_LOG=-

# Pango and Cairo for WeasyPrint and CairoSVG; fonts for the PDF (the same as
# scripts/paquetes_sistema.sh): DejaVu, and Noto for other scripts, CJK, symbols and
# emoji, with fontconfig's cache built here so that no worker scans them at start.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libcairo2 \
       fontconfig fonts-dejavu-core fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji \
    && fc-cache -f \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --uid 10001 informes
WORKDIR /app

COPY pyproject.toml requirements.lock README.md ./
COPY informes ./informes
COPY informes_cli ./informes_cli
RUN pip install --no-cache-dir -c requirements.lock .

COPY manage.py ./
COPY templates ./templates
COPY static ./static
# collectstatic needs a key to import the settings; it is not kept in the image.
RUN DJANGO_SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    python manage.py collectstatic --noinput \
    && mkdir -p /srv/informes/media && chown -R informes /srv/informes/media

USER informes
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/status', timeout=4).status != 200)"
# Workers, timeout and bind come from informes/gunicorn_conf.py (the timeout from limites/).
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn -c python:informes.gunicorn_conf informes.wsgi"]
