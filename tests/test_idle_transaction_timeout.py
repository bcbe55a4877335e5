"""A killed job never leaves every save on the site blocked (PostgreSQL only).

Every save bumps the one stream-state row (:mod:`articles.stream.changes`). A process that holds
that row locked and dies is released by PostgreSQL as soon as its socket closes; if a
forked child still holds the socket (import rendering workers), the session stays idle in
its transaction until the server ends it after ``idle_in_transaction_session_timeout``,
which the settings set on every connection (``PG_IDLE_IN_TRANSACTION_TIMEOUT``).
"""

import contextlib
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection, transaction

from articles.models import Source
from articles.stream import changes
from articles.writes import entries_changed

ROOT = Path(__file__).resolve().parent.parent
MARGIN = 5  # seconds a save may take once the lock is gone

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("idle_in_transaction_session_timeout and row locks are PostgreSQL's")
    changes.bump()  # the stream-state row exists (committed: other connections see it)


def timed_save(name: str) -> float:
    """Seconds a save on the test's own connection takes (failing after 20 s, not hanging)."""
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '20s'")
    try:
        start = time.monotonic()
        with transaction.atomic():  # what a writer does: its row, then the stream version
            Source.objects.create(name=name, domain=f"{name}.example")
            entries_changed([])
        return time.monotonic() - start
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")


def database_url() -> str:
    params = connection.settings_dict
    user = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    host = params["HOST"] or "127.0.0.1"
    return f"postgres://{user}@{host}:{params['PORT'] or 5432}/{params['NAME']}"


def test_every_connection_gets_the_timeout_from_the_settings():
    options = connection.get_connection_params()["options"]
    assert "max_parallel_workers_per_gather=0" in options
    with connection.cursor() as cursor:
        cursor.execute("SHOW idle_in_transaction_session_timeout")
        assert cursor.fetchone()[0] == "1min"


def test_a_session_idle_in_its_transaction_is_ended_and_frees_the_saves():
    params = connection.get_connection_params()
    params["options"] = re.sub(
        r"idle_in_transaction_session_timeout=\S+",
        "idle_in_transaction_session_timeout=1s",
        params["options"],
    )
    locker = psycopg.connect(**params)
    locker.execute("UPDATE articles_streamstate SET version = version + 1")  # a write's lock
    seconds = timed_save("after-idle")
    assert 0.7 < seconds < 1 + MARGIN  # it waited for the lock, then got it
    with pytest.raises(psycopg.errors.IdleInTransactionSessionTimeout):
        locker.execute("SELECT 1")
    locker.close()


LOCKER = """
import os, sys, time
import django
django.setup()
from django.db import transaction
from articles.models import Source
from articles.writes import entries_changed
with transaction.atomic():
    Source.objects.create(name="killed", domain="killed.example")
    entries_changed([])  # bumps the state row: its lock is held until the end
    if {fork}:
        child = os.fork()
        if child == 0:  # a forked worker: inherits the socket, never uses it
            time.sleep(60)
            os._exit(0)
        print("child", child, flush=True)
    print("locked", flush=True)
    time.sleep(60)
"""


def start_locker(*, fork: bool, timeout: int) -> tuple[subprocess.Popen, int | None, float]:
    """A Python process with the project's settings that locks the row inside a transaction
    and sleeps; the pid of its forked child if ``fork``, and when it had the lock."""
    environment = os.environ | {
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "pressreview.settings",
        "PG_IDLE_IN_TRANSACTION_TIMEOUT": str(timeout),
    }
    environment.pop("PG_OPTIONS", None)
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(LOCKER.format(fork=fork))],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        text=True,
    )
    child = None
    for line in process.stdout:
        if line.startswith("child "):
            child = int(line.split()[1])
        if line.strip() == "locked":
            return process, child, time.monotonic()
    raise AssertionError(f"the locking process ended first ({process.wait()})")


def kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def test_a_killed_process_frees_the_row_when_its_socket_closes():
    process, _child, _locked_at = start_locker(fork=False, timeout=60)
    try:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        seconds = timed_save("after-kill")
    finally:
        kill(process.pid)
        process.stdout.close()
    assert seconds < MARGIN  # long before the 60 s timeout: the closed socket did it
    assert not Source.objects.filter(domain="killed.example").exists()  # rolled back


def test_a_forked_child_holding_the_socket_is_undone_by_the_idle_timeout():
    timeout = 4
    process, child, locked_at = start_locker(fork=True, timeout=timeout)
    assert child is not None
    try:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        os.kill(child, 0)  # still alive, still holding the connection
        assert time.monotonic() - locked_at < timeout - 1  # so the save below has to wait
        timed_save("after-orphan")
        freed = time.monotonic() - locked_at
    finally:
        kill(child)
        kill(process.pid)
        process.stdout.close()
    assert timeout - 0.5 < freed < timeout + MARGIN  # blocked until the server ended it
    assert not Source.objects.filter(domain="killed.example").exists()
