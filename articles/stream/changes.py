"""The stream's version: bumped by every transaction that changes what the stream shows.

Entries, press links, campaign posts, excerpts, numbered sources, taggings, tags, sources,
campaigns and users (authors' names) all send ``post_save``/``post_delete``; each bumps the single
:class:`articles.models.StreamState` row inside the writing transaction, so the new
version becomes visible to other processes together with the data it describes, and
disappears with it on a rollback. A transaction that writes many rows without reading
the version in between bumps it once. Bulk writes that skip signals (``bulk_create``,
``QuerySet.update``) call :func:`note_change` themselves.

Writers of the stream therefore take turns on that row until they commit: fine for a
press review's handful of editors; a long import holds it for its whole transaction.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

STATE_ID = 1
# Looked up in the app registry, not imported: articles.models imports this module.
STATE_MODEL = "articles.StreamState"
# What the stream shows besides entries and their authors.
SHOWN_MODELS = (
    "articles.Excerpt",
    "articles.PostSource",
    "tags.TaggedEntry",
    "tags.Tag",
    "articles.Source",
    "articles.Campaign",
)
# Saved alone, these fields change nothing shown (Django saves last_login at each login).
IGNORED_FIELDS = {"last_login"}


def current() -> tuple[int, str] | None:
    """``(version, changed_at ISO string)`` of the stream, or None if no state row exists."""
    transaction.get_connection().stream_version_read = True
    states = apps.get_model(STATE_MODEL).objects
    row = states.filter(pk=STATE_ID).values_list("version", "changed_at").first()
    if row is None:
        return None
    return row[0], row[1].isoformat()


def bump(using: str | None = None) -> None:
    now = timezone.now()
    manager = apps.get_model(STATE_MODEL).objects
    states = manager.using(using) if using else manager
    updated = states.filter(pk=STATE_ID).update(version=F("version") + 1, changed_at=now)
    if not updated:
        states.get_or_create(pk=STATE_ID, defaults={"version": 1, "changed_at": now})


def _bumped() -> None:
    """Marks a transaction that has bumped the version (an on-commit callback doing nothing).

    Django drops it if the savepoint it was registered in rolls back, with the bump.
    """


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


def _changed(sender, using=None, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= IGNORED_FIELDS:
        return  # a login: nothing the stream shows
    note_change(using)


def watched_models():
    entry = apps.get_model("articles.Entry")
    shown = [apps.get_model(label) for label in SHOWN_MODELS]
    return [entry, *entry.__subclasses__(), *shown, get_user_model()]


def connect() -> None:
    for model in watched_models():
        uid = f"stream-changes-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
