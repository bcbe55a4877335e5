"""The search document of each entry: its texts, gathered in a few queries."""

from collections import defaultdict

from search.indexing import clean_text, store_documents
from search.models import SearchDocument
from tags import counts
from tags.models import TaggedEntry

from ..models import Entry, Excerpt

BATCH_SIZE = 1000


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
            body = clean_text(*excerpts[pk], row["presslink__commentary"])
            source = clean_text(row["presslink__source__name"], row["presslink__source__domain"])
        else:
            title = row["campaignpost__title"]
            body = clean_text(row["campaignpost__lead"], row["campaignpost__body"])
            source = clean_text(row["campaignpost__campaign__name"])
        published = row["status"] == Entry.Status.PUBLISHED
        documents.append(
            SearchDocument(
                entry_id=pk,
                published_at=row["published_at"] if published else None,
                publication_id=row["presslink__source_id"],
                title=clean_text(title),
                body=body,
                source=source,
                tags=clean_text(" ".join(tags[pk])),
            )
        )
    return documents


def index_entries(entry_ids: list[int]) -> None:
    """Bring the search index of ``entry_ids`` up to date (an id without entry: dropped)."""
    for start in range(0, len(entry_ids), BATCH_SIZE):
        chunk = entry_ids[start : start + BATCH_SIZE]
        store_documents(chunk, documents_for(chunk))


def reindex_all(*, progress=None) -> int:
    """Rebuild the whole index and the tag counts; the number of entries indexed.

    ``progress(done, total)`` is called after each batch.
    """
    ids = list(Entry.objects.order_by("pk").values_list("pk", flat=True))
    SearchDocument.objects.exclude(entry_id__in=Entry.objects.values("pk")).delete()
    for start in range(0, len(ids), BATCH_SIZE):
        index_entries(ids[start : start + BATCH_SIZE])
        if progress:
            progress(min(start + BATCH_SIZE, len(ids)), len(ids))
    counts.rebuild()
    return len(ids)
