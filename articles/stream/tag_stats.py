"""Figures about tags: related tags, entries per month, the tag cloud.

One tag's figures are read from the running counts of :mod:`tags.counts`. A combination's
timeline is read from the month each entry counts for, its related tags from its
:data:`RECENT_WINDOW` most recent entries (all of them: about 250 ms for two tags on 28,000
entries). :func:`related_tags` without a window is the reference (and ``tests/reference.py``).
"""

import math
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from tags.models import CountedEntry, Tag, TaggedEntry, TagMonth, TagPair

from ..models import Entry
from .pagination import cached

CLOUD_SIZE = 80
CLOUD_STEPS = 6
# A combination's related tags are counted on this many of its most recent entries.
RECENT_WINDOW = 1000


def related_tags(
    entries: QuerySet[Entry], current: list[Tag], window: int | None = None, limit: int = 20
) -> list[Tag]:
    """Tags most often found on ``entries`` besides ``current``, with ``count``, most first;
    with a ``window``, on that many first of ``entries`` only (a cost that does not grow)."""
    pks = entries.order_by().values("pk") if window is None else entries.values("pk")[:window]
    return list(
        Tag.objects.filter(tagged_entries__content_object__in=pks)
        .exclude(pk__in=[tag.pk for tag in current])
        .annotate(count=Count("tagged_entries"))
        .order_by("-count", "slug")[:limit]
    )


@dataclass(frozen=True)
class Month:
    month: date
    count: int


def counted_related_tags(tag: Tag, limit: int = 20) -> list[Tag]:
    """:func:`related_tags` of one tag, read from its running counts (2 queries).

    Only its pairs counting at least as much as its ``limit``-th one leave the database (a
    tag on most entries has a pair with nearly every other tag: thousands of rows).
    """
    pairs = TagPair.objects.filter(Q(tag=tag) | Q(other=tag))
    lowest = pairs.order_by("-count").values("count")[limit - 1 : limit]
    top = pairs.filter(count__gte=Coalesce(Subquery(lowest), 0))
    counts = {
        (other if first == tag.pk else first): n
        for first, other, n in top.values_list("tag", "other", "count")
    }
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
    return with_empty_months(dict(TagMonth.objects.filter(tag=tag).values_list("month", "count")))


def counted_timeline_of(tags: list[Tag]) -> list[Month]:
    """:func:`timeline` of the published entries carrying all ``tags``, exact, from the
    month each counts for (:class:`~tags.models.CountedEntry`, kept by :mod:`tags.counts`):
    one query that does not read the entries."""
    if connection.vendor == "postgresql":  # its GIN index (migration tags 0004)
        rows = CountedEntry.objects.filter(tag_ids__contains=sorted(tag.pk for tag in tags))
    else:  # no containment of JSON arrays on SQLite: the taggings
        rows = CountedEntry.objects.all()
        for tag in tags:
            taggings = TaggedEntry.objects.filter(tag=tag, content_object_id=OuterRef("entry_id"))
            rows = rows.filter(Exists(taggings))
    months = rows.order_by().values("month").annotate(n=Count("entry_id")).values_list("month", "n")
    return with_empty_months(dict(months))


def with_empty_months(counts: dict[date, int]) -> list[Month]:
    if not counts:
        return []
    months, day, last = [], min(counts), max(counts)
    while day <= last:
        months.append(Month(day, counts.get(day, 0)))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


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
    """``(related tags, timeline)`` of the entries carrying all ``tags``, cached under the
    stream ``version`` when given (every change renews it, so figures are never stale)."""

    def compute():
        if len(tags) == 1:
            return counted_related_tags(tags[0]), counted_timeline(tags[0])
        return related_tags(entries, tags, RECENT_WINDOW), counted_timeline_of(tags)

    if version is None:
        return compute()
    kind = "tags.counted" if len(tags) == 1 else "tags.stats"
    pks = "+".join(str(tag.pk) for tag in tags)
    return cached(f"{kind}:{pks}:{version[0]}:{version[1]}", compute)


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
