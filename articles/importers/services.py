"""Running an import: one file, one transaction, one summary.

Commands and the upload page call :func:`run_import`; a file that fails half-way
raises :class:`~.base.ImportFormatError` and leaves the database as it was.
"""

from collections.abc import Callable
from typing import BinaryIO

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from articles.writes.texts import rendering_workers

from .apply import write_links
from .backup_load import import_backup
from .base import ImportFormatError, Summary, read_lines
from .bookmarks import parse_bookmarks
from .seenthis import parse_seenthis

KINDS = {
    "seenthis": _("seenthis text export"),
    "bookmarks": _("browser bookmarks (Netscape HTML)"),
    "json": _("complete backup (JSON)"),
}


def _run(kind, stream, summary, author, folders_as_tags, progress) -> None:
    if kind == "json":
        import_backup(stream, summary, author=author)
    elif kind == "seenthis":
        write_links(parse_seenthis(read_lines(stream, progress)), summary, author)
    elif kind == "bookmarks":
        lines = read_lines(stream, progress)
        write_links(parse_bookmarks(lines, summary, folders_as_tags), summary, author)
    else:
        raise ImportFormatError(None, f"unknown kind of file: {kind}")


def run_import(
    kind: str,
    stream: BinaryIO,
    *,
    author=None,
    dry_run: bool = False,
    folders_as_tags: bool = False,
    progress: Callable[[int], None] | None = None,
    jobs: int = 1,
) -> Summary:
    """Import ``stream`` (a binary file) of ``kind`` (a key of :data:`KINDS`).

    ``author`` writes the new entries of formats that do not name their author.
    ``dry_run`` does everything, then rolls back. ``progress`` is called with the
    number of bytes read so far. ``jobs`` > 1 renders stored HTML in that many
    worker processes (commands; not in a web request).
    """
    summary = Summary(dry_run=dry_run)
    with rendering_workers(jobs), transaction.atomic():
        _run(kind, stream, summary, author, folders_as_tags, progress)
        if dry_run:
            transaction.set_rollback(True)
    return summary
