"""The stream's version: bumped by every transaction that changes what the stream shows.

Every writer (:func:`articles.writes.entries_changed`) bumps the single ``StreamState`` row
inside its transaction, so the version is seen together with the data it describes, and
rolled back with it. Writers therefore take turns on that row until they commit.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import StreamState

STATE_ID = 1


def current() -> tuple[int, str] | None:
    """``(version, changed_at ISO string)`` of the stream, or None if no state row exists."""
    transaction.get_connection().stream_version_read = True
    row = StreamState.objects.filter(pk=STATE_ID).values_list("version", "changed_at").first()
    return None if row is None else (row[0], row[1].isoformat())


def bump(using: str | None = None) -> None:
    now = timezone.now()
    states = StreamState.objects.using(using)
    updated = states.filter(pk=STATE_ID).update(version=F("version") + 1, changed_at=now)
    if not updated:
        states.get_or_create(pk=STATE_ID, defaults={"version": 1, "changed_at": now})


def _bumped() -> None:
    """Marks a transaction that has bumped the version: Django drops this on-commit callback
    if its savepoint rolls back, with the bump."""


def note_change(using: str | None = None) -> None:
    """Bump the stream version, once per transaction unless the version was read since."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        bump(using)
        return
    marked = any(callback is _bumped for _ids, callback, _robust in connection.run_on_commit)
    if marked and not getattr(connection, "stream_version_read", False):
        return
    bump(using)
    connection.stream_version_read = False
    if not marked:
        transaction.on_commit(_bumped, using=using)
