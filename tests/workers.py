"""Running the task library's real worker (``manage.py db_worker``) against the test database."""

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
WORKER = ["manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"]
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def database_url() -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(*extra: str) -> subprocess.Popen:
    """A worker process on the PostgreSQL test database."""
    env = os.environ | {"DATABASE_URL": database_url()}
    return subprocess.Popen(
        [sys.executable, *WORKER, *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def run_worker_batch() -> str:
    """Run every queued task with ``db_worker --batch``, then return its output.

    PostgreSQL: a worker process on the test database (the test must commit its rows:
    ``transaction=True``). SQLite: the test database lives in memory, so the command runs
    in this process (its signal handlers put back afterwards).
    """
    if on_postgres():
        worker = start_worker("--batch")
        output, _ = worker.communicate(timeout=180)
        assert worker.returncode == 0, output
        return output
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    out = io.StringIO()
    try:
        call_command(*WORKER[1:], "--batch", stdout=out, stderr=out)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    return out.getvalue()
