"""The background tasks (django-tasks; the database backend by default: see ``TASKS``).

Workers run them: ``manage.py db_worker``. Each task calls the same function as the
foreground command or page.
"""

from django_tasks import task

from articles.writes.documents import reindex_all
from articles.writes.texts import rerender_all

from .imports import run_import_job


@task()
def import_file(job_id: str) -> str:
    """Run an import uploaded on the web page (see :mod:`jobs.imports`)."""
    return run_import_job(job_id)


@task()
def rerender(batch_size: int = 500) -> dict[str, int]:
    """``manage.py rerender --background``."""
    return dict(rerender_all(batch_size=batch_size))


@task()
def reindex() -> int:
    """``manage.py reindex --background``."""
    return reindex_all()
