"""Reading settings from the environment: booleans, lists, proxies and the cache's URL."""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "si", "sí"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def proxies_confiables(valor: list[str]) -> list[str]:
    try:
        return [str(ipaddress.ip_network(p, strict=False)) for p in valor]
    except ValueError as error:
        raise ImproperlyConfigured(f"INFORMES_PROXIES_CONFIABLES: {error}") from error


def cache_desde_url(url: str) -> dict:
    """The cache for ``INFORMES_CACHE_URL``: redis://, rediss:// or memcached://host:port.

    Without it, a table in the database (created by migration 0006).
    """
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "informes_cache",
        }
    esquema = url.split("://", 1)[0].lower()
    if esquema in {"redis", "rediss"}:
        # Needs the `redis` package installed next to the app.
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if esquema == "memcached":
        # Needs the `pymemcache` package installed next to the app.
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": url.split("://", 1)[1],
        }
    raise ValueError(f"INFORMES_CACHE_URL: esquema no admitido «{esquema}»")
