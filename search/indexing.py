"""Writing the search index: the texts of each entry, gathered in a few queries.

The index is written in the same database transaction as the change that
caused it (see :mod:`search.signals`), so it is never ahead of or behind the
data it describes. :func:`batch` groups the work of a bulk writer: every entry
touched inside it is indexed once, when it ends. The tag counts of
:mod:`tags.counts` (related tags, timelines) follow the same entries, at the
same time: every writer that keeps the index current keeps them current too.
"""

import threading
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager

from articles.models import Entry, Excerpt
from tags import counts
from tags.models import TaggedEntry

from .models import SearchDocument

BATCH_SIZE = 1000
# Private-use characters the highlighter uses as marks: removed from indexed texts,
# so no text can carry a mark of its own.
MARK_START = "\ue000"
MARK_STOP = "\ue001"
_STRIP_MARKS = str.maketrans({MARK_START: " ", MARK_STOP: " ", "\x00": " "})

_state = threading.local()


def _clean(*texts) -> str:
    return "\n\n".join(text.translate(_STRIP_MARKS) for text in texts if text)


def documents_for(entry_ids: list[int]) -> list[SearchDocument]:
    """The search documents of the entries ``entry_ids`` that exist (3 queries)."""
    excerpts = defaultdict(list)
    for link_id, text in (
        Excerpt.objects.filter(link_id__in=entry_ids)
        .order_by("link_id", "position", "pk")
        .values_list("link_id", "text")
    ):
        excerpts[link_id].append(text)
    tags = defaultdict(list)
    for entry_id, name, labels in (
        TaggedEntry.objects.filter(content_object_id__in=entry_ids)
        .order_by("content_object_id", "position", "pk")
        .values_list("content_object_id", "tag__name", "tag__labels")
    ):
        tags[entry_id].append(name)
        tags[entry_id] += [label for label in (labels or {}).values() if label != name]
    rows = Entry.objects.filter(pk__in=entry_ids).values(
        "pk",
        "kind",
        "status",
        "published_at",
        "presslink__title",
        "presslink__commentary",
        "presslink__source_id",
        "presslink__source__name",
        "presslink__source__domain",
        "campaignpost__title",
        "campaignpost__lead",
        "campaignpost__body",
        "campaignpost__campaign__name",
    )
    documents = []
    for row in rows:
        pk = row["pk"]
        if row["kind"] == Entry.Kind.LINK:
            title = row["presslink__title"]
            body = _clean(*excerpts[pk], row["presslink__commentary"])
            source = _clean(row["presslink__source__name"], row["presslink__source__domain"])
        else:
            title = row["campaignpost__title"]
            body = _clean(row["campaignpost__lead"], row["campaignpost__body"])
            source = _clean(row["campaignpost__campaign__name"])
        published = row["status"] == Entry.Status.PUBLISHED
        documents.append(
            SearchDocument(
                entry_id=pk,
                published_at=row["published_at"] if published else None,
                publication_id=row["presslink__source_id"],
                title=_clean(title),
                body=body,
                source=source,
                tags=_clean(" ".join(tags[pk])),
            )
        )
    return documents


def _write(entry_ids: list[int]) -> None:
    documents = documents_for(entry_ids)
    SearchDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["entry"],
        update_fields=["published_at", "publication", "title", "body", "source", "tags"],
    )
    found = {document.entry_id for document in documents}
    gone = [pk for pk in entry_ids if pk not in found]
    if gone:
        SearchDocument.objects.filter(entry_id__in=gone).delete()


def index_entries(entry_ids: Iterable[int]) -> None:
    """Bring the index of ``entry_ids`` up to date (deferred to the end of a :func:`batch`)."""
    ids = sorted({int(pk) for pk in entry_ids if pk is not None})
    pending = getattr(_state, "pending", None)
    if pending is not None:
        pending.update(ids)
        return
    for start in range(0, len(ids), BATCH_SIZE):
        _write(ids[start : start + BATCH_SIZE])
    counts.recount(ids)


def index_entry(entry) -> None:
    index_entries([entry.pk])


@contextmanager
def batch():
    """Index every entry touched inside the block once, at its end (nestable)."""
    if getattr(_state, "pending", None) is not None:
        yield
        return
    _state.pending = set()
    try:
        yield
        pending = _state.pending
    finally:
        _state.pending = None
    index_entries(pending)


def reindex_all(*, progress=None) -> int:
    """Rebuild the whole index and the tag counts; the number of entries indexed."""
    ids = list(Entry.objects.order_by("pk").values_list("pk", flat=True))
    SearchDocument.objects.exclude(entry_id__in=Entry.objects.values("pk")).delete()
    for start in range(0, len(ids), BATCH_SIZE):
        _write(ids[start : start + BATCH_SIZE])
        if progress:
            progress(min(start + BATCH_SIZE, len(ids)), len(ids))
    counts.rebuild()
    return len(ids)
