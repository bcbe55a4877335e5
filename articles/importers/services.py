"""Running an import: one file, one transaction, one summary.

Commands and the upload page call :func:`run_import`; a file that fails half-way
raises :class:`~.base.ImportFormatError` and leaves the database as it was.
"""

import os
from collections.abc import Callable
from typing import BinaryIO

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from articles.writes.texts import rendering_workers

from .apply import LinkWriter
from .base import ImportFormatError, Summary, read_lines

KINDS = {
    "seenthis": _("seenthis text export"),
    "bookmarks": _("browser bookmarks (Netscape HTML)"),
    "json": _("complete backup (JSON)"),
}


class _Rollback(Exception):
    """Raised to undo a dry run."""


def file_size(stream: BinaryIO) -> int | None:
    try:
        return os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        try:
            position = stream.tell()
            size = stream.seek(0, os.SEEK_END)
            stream.seek(position)
            return size
        except (AttributeError, OSError, ValueError):
            return None


def import_links(parsed_links, summary: Summary, author) -> None:
    writer = LinkWriter(summary, author=author)
    for parsed in parsed_links:
        writer.add(parsed)
    writer.close()


def _run(kind: str, stream: BinaryIO, summary: Summary, author, options: dict) -> None:
    progress = options.get("progress")
    if kind == "seenthis":
        from .seenthis import parse_seenthis

        import_links(parse_seenthis(read_lines(stream, progress)), summary, author)
    elif kind == "bookmarks":
        from .bookmarks import parse_bookmarks

        links = parse_bookmarks(
            read_lines(stream, progress),
            summary,
            folders_as_tags=options.get("folders_as_tags", False),
        )
        import_links(links, summary, author)
    elif kind == "json":
        from .backup import import_backup

        import_backup(stream, summary, author=author)
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
    options = {"folders_as_tags": folders_as_tags, "progress": progress}
    try:
        with rendering_workers(jobs), transaction.atomic():
            _run(kind, stream, summary, author, options)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return summary
