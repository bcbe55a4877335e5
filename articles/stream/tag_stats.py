"""Figures about tags: related tags, entries per month, the tag cloud.

Each function runs one query (the cloud none: it reuses the tag list). For one tag,
:func:`tag_stats` reads the running counts of :mod:`tags.counts`; for a combination of
tags it counts from the entries and caches the result.
"""

import math
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from tags.models import Tag, TagMonth, TagPair

from ..models import Entry
from .pagination import cached

CLOUD_SIZE = 80
CLOUD_STEPS = 6


def related_tags(entries: QuerySet[Entry], current: list[Tag], limit: int = 20) -> list[Tag]:
    """Tags most often found on ``entries`` besides ``current``, with ``count``, most first."""
    return list(
        Tag.objects.filter(tagged_entries__content_object__in=entries.order_by().values("pk"))
        .exclude(pk__in=[tag.pk for tag in current])
        .annotate(count=Count("tagged_entries"))
        .order_by("-count", "slug")[:limit]
    )


@dataclass(frozen=True)
class Month:
    month: date
    count: int


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def timeline(entries: QuerySet[Entry]) -> list[Month]:
    """Entries per month (in the current time zone), from the first month to the last, gaps 0."""
    rows = (
        entries.order_by()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    return _with_empty_months(
        {_as_date(row["month"]): row["count"] for row in rows if row["month"] is not None}
    )


def counted_related_tags(tag: Tag, limit: int = 20) -> list[Tag]:
    """:func:`related_tags` of one tag, read from its running counts (2 queries)."""
    pairs = TagPair.objects.filter(Q(tag=tag) | Q(other=tag)).values_list("tag", "other", "count")
    counts = {(other if first == tag.pk else first): n for first, other, n in pairs}
    if not counts:
        return []
    ranked = sorted(counts.values(), reverse=True)
    lowest = ranked[min(limit, len(ranked)) - 1]  # the tags tied with the last one compete
    found = list(Tag.objects.filter(pk__in=[pk for pk, n in counts.items() if n >= lowest]))
    for other in found:
        other.count = counts[other.pk]
    return sorted(found, key=lambda other: (-other.count, other.slug))[:limit]


def counted_timeline(tag: Tag) -> list[Month]:
    """:func:`timeline` of one tag's entries, read from its running counts."""
    return _with_empty_months(dict(TagMonth.objects.filter(tag=tag).values_list("month", "count")))


def _with_empty_months(counts: dict[date, int]) -> list[Month]:
    if not counts:
        return []
    months, day, last = [], min(counts), max(counts)
    while day <= last:
        months.append(Month(day, counts.get(day, 0)))
        day = _next_month(day)
    return months


def _as_date(value) -> date:
    return date(value.year, value.month, 1)


@dataclass(frozen=True)
class CloudTag:
    tag: Tag
    count: int
    step: int  # 1 (smallest) to CLOUD_STEPS (largest)


def cloud(tags, size: int = CLOUD_SIZE, steps: int = CLOUD_STEPS) -> list[CloudTag]:
    """The ``size`` most used of ``tags`` (each with ``count``), alphabetically, sized by count.

    Sizes follow the logarithm of the count, so the few huge tags do not
    flatten all the others into the smallest size.
    """
    top = sorted(tags, key=lambda tag: (-tag.count, tag.slug))[:size]
    if not top:
        return []
    low, high = math.log(min(t.count for t in top)), math.log(max(t.count for t in top))
    span = high - low

    def step(count: int) -> int:
        if span == 0:
            return (steps + 1) // 2
        return 1 + round((math.log(count) - low) / span * (steps - 1))

    return [CloudTag(tag, tag.count, step(tag.count)) for tag in sorted(top, key=lambda t: t.slug)]


def tag_stats(
    entries: QuerySet[Entry], tags: list[Tag], version: tuple | None = None
) -> tuple[list[Tag], list[Month]]:
    """``(related tags, timeline)`` of the entries carrying all ``tags``.

    One tag: read from the running counts. Several: counted from the entries (for tags on
    most entries, a scan of all of them). Either is kept in the cache under the stream
    ``version``, when given: every change renews it, in every process and server sharing
    the database, so a new, edited or hidden entry shows in the figures at once.
    """
    if len(tags) == 1:
        tag = tags[0]

        def counted():
            return counted_related_tags(tag), counted_timeline(tag)

        compute, kind = counted, f"tags.counted:{tag.pk}"
    else:

        def compute():
            return related_tags(entries, tags), timeline(entries)

        kind = f"tags.stats:{'+'.join(str(tag.pk) for tag in tags)}"
    if version is None:
        return compute()
    return cached(f"{kind}:{version[0]}:{version[1]}", compute)


def initial(tag: Tag) -> str:
    """The letter a tag is filed under in the index: ``é`` under ``E``, digits under ``#``."""
    first = unicodedata.normalize("NFD", tag.slug[:1])[:1].upper()
    return first if first.isalpha() and first.isascii() else "#"


def alphabetical(tags) -> list[tuple[str, list[Tag]]]:
    """``tags`` (sorted by key) grouped by :func:`initial`, groups in alphabetical order."""
    groups: dict[str, list[Tag]] = {}
    for tag in tags:
        groups.setdefault(initial(tag), []).append(tag)
    return sorted(groups.items(), key=lambda item: (item[0] == "#", item[0]))
