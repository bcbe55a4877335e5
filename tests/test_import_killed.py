"""An import killed with SIGKILL half-way leaves nothing written and no lock held.

The command renders in forked workers (``--jobs``) inside the import's transaction. Were
a worker to keep the parent's database socket, PostgreSQL would keep the killed import's
session "idle in transaction", its row locks blocking every save on the site.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from articles.models import PressLink
from tests.factories import make_link, make_user

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = 4000

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="row locks held by a killed process's session: a PostgreSQL matter",
    ),
]


def database_url() -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.fixture
def stream_file(tmp_path) -> Path:
    path = tmp_path / "stream.txt"
    entry = (
        "• Article {n}\n    https://killed.example/{n}\n\n    Premier passage {n}, *cité* "
        "avec https://killed.example/source/{n}.\n\n    Second passage {n} : « oui ».\n\n"
        "    #Amazon #tag{m}\n\n"
    )
    path.write_text("".join(entry.format(n=n, m=n % 50) for n in range(ENTRIES)), "utf-8")
    return path


@pytest.mark.parametrize("extra_delay", [0.0, 1.0, 2.5])
def test_a_killed_import_leaves_nothing_and_blocks_no_save(stream_file, extra_delay):
    make_user("alice")
    command = [sys.executable, "manage.py", "import_seenthis", str(stream_file)]
    command += ["--author", "alice", "--jobs", "2"]
    env = os.environ | {"DATABASE_URL": database_url()}
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        # The rendering workers are forked at the first batch, inside the transaction.
        assert wait_for(lambda: len(children_of(process.pid)) >= 2, 30), "no workers"
        time.sleep(extra_delay)
        workers = children_of(process.pid)
        assert process.poll() is None, "the import ended before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert wait_for(lambda: not any(alive(pid) for pid in workers), 5), "workers outlived it"

    # A save from another connection goes through within 5 s: no lock was left behind.
    started = time.monotonic()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '5s'")
        make_link(url="https://other.example/after-the-kill", title="Saved")
    assert time.monotonic() - started < 5
    assert not PressLink.objects.filter(url__startswith="https://killed.example/").exists()
