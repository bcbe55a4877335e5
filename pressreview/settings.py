"""Settings read from the environment (README: "Configuration"); none set: debug on SQLite."""

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
    if not value:
        return default
    lowered = value.strip().lower()
    if lowered not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
        raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")
    return lowered in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


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
    """``X-Forwarded-Proto,https`` (or ``HTTP_X_FORWARDED_PROTO,https``) as a ``META`` pair."""
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
    meta = "HTTP_" + header.upper().replace("-", "_").removeprefix("HTTP_")
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
        conn_health_checks=True,
    )
}

_postgres = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # 2 MB by default: a long import rereads its indexes' pages (20,000 entries: 84 s, not 53).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "init_command",
        "PRAGMA cache_size=-262144",  # KiB: 256 MB at most, per connection
    )
if _postgres:
    # Parallel workers cost more than they save on short indexed queries (5 ms against 19).
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options.setdefault(
        "options", os.environ.get("PG_OPTIONS", "-c max_parallel_workers_per_gather=0")
    )
    # A killed process's connection left idle in a transaction would hold the stream-state
    # row every save waits for. No lock or statement timeout: saves rightly wait for imports.
    if "idle_in_transaction_session_timeout" not in _pg_options["options"]:
        _idle = env_int("PG_IDLE_IN_TRANSACTION_TIMEOUT", 60, "seconds")
        _pg_options["options"] += f" -c idle_in_transaction_session_timeout={_idle}s"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cached figures are keyed by the stream version, so even a per-process cache is never stale.
CACHES = {
    "default": parse_cache_url(
        os.environ.get("CACHE_URL", ""),
        max_entries=env_int("CACHE_MAX_ENTRIES", 5000),
    )
}

# A logged-in request reads its session from the shared cache (written through to the
# database, which stays the reference when the cache is emptied).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

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

STREAM_PAGE_SIZE = 30
SEARCH_PAGE_SIZE = 20
SEARCH_TIMEOUT_MS = env_int("SEARCH_TIMEOUT_MS", 3000, "milliseconds")
TAGS_SHOWN = 12  # on an entry, before the rest is folded behind "(...)"

# The tag authority names the site in feed entry ids (RFC 4151): never change it once set.
PRESSREVIEW_SITE_NAME = os.environ.get("PRESSREVIEW_SITE_NAME", "")
PRESSREVIEW_TAG_AUTHORITY = os.environ.get("PRESSREVIEW_TAG_AUTHORITY", "pressreview.example")
FEED_SIZE = 50

IMPORT_MAX_LINE_BYTES = env_int("IMPORT_MAX_LINE_BYTES", 1024 * 1024, "bytes")
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 50 * 1024 * 1024, "bytes")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running import silent this long is shown as failed. Off (0) on SQLite, which takes no
# second writer (the worker's heartbeat) during an import.
IMPORT_JOB_STALE_SECONDS = env_int("IMPORT_JOB_STALE_SECONDS", 60 if _postgres else 0, "seconds")

if not DEBUG:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)

# Off unless set: a redirect without the right proxy header loops, HSTS binds browsers.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, "seconds")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

# No inline script or style anywhere; images of press links and texts are on other sites.
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

FETCH_TIMEOUT = 5  # seconds in all, redirects included
FETCH_MAX_BYTES = 2 * 1024 * 1024
FETCH_MAX_REDIRECTS = 5
FETCH_ALLOW_PRIVATE_FOR_TESTS = False  # True, or a list of loopback addresses: tests only

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
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

# Failed log-ins lock an address and an account name each on its own (accounts.lockout).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, "minutes"))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "accounts.lockout.client_username"
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # only failures are recorded
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# django-ratelimit's limits, counted in the default cache (accounts.ratelimits).
RATE_LIMITS = {
    "password_reset_address": "5/h",
    "password_reset_email": "5/h",
    "editor_fetch": "30/m",
    "editor_preview": "120/m",
}
RATELIMIT_IP_META_KEY = "accounts.client_ip.client_ip"
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
# Django's RedisCache is not on django-ratelimit's list but increments atomically, which counts.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if DEBUG and CACHES["default"]["BACKEND"] == LOCMEM_BACKEND:
    # One process: a local cache counts right. Production must share one (CACHE_URL).
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")
