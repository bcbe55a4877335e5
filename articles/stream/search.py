"""Searching the review with the search app's engine: :func:`search` gives the matching
published entries' documents, best first; :func:`search_page` one page of them as stream
entries, their matched passages highlighted."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import OperationalError, connection, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from search.backends import backend
from search.indexing import MARK_START, MARK_STOP
from search.models import SearchDocument
from search.query import Query
from tags.models import Tag, TaggedEntry
from tags.services import resolve_keys

from ..models import Entry, Source
from ..normalize import normalize_domain
from . import changes
from . import queries as stream
from .pagination import cached, count_cache_key

MAX_RESULTS = 1000  # matches kept (the newest), ranked and paginated


@dataclass
class SearchResults:
    """The documents matching a query, best first, and what the query named."""

    documents: QuerySet
    query: Query
    tags: list[Tag] = field(default_factory=list)
    unknown_tags: list[str] = field(default_factory=list)
    # The newest matches (at most MAX_RESULTS), with ``rank`` when the query has words.
    candidates: QuerySet | None = None


def _tagged(tag: Tag) -> Exists:
    return Exists(TaggedEntry.objects.filter(content_object_id=OuterRef("pk"), tag=tag))


def search(query: Query, *, within_tags: list[Tag] | None = None) -> SearchResults:
    """Published entries' documents matching ``query``, best first (newest first without words).

    Only the :data:`MAX_RESULTS` newest matches are ranked, so that a common word is searched
    as fast as a rare one. ``within_tags`` and the query's ``#tags`` must all be on an entry;
    a ``#tag`` that names no tag matches nothing.
    """
    tags, unknown = resolve_keys(list(query.tags))
    excluded_tags, _unknown = resolve_keys(list(query.excluded_tags))
    documents = SearchDocument.objects.filter(published_at__isnull=False)
    if unknown:
        documents = documents.none()
    for tag in list(within_tags or []) + tags:
        documents = documents.filter(_tagged(tag))
    for tag in excluded_tags:
        documents = documents.exclude(_tagged(tag))
    if query.sources:
        sources = Source.objects.filter(
            domain__in=[normalize_domain(s) for s in query.sources]
        ).values_list("pk", flat=True)
        documents = documents.filter(publication__in=list(sources))
    engine = backend()
    newest = engine.match(documents, query).order_by("-published_at", "-pk")
    documents = SearchDocument.objects.filter(pk__in=newest.values("pk")[:MAX_RESULTS])
    if query.has_text:
        newest = engine.rank(newest, query)
        documents = engine.rank(documents, query).order_by("-rank", "-published_at", "-pk")
    else:
        documents = documents.order_by("-published_at", "-pk")
    return SearchResults(
        documents=documents,
        query=query,
        tags=tags,
        unknown_tags=unknown,
        candidates=newest[:MAX_RESULTS],
    )


def _run_limited(sql: str, params: list) -> list[tuple]:
    """Rows of ``sql``; on PostgreSQL stopped after ``settings.SEARCH_TIMEOUT_MS`` (``SET
    LOCAL`` lasts until the end of the transaction opened here, or of the request's)."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = %s", [settings.SEARCH_TIMEOUT_MS])
        cursor.execute(sql, params)
        return cursor.fetchall()


class SearchTooLong(Exception):
    """The search took longer than ``settings.SEARCH_TIMEOUT_MS``: it should be narrowed."""


def _page_ids(results: SearchResults, offset: int, limit: int) -> tuple[list[int], int]:
    """``(ids of the page, number of matches)`` in one query over the ranked candidates."""
    fields = ["doc_id", "doc_date"] + (["rank"] if results.query.has_text else [])
    candidates = results.candidates.annotate(doc_id=F("pk"), doc_date=F("published_at"))
    try:
        sql, params = candidates.values_list(*fields).query.sql_with_params()
    except EmptyResultSet:
        return [], 0
    order = "doc_date DESC, doc_id DESC"
    if results.query.has_text:
        order = "rank DESC, " + order
    wrapped = (
        f"SELECT doc_id, COUNT(*) OVER () FROM ({sql}) candidates "  # noqa: S608
        f"ORDER BY {order} LIMIT %s OFFSET %s"
    )
    try:
        rows = _run_limited(wrapped, [*params, limit, offset])
    except OperationalError as error:
        if "statement timeout" in str(error):
            raise SearchTooLong from error
        raise
    if rows:
        return [row[0] for row in rows], rows[0][1]
    return [], (results.candidates.count() if offset else 0)


def highlight_html(marked: str | None) -> SafeString | None:
    """``marked`` text escaped, then its marks turned into ``<mark>`` (and nothing else)."""
    if not marked or MARK_START not in marked:
        return None if not marked else mark_safe(escape(marked))  # noqa: S308
    html = escape(marked).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above, only our own marks added


def _ranked_page(results: SearchResults, number: int, per_page: int):
    """``(ids, number of matches, highlights, cache key)`` of page ``number``, cached under
    the stream version; the key (None: not cached) also names what is shown of that page."""

    def compute():
        ids, count = _page_ids(results, (number - 1) * per_page, per_page)
        return ids, count, (backend().highlights(ids, results.query) if ids else {})

    try:
        key = count_cache_key(results.candidates, changes.current())
    except EmptyResultSet:
        key = None
    key = key and f"search:{key}:{number}:{per_page}"
    return (*cached(key, compute), key)


def search_page(results: SearchResults, number) -> Page:
    """Page ``number`` of ``results``, its ``object_list`` a :class:`ResultEntries`.

    Raises InvalidPage, or :class:`SearchTooLong` when the database gave up (PostgreSQL).
    """
    per_page = settings.SEARCH_PAGE_SIZE
    try:
        number = int(number or 1)
    except (TypeError, ValueError):
        raise PageNotAnInteger(_("That page number is not an integer")) from None
    if number < 1:
        raise EmptyPage(_("That page number is less than 1"))
    if number > 1 and (number - 1) * per_page >= MAX_RESULTS:
        # Past the last page there can be: not worth a query (nor an offset too big for it).
        raise EmptyPage(_("That page contains no results"))
    ids, count, marked, page_key = _ranked_page(results, number, per_page)
    paginator = Paginator([], per_page)
    paginator.count = count  # read with the page, by a window function
    page = paginator.page(number)
    page.more = count >= MAX_RESULTS
    page.object_list, page.cache_key = ResultEntries(ids, marked), page_key
    return page


class ResultEntries(Sequence):
    """The entries of a page of results, read when first used (a page shown from the cache
    never reads them), each with its ``title_html`` and ``passage_html`` highlighted."""

    def __init__(self, ids: list[int], marked: dict):
        self.ids, self.marked = ids, marked

    @cached_property
    def entries(self) -> list[Entry]:
        entries = stream.in_order(self.ids)
        for entry in entries:  # the highlights, shown by the entry template
            title, passage = self.marked.get(entry.pk, (None, None))
            entry.title_html, entry.passage_html = highlight_html(title), highlight_html(passage)
        return entries

    def __getitem__(self, index):
        return self.entries[index]

    def __len__(self) -> int:
        return len(self.ids)  # without reading them (``{% if page %}`` asks)


def narrowing_tags(entries: list[Entry], current: list[Tag], limit: int = 15):
    """``(tag, count)`` of the tags on a page of results besides ``current``, most first,
    from the entries' prefetched taggings (no query)."""
    current_ids = {tag.pk for tag in current}
    counts = Counter(
        tagging.tag
        for entry in entries
        for tagging in entry.tagged_items.all()
        if tagging.tag_id not in current_ids
    )
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0].slug))[:limit]
