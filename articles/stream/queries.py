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
    """Active accounts with at least one published entry: the only ones with an author page.

    Anyone else (staff, a contributor with drafts only, an unknown name) gets the same 404,
    so author pages and feeds cannot be used to list the accounts of the site.
    """
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
    """Everything the entry templates read, fetched in a fixed number of queries.

    With ``sources``, also a campaign post's numbered sources (its page, the feeds).
    """
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
    """Page ``number`` (1-based, from a query string) of ``entries``.

    With a ``variant`` (:func:`articles.stream.fragments.reader_variant`), entries rendered
    before for the same version of the stream come from the cache. ``counter`` gives the
    number of ``entries`` without counting them, or None
    (:class:`~articles.stream.pagination.StreamPaginator`).

    Raises :class:`django.core.paginator.InvalidPage` for a number that is not
    a page (0, past the end, not a number); the first page of nothing is empty.
    """
    paginator = StreamPaginator(
        entries, settings.STREAM_PAGE_SIZE, prepare=for_display, variant=variant, counter=counter
    )
    return paginator.page(number or 1)


def tags_with_counts() -> QuerySet[Tag]:
    """Tags used on at least one published entry, with ``count``, by key.

    The counts are the sums of the tags' running counts per month (:mod:`tags.counts`):
    a few rows per tag instead of every tagging.
    """
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
    """Tags found on the entries of ``revisions`` (``(id, revision)`` pairs of a page)
    besides ``current``, most frequent first.

    One query, or none when computed before for the same entries at the same revisions (a
    tag renamed or relabelled bumps its entries' revisions).
    """
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
