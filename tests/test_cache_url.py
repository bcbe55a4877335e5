"""CACHE_URL: the default cache named by one environment variable (pressreview.cache_url)."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from pressreview.cache_url import LOCMEM_BACKEND, REDIS_BACKEND, parse_cache_url


@pytest.mark.parametrize("url", ["", "   ", "locmem://", "LOCMEM://"])
def test_unset_or_locmem_is_a_per_process_memory_cache(url):
    config = parse_cache_url(url, max_entries=123)
    assert config == {"BACKEND": LOCMEM_BACKEND, "LOCATION": "", "OPTIONS": {"MAX_ENTRIES": 123}}


def test_a_named_locmem_cache_keeps_its_name():
    assert parse_cache_url("locmem://pages")["LOCATION"] == "pages"


@pytest.mark.parametrize(
    "url",
    [
        "redis://127.0.0.1:6379/0",
        "redis://cache.internal",
        "redis://:s3cret@127.0.0.1:6379/2",
        "rediss://user:pw@redis.example:6380/1",
    ],
)
def test_redis_urls_reach_djangos_redis_cache_as_given(url):
    config = parse_cache_url(url)
    assert config["BACKEND"] == REDIS_BACKEND
    assert config["LOCATION"] == url
    # A Redis that stops answering fails a request in seconds, not a worker's timeout.
    assert config["OPTIONS"]["socket_timeout"] <= 5
    assert config["OPTIONS"]["socket_connect_timeout"] <= 5


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("memcached://127.0.0.1:11211", "use redis://"),
        ("127.0.0.1:6379", "use redis://"),
        ("redis://", "names no Redis host"),
        ("redis://127.0.0.1:6379/zero", "must be a number"),
        ("redis://127.0.0.1:port/0", "not a valid address"),
        ("redis://127.0.0.1:99999/0", "not a valid address"),
        ("db://cache_table", "use redis://"),
    ],
)
def test_anything_else_is_refused_with_the_reason(url, reason):
    with pytest.raises(ImproperlyConfigured, match=reason):
        parse_cache_url(url)


def test_the_settings_read_cache_url_from_the_environment():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pressreview.settings"}
    env["CACHE_URL"] = "redis://127.0.0.1:6379/3"
    shown = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == REDIS_BACKEND


def manage_check(**env_vars):
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"}
    env.pop("CACHE_URL", None)
    env.update(env_vars)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True
    )


def test_production_without_a_shared_cache_fails_the_system_check():
    checked = manage_check()
    assert checked.returncode != 0
    assert "django_ratelimit.E003" in checked.stderr
    assert "is not a shared cache" in checked.stderr


def test_production_with_redis_passes_the_rate_limit_checks():
    checked = manage_check(CACHE_URL="redis://127.0.0.1:6379/3")
    assert checked.returncode == 0, checked.stderr
    assert "django_ratelimit" not in checked.stdout + checked.stderr
