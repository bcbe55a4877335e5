"""Import jobs: made from an upload, run by a worker, shown to their owner.

:func:`start_import` stores the file in the database and enqueues :func:`jobs.tasks.import_file`;
a worker (``manage.py db_worker``) runs :func:`run_import_job`, which calls
:func:`articles.importers.services.run_import` (one transaction: a failed or killed import
changes nothing) and writes the outcome to the job's row.

A worker killed half-way (SIGKILL, a lost server) leaves its job "running"; the database
rolled its transaction back when the connection dropped, so nothing was written. Once it
has had no heartbeat for ``IMPORT_JOB_STALE_SECONDS``, the job is marked failed, and so is
its django-tasks row (the library does not notice such a death either).
"""

import contextlib
import dataclasses
import io
import logging
import random
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from articles.importers.base import ImportFormatError, Summary
from articles.importers.services import run_import

from .models import ImportJob

State = ImportJob.State
logger = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 2.0
# Tries of an import whose transaction met a concurrent one (see _import_with_retries).
CONFLICT_RETRIES = 3
# PostgreSQL's serialization failure and deadlock.
CONFLICT_SQLSTATES = {"40001", "40P01"}


class LineCountingReader(io.BytesIO):
    """The bytes of a file, counting the lines the importer has read (it reads lines)."""

    lines = 0

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.lines += line.count(b"\n")
        return line

    def rewind(self) -> None:
        """Back to the first byte, no line read (an import tried again)."""
        self.seek(0)
        self.lines = 0


@contextlib.contextmanager
def heartbeat(job_id, reader: LineCountingReader):
    """While the block runs, write ``reader.lines`` and the time to the job's row, often.

    The import is one transaction on the worker's connection: nothing it writes there is
    seen before the end. The heartbeat writes from a thread of its own, hence through a
    connection of its own (Django's connections are per thread), in autocommit.
    """
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(HEARTBEAT_SECONDS):
                # SQLite lets one writer at a time, and the import is that writer until it
                # ends: there the next beat (or the end of the job) writes the progress.
                with contextlib.suppress(DatabaseError):
                    ImportJob.objects.filter(pk=job_id, state=State.RUNNING).update(
                        lines_read=reader.lines, heartbeat_at=timezone.now()
                    )
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name="import-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


class WorkerLost(Exception):
    """Recorded on the task row of a job whose worker stopped without finishing."""


def _cutoff():
    seconds = settings.IMPORT_JOB_STALE_SECONDS
    return timezone.now() - timedelta(seconds=seconds) if seconds else None


def _mark_failed(job: ImportJob, cutoff) -> bool:
    seconds = settings.IMPORT_JOB_STALE_SECONDS
    with translation.override(job.language):
        error = _(
            "%(file)s: the worker running this import stopped without finishing (no sign of "
            "life for %(seconds)d s). Nothing was imported. Upload the file again."
        ) % {"file": job.filename, "seconds": seconds}
    now = timezone.now()
    changed = ImportJob.objects.filter(
        pk=job.pk, state=State.RUNNING, heartbeat_at__lt=cutoff
    ).update(state=State.FAILED, error=error, finished_at=now, data=b"")
    if changed and job.task_id:
        DBTaskResult.objects.filter(id=job.task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"{WorkerLost.__qualname__}: {error}\n",
        )
    return bool(changed)


def fail_if_stale(job: ImportJob) -> ImportJob:
    """``job``, marked failed first when it runs without heartbeat for too long."""
    cutoff = _cutoff()
    alive = job.heartbeat_at and cutoff and job.heartbeat_at >= cutoff
    if job.state == State.RUNNING and cutoff and not alive and _mark_failed(job, cutoff):
        job.refresh_from_db()
    return job


def fail_stale_jobs() -> int:
    """Mark failed every running job without heartbeat for too long; how many."""
    cutoff = _cutoff()
    if cutoff is None:
        return 0
    stale = ImportJob.objects.defer("data").filter(state=State.RUNNING, heartbeat_at__lt=cutoff)
    return sum(_mark_failed(job, cutoff) for job in stale)


