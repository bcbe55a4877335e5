"""Pages of the stream that stay fast on a large review.

Three costs grow with the review: counting the entries of a stream, fetching the rows of a
far page with all their joins, and rendering the entries. :class:`StreamPaginator` caches
the count under the stream's version (:mod:`articles.changes`), so it is computed once per
change of the review; fetches a page in two steps, the ids of the page with the narrow
filtered and ordered query, then what the templates read for those ids only; and, when
asked to, takes entries already rendered for this version from the cache
(:mod:`articles.fragments`) and fetches only the others.
"""

import hashlib

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

from . import changes, fragments

COUNT_CACHE_SECONDS = 24 * 3600


def count_cache_key(entries, version) -> str | None:
    """The cache key of the number of ``entries`` at stream ``version`` (None: do not cache)."""
    if version is None:
        return None
    sql, params = entries.query.sql_with_params()
    digest = hashlib.sha256(f"{entries.db}|{sql}|{params!r}".encode()).hexdigest()[:32]
    number, changed_at = version
    return f"stream-count:{number}:{changed_at}:{digest}"


class StreamPaginator(Paginator):
    """A paginator over an ordered entry queryset, with a cached count and a two-step page.

    ``prepare`` turns a queryset of entries into the queryset the templates read (joins,
    prefetches); it is applied to the page's ids only. ``variant`` (see
    :func:`articles.fragments.reader_variant`) allows entries rendered before to come from
    the cache, as :class:`~articles.fragments.RenderedEntry` objects.
    """

    def __init__(self, entries, per_page, *, prepare=None, variant=None, **kwargs):
        super().__init__(entries, per_page, **kwargs)
        self.prepare = prepare
        self.variant = variant

    @cached_property
    def version(self) -> tuple[int, str] | None:
        return changes.current()

    @cached_property
    def count(self) -> int:
        key = count_cache_key(self.object_list, self.version)
        if key is not None:
            cached = cache.get(key)
            if cached is not None:
                return cached
        number = self.object_list.count()
        if key is not None:
            cache.set(key, number, COUNT_CACHE_SECONDS)
        return number

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        found = fragments.cached_entries(ids, self.version, self.variant)
        missing = [pk for pk in ids if pk not in found]
        if missing:
            rows = self.object_list.model.objects.filter(pk__in=missing)
            if self.prepare is not None:
                rows = self.prepare(rows)
            found |= {row.pk: row for row in rows}
        page = self._get_page([found[pk] for pk in ids if pk in found], number, self)
        page.ids = ids
        return page
