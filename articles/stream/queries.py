"""The stream: which entries a page shows, in which order, with what they need to render.

Every function returns a lazy queryset; :func:`for_display` adds the joins and
prefetches that keep a page at a constant number of queries.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Page
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from tags.models import Tag, TaggedEntry

from ..models import Campaign, Entry, Excerpt, PostSource, Source
from .pagination import StreamPaginator, cached


def published() -> QuerySet[Entry]:
    return Entry.objects.filter(status=Entry.Status.PUBLISHED).order_by("-published_at", "-id")


def authors() -> QuerySet:
    """Active accounts with a published entry: the only ones with an author page, so that
    author pages and feeds cannot be used to list the accounts of the site."""
    entries = Entry.objects.filter(author=OuterRef("pk"), status=Entry.Status.PUBLISHED)
    return get_user_model().objects.filter(Exists(entries), is_active=True)


def with_all_tags(entries: QuerySet[Entry], tags: list[Tag]) -> QuerySet[Entry]:
    """Entries carrying every one of ``tags`` (AND)."""
    for tag in tags:
        entries = entries.filter(
            Exists(TaggedEntry.objects.filter(content_object=OuterRef("pk"), tag=tag))
        )
    return entries


def for_display(entries: QuerySet[Entry], *, sources: bool = False) -> QuerySet[Entry]:
    """Everything the entry templates read (with ``sources``, a campaign post's sources),
    fetched in a fixed number of queries."""
    entries = entries.select_related(
        "author", "presslink__source", "campaignpost__campaign"
    ).prefetch_related(
        Prefetch("tagged_items", queryset=TaggedEntry.objects.select_related("tag")),
        Prefetch("presslink__excerpts", queryset=Excerpt.objects.order_by("position", "pk")),
    )
    if sources:
        cited = PostSource.objects.select_related("press_link__source").order_by("number")
        entries = entries.prefetch_related(Prefetch("campaignpost__sources", queryset=cited))
    return entries


def in_order(ids: list[int], *, sources: bool = False) -> list[Entry]:
    """The entries ``ids``, in that order, ready for the entry templates (:func:`for_display`)."""
    entries = for_display(Entry.objects.filter(pk__in=ids), sources=sources)
    found = {entry.pk: entry for entry in entries}
    return [found[pk] for pk in ids if pk in found]


def page_of(entries: QuerySet[Entry], number, variant: str | None = None, counter=None) -> Page:
    """Page ``number`` (1-based, from a query string) of ``entries`` (see
    :class:`~articles.stream.pagination.StreamPaginator`); InvalidPage if there is none."""
    paginator = StreamPaginator(
        entries, settings.STREAM_PAGE_SIZE, prepare=for_display, variant=variant, counter=counter
    )
    return paginator.page(number or 1)


def tags_with_counts() -> QuerySet[Tag]:
    """Tags used on a published entry, with ``count`` (from :mod:`tags.counts`), by key."""
    return (
        Tag.objects.annotate(count=Sum("month_counts__count")).filter(count__gt=0).order_by("slug")
    )


def sources_with_counts() -> QuerySet[Source]:
    return (
        Source.objects.annotate(
            count=Count("links", filter=Q(links__status=Entry.Status.PUBLISHED))
        )
        .filter(count__gt=0)
        .order_by("name")
    )


def narrowing_tags(revisions, current: list[Tag], limit: int = 15):
    """Tags on the entries of ``revisions`` (a page's ``(id, revision)`` pairs) besides
    ``current``, most frequent first; cached under those revisions."""
    excluded = sorted(tag.pk for tag in current)
    ids = [pk for pk, _revision in revisions]

    def compute() -> list[tuple[Tag, int]]:
        tags = (
            Tag.objects.filter(tagged_entries__content_object_id__in=ids)
            .exclude(pk__in=excluded)
            .annotate(found=Count("tagged_entries"))
            .order_by("-found", "slug")[:limit]
        )
        return [(tag, tag.found) for tag in tags]

    digest = hashlib.sha256(repr((list(revisions), excluded, limit)).encode()).hexdigest()[:32]
    return cached(f"narrow:{digest}", compute)


def campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.annotate(
        count=Count("posts", filter=Q(posts__status=Entry.Status.PUBLISHED))
    ).order_by("name")
