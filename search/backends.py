"""The two database halves of search: PostgreSQL full-text search and SQLite FTS5.

Both offer ``match(documents, query)`` (the matching ones), ``rank(documents, query)``
(annotated with ``rank``, higher is better) and ``highlights(ids, query)`` (``{entry id:
(title, passage)}``, matches between :data:`~search.indexing.MARK_START` and ``MARK_STOP``,
not yet escaped).
"""

from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

from .indexing import MARK_START, MARK_STOP
from .models import FTS_TABLE, PG_CONFIG, SearchDocument
from .query import Query

PASSAGE_WORDS = 30


class PostgresBackend:
    @staticmethod
    def _query(text: str, phrase: bool = False) -> SearchQuery:
        return SearchQuery(text, config=PG_CONFIG, search_type="phrase" if phrase else "plain")

    def positive(self, query: Query) -> SearchQuery | None:
        parts = [self._query(word) for word in query.words]
        parts += [self._query(phrase, phrase=True) for phrase in query.phrases]
        return reduce(lambda a, b: a & b, parts) if parts else None

    def match(self, documents: QuerySet, query: Query) -> QuerySet:
        positive = self.positive(query)
        if positive is not None:
            documents = documents.filter(vector=positive)
        for text in query.excluded:
            documents = documents.exclude(vector=self._query(text, phrase=True))
        return documents

    def rank(self, documents: QuerySet, query: Query) -> QuerySet:
        return documents.annotate(rank=SearchRank(F("vector"), self.positive(query)))

    def highlights(self, ids: list[int], query: Query) -> dict[int, tuple[str, str]]:
        positive = self.positive(query)
        if positive is None or not ids:
            return {}
        marks = {"start_sel": MARK_START, "stop_sel": MARK_STOP}
        rows = (
            SearchDocument.objects.filter(pk__in=ids)
            .annotate(
                title_marked=SearchHeadline(
                    "title", positive, config=PG_CONFIG, highlight_all=True, **marks
                ),
                passage_marked=SearchHeadline(
                    "body",
                    positive,
                    config=PG_CONFIG,
                    max_words=PASSAGE_WORDS,
                    min_words=PASSAGE_WORDS // 2,
                    max_fragments=2,
                    fragment_delimiter='" … "',
                    **marks,
                ),
            )
            .values_list("pk", "title_marked", "passage_marked")
        )
        return {pk: (title, passage) for pk, title, passage in rows}


def fts_string(text: str) -> str:
    """``text`` as an FTS5 string: matched as a phrase of its tokens, no operator read."""
    return '"' + text.replace('"', '""') + '"'


class SqliteBackend:
    MATCHING = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
    # bm25 weights of title, body, source, tags; bm25 is lower for better matches.
    RANK = (
        f"SELECT -bm25({FTS_TABLE}, 10.0, 1.0, 4.0, 4.0) FROM {FTS_TABLE} "  # noqa: S608
        f"WHERE {FTS_TABLE} MATCH %s AND rowid = search_searchdocument.entry_id"
    )

    @staticmethod
    def positive(query: Query) -> str | None:
        parts = [fts_string(text) for text in query.words + query.phrases]
        return " AND ".join(parts) if parts else None

    def match(self, documents: QuerySet, query: Query) -> QuerySet:
        positive = self.positive(query)
        if positive is not None:
            documents = documents.filter(pk__in=RawSQL(self.MATCHING, [positive]))
        if query.excluded:
            excluded = " OR ".join(fts_string(text) for text in query.excluded)
            documents = documents.exclude(pk__in=RawSQL(self.MATCHING, [excluded]))
        return documents

    def rank(self, documents: QuerySet, query: Query) -> QuerySet:
        return documents.annotate(rank=RawSQL(self.RANK, [self.positive(query)]))

    def highlights(self, ids: list[int], query: Query) -> dict[int, tuple[str, str]]:
        positive = self.positive(query)
        if positive is None or not ids:
            return {}
        marks = [MARK_START, MARK_STOP]
        in_ids = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT rowid, highlight({FTS_TABLE}, 0, %s, %s), "  # noqa: S608
            f"snippet({FTS_TABLE}, 1, %s, %s, '…', {PASSAGE_WORDS}) "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({in_ids})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*marks, *marks, positive, *ids])
            return {pk: (title, passage) for pk, title, passage in cursor.fetchall()}


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()
