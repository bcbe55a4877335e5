"""The options every PostgreSQL connection gets from the settings (no server needed)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRINT_OPTIONS = (
    "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['options'])"
)


def options(**environment: str) -> subprocess.CompletedProcess:
    """The settings' connection options with DATABASE_URL on PostgreSQL and ``environment``."""
    clean = {name: value for name, value in os.environ.items() if not name.startswith("PG_")}
    clean |= {
        "DJANGO_SETTINGS_MODULE": "pressreview.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {PRINT_OPTIONS}"],
        cwd=ROOT,
        env=clean | environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_connections_end_a_transaction_left_idle_for_a_minute_by_default():
    result = options()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "-c",
        "max_parallel_workers_per_gather=0",
        "-c",
        "idle_in_transaction_session_timeout=60s",
    ]


def test_the_timeout_comes_from_the_environment_and_0_turns_it_off():
    assert (
        "idle_in_transaction_session_timeout=5s"
        in options(PG_IDLE_IN_TRANSACTION_TIMEOUT="5").stdout.split()
    )
    assert (
        "idle_in_transaction_session_timeout=0s"
        in options(PG_IDLE_IN_TRANSACTION_TIMEOUT="0").stdout.split()
    )


def test_pg_options_keeps_the_timeout_unless_it_sets_its_own():
    assert options(PG_OPTIONS="-c jit=off").stdout.split() == [
        "-c",
        "jit=off",
        "-c",
        "idle_in_transaction_session_timeout=60s",
    ]
    assert options(PG_OPTIONS="-c idle_in_transaction_session_timeout=10min").stdout.split() == [
        "-c",
        "idle_in_transaction_session_timeout=10min",
    ]


def test_a_timeout_that_is_not_whole_seconds_is_refused_clearly():
    for value in ("1.5", "-1", "1min", "ten"):
        result = options(PG_IDLE_IN_TRANSACTION_TIMEOUT=value)
        assert result.returncode != 0
        assert "ImproperlyConfigured: PG_IDLE_IN_TRANSACTION_TIMEOUT must be a whole number" in (
            result.stderr
        )