def start_import(
    *, owner, kind: str, filename: str, data: bytes, dry_run=False, folders_as_tags=False
) -> ImportJob:
    """Store the file as a queued job and enqueue its task, both or neither; the job."""
    from .tasks import import_file

    with transaction.atomic():
        job = ImportJob.objects.create(
            owner=owner,
            kind=kind,
            filename=filename[:255],
            dry_run=dry_run,
            folders_as_tags=folders_as_tags,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            data=data,
            size=len(data),
            total_lines=data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0),
        )
        job.task_id = str(import_file.enqueue(str(job.pk)).id)
        ImportJob.objects.filter(pk=job.pk).update(task_id=job.task_id)
    return job


def _finish(job: ImportJob, reader, state, *, summary=None, error="") -> str:
    ImportJob.objects.filter(pk=job.pk).update(
        state=state,
        summary=summary,
        error=error,
        lines_read=reader.lines,
        finished_at=timezone.now(),
        data=b"",
    )
    return state


def run_import_job(job_id: str) -> str:
    """Run the queued job ``job_id``; its final state (a job not queued is left alone)."""
    fail_stale_jobs()  # the jobs of workers that died, whoever looks at them or not
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        return "skipped"
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    reader = LineCountingReader(bytes(job.data))
    with translation.override(job.language), heartbeat(job.pk, reader):
        try:
            summary = _import_with_retries(job, reader)
        except (ImportFormatError, DatabaseError) as error:
            if isinstance(error, ImportFormatError):
                message = _("%(file)s, %(error)s. Nothing was imported.")
            else:
                message = _("%(file)s could not be saved (%(error)s). Nothing was imported.")
            message %= {"file": job.filename, "error": error}
            return _finish(job, reader, State.FAILED, error=message)
        except Exception:
            message = _(
                "%(file)s: the import stopped on an unexpected error. Nothing was imported."
            )
            _finish(job, reader, State.FAILED, error=message % {"file": job.filename})
            raise  # the task's result keeps the traceback
    return _finish(job, reader, State.DONE, summary=dataclasses.asdict(summary))


def _import_with_retries(job: ImportJob, reader: LineCountingReader) -> Summary:
    """:func:`run_import` of the job, tried again when a concurrent import got in the way.

    Two imports running at once (several workers) may create the same source or tag: the
    second one's transaction then fails on the unique key when the first commits, or on a
    deadlock. The import is one transaction, and a second run updates what the first
    stored: trying again is safe, and then finds the row the other one made.
    """
    for attempt in range(1, CONFLICT_RETRIES + 1):
        try:
            return run_import(
                job.kind,
                reader,
                author=job.owner,
                dry_run=job.dry_run,
                folders_as_tags=job.folders_as_tags,
            )
        except DatabaseError as error:
            conflict = isinstance(error, IntegrityError) or (
                getattr(error.__cause__, "sqlstate", None) in CONFLICT_SQLSTATES
            )
            if attempt == CONFLICT_RETRIES or not conflict:
                raise
            logger.warning("Import job %s: %s; trying again (%d)", job.pk, error, attempt)
            time.sleep(random.uniform(0.1, 0.5) * attempt)  # noqa: S311
            reader.rewind()
    raise AssertionError("unreachable")


def visible_job(user, pk) -> ImportJob:
    """The job ``pk`` when ``user`` uploaded it or is staff; 404 otherwise."""
    jobs = ImportJob.objects.defer("data")
    if not user.is_staff:
        jobs = jobs.filter(owner=user)
    return fail_if_stale(get_object_or_404(jobs, pk=pk))


def recent_jobs(user, count: int = 10) -> list[ImportJob]:
    jobs = list(ImportJob.objects.defer("data").filter(owner=user)[:count])
    return [fail_if_stale(job) for job in jobs]


def job_context(job: ImportJob) -> dict:
    """What the job page shows: state, progress, and the summary once done."""
    context = {"job": job}
    if job.total_lines:
        context["percent"] = min(100, job.lines_read * 100 // job.total_lines)
    waited = timezone.now() - job.created_at
    context["no_worker_yet"] = job.state == State.QUEUED and waited > timedelta(seconds=30)
    if job.state == State.DONE and job.summary is not None:
        summary = Summary(**job.summary)
        context["summary"] = summary
        context["skipped"] = summary.skipped_by_reason()
        for outcome in ("created", "updated", "unchanged"):
            context[outcome] = summary.describe(outcome)
    return context
