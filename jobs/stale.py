"""Jobs whose worker died: a running import without heartbeat for too long is failed.

A worker killed half-way (SIGKILL, a lost server) leaves its job "running". Its import's
transaction was rolled back by the database when the connection dropped: nothing was
written, and the file can be uploaded again. django-tasks does not notice such a death
(its task row stays "running" too): that row is marked failed here as well.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import ImportJob

State = ImportJob.State


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
