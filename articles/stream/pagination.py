"""Pages of the stream that stay fast on a large review: the count and each page's ids are
cached under the stream's version (:mod:`articles.stream.changes`), and only the entries not
already rendered (:mod:`articles.stream.fragments`) are fetched."""

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
    return f"stream-count:{version[0]}:{version[1]}:{digest}"


def cached(key: str | None, compute):
    """``compute()``, kept in the cache under ``key`` (None: not cached)."""
    if key is None:
        return compute()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, COUNT_CACHE_SECONDS)
    return value


class StreamPaginator(Paginator):
    """A paginator over an ordered entry queryset, with a cached count and a two-step page.

    ``prepare`` adds what the templates read, to the page's ids only. ``counter`` returns
    the number of entries without counting them, or None. With a ``variant``
    (:func:`~articles.stream.fragments.reader_variant`), entries rendered before come from
    the cache as :class:`~articles.stream.fragments.RenderedEntry` objects.
    """

    def __init__(self, entries, per_page, *, prepare=None, variant=None, counter=None, **kwargs):
        super().__init__(entries, per_page, **kwargs)
        self.prepare = prepare
        self.variant = variant
        self.counter = counter

    @cached_property
    def version(self) -> tuple[int, str] | None:
        return changes.current()

    @cached_property
    def cache_key(self) -> str | None:
        return count_cache_key(self.object_list, self.version)

    @cached_property
    def count(self) -> int:
        return cached(self.cache_key, self._count)

    def _count(self) -> int:
        found = self.counter() if self.counter is not None else None
        return self.object_list.count() if found is None else found

    def page_revisions(self, number: int) -> list[tuple[int, int]]:
        """``(id, revision)`` of the entries of page ``number`` (validated), in order."""
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        key = self.cache_key and f"{self.cache_key}:ids:{bottom}:{top}"
        rows = self.object_list.values_list("pk", "revision")
        return cached(key, lambda: [tuple(row) for row in rows[bottom:top]])

    def page(self, number) -> Page:
        number = self.validate_number(number)
        revisions = self.page_revisions(number)
        ids = [pk for pk, _revision in revisions]
        found = fragments.cached_entries(revisions, self.variant)
        missing = [pk for pk in ids if pk not in found]
        if missing:
            rows = self.object_list.model.objects.filter(pk__in=missing)
            if self.prepare is not None:
                rows = self.prepare(rows)
            found |= {row.pk: row for row in rows}
        page = self._get_page([found[pk] for pk in ids if pk in found], number, self)
        page.ids, page.revisions = ids, revisions
        return page
