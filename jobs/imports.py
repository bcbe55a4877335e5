"""Import jobs: made from an upload, run by a worker, shown to their owner.

:func:`start_import` stores the file in the database and enqueues :func:`jobs.tasks.import_file`;
a worker (``manage.py db_worker``) runs :func:`run_import_job`, which calls
:func:`articles.importers.services.run_import` (one transaction: a failed or killed import
changes nothing) and writes the outcome to the job's row.
"""

import dataclasses
import logging
import random
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from articles.importers.base import ImportFormatError, Summary
from articles.importers.services import run_import

from .heartbeat import Heartbeat, LineCountingReader
from .models import ImportJob
from .stale import fail_if_stale, fail_stale_jobs

State = ImportJob.State
logger = logging.getLogger(__name__)
# Tries of an import whose transaction met a concurrent one (see _import_with_retries).
CONFLICT_RETRIES = 3
# PostgreSQL's serialization failure and deadlock.
CONFLICT_SQLSTATES = {"40001", "40P01"}


def count_lines(data: bytes) -> int:
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def start_import(
    *, owner, kind: str, filename: str, data: bytes, dry_run=False, folders_as_tags=False
) -> ImportJob:
    """Store the file as a queued job and enqueue its task; the job (as created).

    The job's row and the task's row are written in one transaction: no job without its
    task, no task without its job.
    """
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
            total_lines=count_lines(data),
        )
        job.task_id = str(import_file.enqueue(str(job.pk)).id)
        ImportJob.objects.filter(pk=job.pk).update(task_id=job.task_id)
    return job


def summary_to_json(summary: Summary) -> dict:
    return dataclasses.asdict(summary)


def summary_from_json(data: dict) -> Summary:
    return Summary(
        created=data["created"],
        updated=data["updated"],
        unchanged=data["unchanged"],
        skipped=[tuple(item) for item in data["skipped"]],
        warnings=[tuple(item) for item in data["warnings"]],
        dry_run=data["dry_run"],
    )


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
    with translation.override(job.language), Heartbeat(job.pk, reader):
        try:
            summary = _import_with_retries(job, reader)
        except ImportFormatError as error:
            message = _("%(file)s, %(error)s. Nothing was imported.")
            return _finish(
                job, reader, State.FAILED, error=message % {"file": job.filename, "error": error}
            )
        except DatabaseError as error:
            message = _("%(file)s could not be saved (%(error)s). Nothing was imported.")
            return _finish(
                job, reader, State.FAILED, error=message % {"file": job.filename, "error": error}
            )
        except Exception:
            message = _(
                "%(file)s: the import stopped on an unexpected error. Nothing was imported."
            )
            _finish(job, reader, State.FAILED, error=message % {"file": job.filename})
            raise  # the task's result keeps the traceback
    return _finish(job, reader, State.DONE, summary=summary_to_json(summary))


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
            if attempt == CONFLICT_RETRIES or not _is_conflict(error):
                raise
            logger.warning("Import job %s: %s; trying again (%d)", job.pk, error, attempt)
            time.sleep(random.uniform(0.1, 0.5) * attempt)  # noqa: S311
            reader.rewind()
    raise AssertionError("unreachable")


def _is_conflict(error: DatabaseError) -> bool:
    return isinstance(error, IntegrityError) or (
        getattr(error.__cause__, "sqlstate", None) in CONFLICT_SQLSTATES
    )


def visible_job(user, pk) -> ImportJob:
    """The job ``pk`` when ``user`` uploaded it or is staff; 404 otherwise."""
    jobs = ImportJob.objects.defer("data")
    if not user.is_staff:
        jobs = jobs.filter(owner=user)
    try:
        return fail_if_stale(jobs.get(pk=pk))
    except ImportJob.DoesNotExist:
        raise Http404("no such import") from None


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
        summary = summary_from_json(job.summary)
        context["summary"] = summary
        context["skipped"] = summary.skipped_by_reason()
        for outcome in ("created", "updated", "unchanged"):
            context[outcome] = summary.describe(outcome)
    return context
