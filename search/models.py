"""The search index: one document per entry, the texts a search reads.

Triggers made by the migration keep ``vector`` (PostgreSQL) or the FTS5 table ``search_fts``
(SQLite) in step with the texts; Python only writes the texts.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

# Made by the migration: the text search configuration (PostgreSQL), the FTS5 table (SQLite).
PG_CONFIG = "french_unaccent"
FTS_TABLE = "search_fts"


class SearchDocument(models.Model):
    entry = models.OneToOneField(
        "articles.Entry",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    # The entry's publication date when it is published, else None: not searched.
    published_at = models.DateTimeField(null=True, db_index=True)
    # The press link's publication, for ``source:`` (indexed with the date).
    publication = models.ForeignKey(
        "articles.Source", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)
    source = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    # PostgreSQL only (set by a trigger, GIN-indexed by the migration); unused on SQLite.
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [
            models.Index(fields=["publication", "-published_at"], name="search_by_publication")
        ]

    def __str__(self):
        return self.title
