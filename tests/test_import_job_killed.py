"""A worker SIGKILLed in the middle of an import job: nothing written, no lock, job failed.

And several workers at once: each task is run by exactly one of them (the library claims
a task row with SELECT ... FOR UPDATE SKIP LOCKED).
"""

import signal
import time

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from articles.models import PressLink
from jobs.imports import start_import, visible_job
from jobs.models import ImportJob
from tests.factories import make_link, make_user
from tests.test_import_killed import ENTRIES, alive, wait_for
from tests.workers import on_postgres, start_worker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not on_postgres(), reason="workers in other processes: PostgreSQL"),
]

ENTRY = (
    "• Article {n}\n    https://killed.example/{n}\n\n    Premier passage {n}, *cité* "
    "avec https://killed.example/source/{n}.\n\n    Second passage {n} : « oui ».\n\n"
    "    #Amazon #tag{m}\n\n"
)


def stream(count: int, prefix: str = "") -> bytes:
    text = "".join(ENTRY.format(n=f"{prefix}{n}", m=n % 50) for n in range(count))
    return text.encode()


def job_row(job) -> ImportJob:
    return ImportJob.objects.defer("data").get(pk=job.pk)


def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_failed(settings):
    settings.IMPORT_JOB_STALE_SECONDS = 3
    owner = make_user("alice")
    job = start_import(owner=owner, kind="seenthis", filename="big.txt", data=stream(ENTRIES))
    worker = start_worker()
    try:
        # Half-way: the worker's heartbeat (its own connection) has written some progress.
        assert wait_for(lambda: 0 < job_row(job).lines_read < job.total_lines, 60), (
            "no progress seen"
        )
        assert job_row(job).state == "running"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert not alive(worker.pid)

    # A save from another connection goes through within 5 s: no lock was left behind.
    started = time.monotonic()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '5s'")
        make_link(url="https://other.example/after-the-kill", title="Saved")
    assert time.monotonic() - started < 5
    assert not PressLink.objects.filter(url__startswith="https://killed.example/").exists()

    # Until the time-out the job looks running; then it is shown (and stored) as failed.
    assert job_row(job).state == "running"
    time.sleep(3.5)
    shown = visible_job(owner, job.pk)
    assert shown.state == "failed" and "arrêté avant la fin" in shown.error  # uploaded in French
    assert job_row(job).state == "failed"
    # The library's own task row (it has no heartbeat) is marked failed with it.
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == "FAILED" and task.exception_class_path == "jobs.imports.WorkerLost"


def test_several_workers_run_each_task_once():
    owner = make_user("alice")
    jobs = [
        start_import(owner=owner, kind="seenthis", filename=f"{n}.txt", data=stream(30, f"{n}-"))
        for n in range(6)
    ]
    workers = [start_worker("--batch") for _ in range(3)]
    outputs = [worker.communicate(timeout=300)[0] for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), outputs
    tasks = list(DBTaskResult.objects.all())
    assert len(tasks) == 6 and {task.status for task in tasks} == {"SUCCESSFUL"}
    assert all(len(task.worker_ids) == 1 for task in tasks)  # claimed once, run once
    assert {job_row(job).state for job in jobs} == {"done"}, [job_row(job).error for job in jobs]
    assert PressLink.objects.filter(url__startswith="https://killed.example/").count() == 180
    ran = sum(output.count("state=SUCCESSFUL") for output in outputs)
    assert ran == 6, outputs


def test_a_worker_claims_a_task_with_skip_locked():
    """What a worker runs to pick a task (django_tasks_db's ``get_locked``): another worker,
    meanwhile, skips the locked row instead of waiting for it or taking it too."""
    import threading

    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    start_import(owner=make_user("alice"), kind="seenthis", filename="a.txt", data=b"")
    seen_by_other = []

    def other_worker():
        try:
            with transaction.atomic():
                seen_by_other.append(DBTaskResult.objects.ready().get_locked())
        finally:
            connections.close_all()

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        claimed = DBTaskResult.objects.ready().get_locked()
        thread = threading.Thread(target=other_worker)
        thread.start()
        thread.join(timeout=10)
    assert claimed is not None and seen_by_other == [None]
    assert "FOR UPDATE SKIP LOCKED" in queries.captured_queries[0]["sql"]
