"""Settings for pressreview, read from the environment.

With no variable set, the site runs in debug mode on an SQLite file next to
manage.py. Production sets DATABASE_URL (postgres://...), SECRET_KEY, DEBUG=0
and ALLOWED_HOSTS.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from pressreview.cache_url import LOCMEM_BACKEND, parse_cache_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int, unit: str = "") -> int:
    """A whole number, 0 or more (of ``unit``: "seconds"...)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit():
        of = f" of {unit}" if unit else ""
        raise ImproperlyConfigured(f"{name} must be a whole number{of} (0 or more), not {value!r}")
    return int(value)


def env_proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """``HEADER,value`` (e.g. ``X-Forwarded-Proto,https``) as Django's ``META`` pair, or None.

    The header may be written as sent (``X-Forwarded-Proto``) or as Django names it
    (``HTTP_X_FORWARDED_PROTO``).
    """
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise ImproperlyConfigured(
            f"{name} must be a header and its value separated by a comma "
            f"(e.g. X-Forwarded-Proto,https), not {value!r}"
        )
    header, expected = parts
    meta = header.upper().replace("-", "_")
    if not meta.startswith("HTTP_"):
        meta = "HTTP_" + meta
    if not re.fullmatch(r"HTTP_[A-Z0-9_]+", meta):
        raise ImproperlyConfigured(f"{name}: {header!r} is not an HTTP header name")
    return meta, expected


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    "taggit",
    "tags",
    "articles",
    "search",
    "jobs",
    # Before accounts, so their permissions exist when the roles are synced after migrate.
    "axes",
    "django_ratelimit",
    "accounts",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "pressreview.middleware.RejectControlCharacters",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: turns a locked-out login into the "try again at" page (accounts.lockout).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pressreview.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "pressreview.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60, "seconds"),
        # A connection the server closed (restart, idle timeout) is replaced before a
        # request uses it, instead of failing that request.
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Pages run short indexed queries: starting parallel workers costs more than it saves
    # (measured: 5 ms instead of 19 for a far tag page). PG_OPTIONS replaces this.
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options.setdefault(
        "options", os.environ.get("PG_OPTIONS", "-c max_parallel_workers_per_gather=0")
    )
    # A process killed inside a transaction can leave its connection open (a forked child
    # inherits the socket) and idle in that transaction, holding the stream-state row every
    # save waits for (articles.stream.changes): the server ends such a session after this many
    # seconds. Running jobs are never idle that long: imports and rerender wait at most for
    # the rendering of one batch of 500 entries (about 1 s; 34 s if all were worst cases).
    # 0 turns it off; an idle_in_transaction_session_timeout in PG_OPTIONS wins. No
    # lock_timeout or statement_timeout: a save rightly waits for an import's transaction
    # to commit, reindexing runs long statements, and searches set their own
    # (SEARCH_TIMEOUT_MS).
    if "idle_in_transaction_session_timeout" not in _pg_options["options"]:
        _idle = env_int("PG_IDLE_IN_TRANSACTION_TIMEOUT", 60, "seconds")
        _pg_options["options"] += f" -c idle_in_transaction_session_timeout={_idle}s"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHE_URL: redis://host:port/db in production (shared by every worker and server: the
# rate limits count there), locmem:// by default (pressreview.cache_url). Counts of streams
# and rendered entries are cached per version of the stream (articles.stream.changes), so even a
# per-process memory cache is never stale.
CACHES = {
    "default": parse_cache_url(
        os.environ.get("CACHE_URL", ""),
        max_entries=env_int("CACHE_MAX_ENTRIES", 5000),
    )
}

# django-axes checks every log-in (site and admin) first: it refuses a locked-out one.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

TAGGIT_CASE_INSENSITIVE = True

# Entries per page on every stream (the seenthis look keeps pages short).
STREAM_PAGE_SIZE = 30
# Results per search page (each with its highlighted passage).
SEARCH_PAGE_SIZE = 20
# PostgreSQL stops a search query taking longer than this (the reader is asked to narrow it).
SEARCH_TIMEOUT_MS = env_int("SEARCH_TIMEOUT_MS", 3000, "milliseconds")
# Tags shown on an entry before the rest is folded behind "(...)".
TAGS_SHOWN = 12

