"""``CACHE_URL`` as a ``CACHES["default"]`` entry: ``redis://`` or ``rediss://`` (Django's
``RedisCache``, shared by every process: production needs it for the rate limits), or
``locmem://`` (the default: a per-process cache for development and tests)."""

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
        options = {"MAX_ENTRIES": max_entries}
        return {"BACKEND": LOCMEM_BACKEND, "LOCATION": parts.netloc, "OPTIONS": options}
    if scheme not in {"redis", "rediss"}:
        raise ImproperlyConfigured(
            f"CACHE_URL {url!r}: use redis://host:port/db, rediss://… or locmem://"
        )
    if not parts.hostname:
        raise ImproperlyConfigured(f"CACHE_URL {url!r} names no Redis host")
    database = parts.path.strip("/")
    if database and not database.isdigit():
        raise ImproperlyConfigured(
            f"CACHE_URL {url!r}: the Redis database must be a number, not {database!r}"
        )
    timeouts = dict.fromkeys(("socket_connect_timeout", "socket_timeout"), REDIS_TIMEOUT_SECONDS)
    return {"BACKEND": REDIS_BACKEND, "LOCATION": url, "OPTIONS": timeouts}
