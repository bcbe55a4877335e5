"""The ``CACHE_URL`` environment variable, read into a ``CACHES["default"]`` entry.

* ``redis://[:password@]host[:port][/db]`` (or ``rediss://`` for TLS): Django's own
  ``RedisCache``, shared by every worker and server. Production needs it: the rate limits
  and the cached counts of streams live there.
* ``locmem://`` (the default when the variable is empty): a per-process memory cache, for
  development and tests.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"
LOCMEM_BACKEND = "django.core.cache.backends.locmem.LocMemCache"
# A Redis that does not answer fails the request fast instead of holding a worker.
REDIS_TIMEOUT_SECONDS = 2


def parse_cache_url(url: str, *, max_entries: int = 5000) -> dict:
    """The cache settings ``url`` names; ImproperlyConfigured with the reason otherwise."""
    url = (url or "").strip() or "locmem://"
    try:
        parts = urlsplit(url)
        if parts.port == 0:  # .port raises ValueError when it is not a number in range
            raise ValueError("port 0")
    except ValueError as error:
        raise ImproperlyConfigured(f"CACHE_URL {url!r} is not a valid address: {error}") from None
    scheme = parts.scheme.lower()
    if scheme == "locmem":
        return {
            "BACKEND": LOCMEM_BACKEND,
            "LOCATION": parts.netloc,
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if scheme in {"redis", "rediss"}:
        if not parts.hostname:
            raise ImproperlyConfigured(f"CACHE_URL {url!r} names no Redis host")
        database = parts.path.strip("/")
        if database and not database.isdigit():
            raise ImproperlyConfigured(
                f"CACHE_URL {url!r}: the Redis database must be a number, not {database!r}"
            )
        return {
            "BACKEND": REDIS_BACKEND,
            "LOCATION": url,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            },
        }
    raise ImproperlyConfigured(
        f"CACHE_URL {url!r}: use redis://host:port/db, rediss://… or locmem://"
    )