# Feeds, sitemap, social previews (issue 5). The site name titles the feeds (empty: the
# translated "Press review"). The tag authority names the site in the ids of feed entries
# (tag: URIs, RFC 4151): set it once to your domain, never change it afterwards, or every
# feed reader sees every entry again as new.
PRESSREVIEW_SITE_NAME = os.environ.get("PRESSREVIEW_SITE_NAME", "")
PRESSREVIEW_TAG_AUTHORITY = os.environ.get("PRESSREVIEW_TAG_AUTHORITY", "pressreview.example")
FEED_SIZE = 50

# Imports (issue 7): a longer line means the file is not an export; uploads are capped.
IMPORT_MAX_LINE_BYTES = env_int("IMPORT_MAX_LINE_BYTES", 1024 * 1024, "bytes")
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 50 * 1024 * 1024, "bytes")

# Background jobs (issue 13): django-tasks, its queue in the database (django-tasks-db);
# workers run ``manage.py db_worker``, several at once if wished (each claims a task with
# SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL). Web imports and ``rerender`` /
# ``reindex --background`` are enqueued there.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running import whose worker gave no sign of life for this long is shown as failed (its
# worker died: the import's transaction was rolled back). The worker writes one every 2 s
# from a connection of its own; SQLite takes no second writer during an import, so there
# the check is off by default (0).
IMPORT_JOB_STALE_SECONDS = env_int(
    "IMPORT_JOB_STALE_SECONDS",
    60 if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" else 0,
    "seconds",
)

if not DEBUG:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)

# HTTPS (issue 12). Off unless set: whether the site sees HTTPS itself or through a proxy
# varies, a redirect without the right proxy header loops forever, and HSTS binds browsers
# to HTTPS for its whole duration. The README's production settings turn them all on.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, "seconds")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

# Content-Security-Policy (django-csp). No inline script or style anywhere: every script and
# style sheet is a static file of the site (ours and the admin's). Images: a press link's
# picture and the images of markup texts are addresses on other sites, http or https (the
# sanitiser allows both), so any http(s) image is shown; nothing else leaves the site.
# The bookmarklet (a javascript: URL on the profile page) runs on the pages it is used on,
# under their policy, never under this one: showing it here is just a link.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "http:", "https:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Issue 4: the editor's page fetcher (articles/editor/fetch.py) and accounts.
FETCH_TIMEOUT = 5  # seconds in all, redirects included
FETCH_MAX_BYTES = 2 * 1024 * 1024
FETCH_MAX_REDIRECTS = 5
# Lets the fetcher reach loopback addresses (True, or a list of them); only tests set it.
FETCH_ALLOW_PRIVATE_FOR_TESTS = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# E-mail (password reset): printed on the console unless an SMTP host is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pressreview@localhost")

# Throttling (issue 12). Failed log-ins are counted in the database by django-axes, per
# address and per account name, each on its own: LOGIN_FAILURE_LIMIT failures lock either
# for LOGIN_COOLOFF_MINUTES after the last one (an editor can lift a lock sooner, on
# /accounts/locks/). Failures while locked do not push the end of the lock further.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, "minutes"))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "accounts.lockout.client_username"
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
# Only failures are recorded (and forgotten after the cool-off): no log of every log-in.
AXES_DISABLE_ACCESS_LOG = True
# The address of a client is REMOTE_ADDR, unless the site runs behind this many reverse
# proxies that append to X-Forwarded-For (nginx: proxy_add_x_forwarded_for): then it is the
# address that many places from the right of that header (accounts.client_ip).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Other limits (django-ratelimit, counted in the default cache: see CACHE_URL), as
# "number/period" (s, m, h, d), read by the views through accounts.ratelimits.
RATE_LIMITS = {
    # Password-reset requests, per address and per e-mail address entered.
    "password_reset_address": "5/h",
    "password_reset_email": "5/h",
    # The editor's JSON page fetcher and its live preview (debounced at 300 ms), per user.
    "editor_fetch": "30/m",
    "editor_preview": "120/m",
}
RATELIMIT_IP_META_KEY = "accounts.client_ip.client_ip"
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
SILENCED_SYSTEM_CHECKS = [
    # Django's own RedisCache is not on django-ratelimit's list, but increments atomically
    # (Redis INCR), which is what the list is about.
    "django_ratelimit.W001",
]
if DEBUG and CACHES["default"]["BACKEND"] == LOCMEM_BACKEND:
    # Development and tests run one process: a per-process cache counts right there. With
    # DEBUG off, the check stays: production must set CACHE_URL to a shared cache.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")
