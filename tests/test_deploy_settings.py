"""HTTPS settings from the environment, ``check --deploy`` and the security headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from pressreview import settings as project_settings

ROOT = Path(__file__).resolve().parent.parent
SECRET = "k3J9x!qP2vL8mZ7wR4tY6uI1oA5sD0fG3hJ8kL2zX9cV4bN7mQ1wE6rT5yU0iO"


def readme_production() -> dict[str, str]:
    """The variables of the README's production ``export`` (DATABASE_URL left unset: SQLite
    is fine to check; the placeholder secret replaced by a real one)."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.strip().startswith("export DEBUG="))
    words = []
    for line in lines[start:]:
        words += line.strip().removeprefix("export").removesuffix("\\").split()
        if not line.rstrip().endswith("\\"):
            break
    found = dict(word.split("=", 1) for word in words)
    assert found.pop("SECRET_KEY").startswith("<") and found.pop("DATABASE_URL")
    return found | {"SECRET_KEY": SECRET}


PRODUCTION = readme_production()
HTTPS_VARIABLES = [name for name in PRODUCTION if name.startswith("SECURE_")]


def run_manage(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """``manage.py`` in a fresh process seeing only ``environment`` (and PATH, HOME)."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_the_production_settings_gives_no_warning():
    result = run_manage(PRODUCTION, "check", "--deploy")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr
    assert "security." not in result.stdout + result.stderr


def test_without_the_https_variables_check_deploy_warns():
    bare = {name: value for name, value in PRODUCTION.items() if name not in HTTPS_VARIABLES}
    result = run_manage(bare, "check", "--deploy")
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_the_https_variables_reach_the_settings():
    code = (
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SECURE_HSTS_PRELOAD)"
    )
    result = run_manage(PRODUCTION, "shell", "-c", code)
    assert result.stdout.strip().splitlines()[-1] == (
        "True ('HTTP_X_FORWARDED_PROTO', 'https') 31536000 True True"
    ), result.stderr
    off = run_manage({"DEBUG": "1"}, "shell", "-c", code)
    assert off.stdout.strip().splitlines()[-1] == "False None 0 False False", off.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SECURE_HSTS_SECONDS", "one year", "SECURE_HSTS_SECONDS must be a whole number"),
        ("SECURE_SSL_REDIRECT", "maybe", "SECURE_SSL_REDIRECT must be a boolean"),
        ("SECURE_PROXY_SSL_HEADER", "https", "a header and its value separated by a comma"),
    ],
)
def test_a_bad_value_stops_the_start_with_a_clear_message(name, value, message):
    result = run_manage(PRODUCTION | {name: value}, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr
    assert repr(value) in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", None),
        ("X-Forwarded-Proto,https", ("HTTP_X_FORWARDED_PROTO", "https")),
        ("HTTP_X_FORWARDED_PROTO,https", ("HTTP_X_FORWARDED_PROTO", "https")),
        (" x-forwarded-ssl , on ", ("HTTP_X_FORWARDED_SSL", "on")),
    ],
)
def test_proxy_ssl_header_forms(monkeypatch, value, expected):
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", value)
    assert project_settings.env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER") == expected


@pytest.mark.parametrize(
    "value", ["https", "X-Forwarded-Proto,", ",https", "a,b,c", "X Forwarded,https", "é,https"]
)
def test_bad_proxy_ssl_headers_are_refused(monkeypatch, value):
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", value)
    with pytest.raises(ImproperlyConfigured, match="SECURE_PROXY_SSL_HEADER"):
        project_settings.env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER")


@pytest.mark.parametrize(
    ("value", "expected"), [("", 0), ("0", 0), (" 3600 ", 3600), ("31536000", 31536000)]
)
def test_hsts_seconds(monkeypatch, value, expected):
    monkeypatch.setenv("SECURE_HSTS_SECONDS", value)
    assert project_settings.env_int("SECURE_HSTS_SECONDS", 0, "seconds") == expected


@pytest.mark.parametrize("value", ["-1", "1.5", "1e6", "un an", "٣"])
def test_bad_hsts_seconds_are_refused(monkeypatch, value):
    monkeypatch.setenv("SECURE_HSTS_SECONDS", value)
    with pytest.raises(ImproperlyConfigured, match="whole number of seconds"):
        project_settings.env_int("SECURE_HSTS_SECONDS", 0, "seconds")


@pytest.mark.django_db
def test_behind_the_proxy_http_is_redirected_and_https_gets_hsts(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    client = Client()
    plain = client.get("/tags/", headers={"X-Forwarded-Proto": "http"})
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/tags/"
    secure = client.get("/tags/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/tags/", "/feed/atom/", "/accounts/login/", "/nothing/"])
def test_every_answer_carries_the_content_security_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "http:", "https:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
