"""Bulk writing for the importers: new links saved many at a time, sources cached.

Only what the person typed is written here; :func:`articles.writes.entries_changed` then
derives the rest (stored HTML, tags, counts, search index), as for every writer.
"""

from collections.abc import Iterable

from django.utils import timezone

from articles.models import Entry, PressLink, Source
from articles.normalize import normalize_url
from articles.sources import KNOWN_PUBLICATIONS

from .base import Summary

BATCH = 500


def create_links(links: list[PressLink]) -> None:
    """Save new press links: their entry rows in bulk, then each link's own row.

    Django's ``bulk_create`` refuses a model inheriting from another (a press link is an
    entry): the entries are created in bulk, then each link row alone, as ``loaddata`` does
    (``save_base(raw=True)``: the link's own table only).
    """
    if not links:
        return
    parents = []
    for link in links:
        link.kind = Entry.Kind.LINK
        link.normalized_url = normalize_url(link.url) if link.url else None
        if link.status == Entry.Status.PUBLISHED and link.published_at is None:
            link.published_at = timezone.now()
        parents.append(
            Entry(kind=link.kind, author=link.author, status=link.status,
                  published_at=link.published_at, tag_line=link.tag_line)
        )  # fmt: skip
    Entry.objects.bulk_create(parents, batch_size=BATCH)
    for link, parent in zip(links, parents, strict=True):
        link.id = link.entry_ptr_id = parent.pk
        link.created_at, link.updated_at = parent.created_at, parent.updated_at
        link.save_base(raw=True, force_insert=True)


class SourceCache:
    """Sources by domain, created in bulk (named from KNOWN_PUBLICATIONS) when new."""

    def __init__(self):
        self.by_domain: dict[str, Source | None] = {}

    def resolve(self, domains: Iterable[str], summary: Summary) -> None:
        missing = {domain for domain in domains if domain and domain not in self.by_domain}
        if not missing:
            return
        for source in Source.objects.filter(domain__in=missing):
            self.by_domain[source.domain] = source
        new = [
            Source(domain=domain, name=KNOWN_PUBLICATIONS.get(domain, domain)[:200],
                   home_url=f"https://{domain}/")
            for domain in sorted(missing - self.by_domain.keys())
            if len(domain) <= 253
        ]  # fmt: skip
        if new:
            Source.objects.bulk_create(new, ignore_conflicts=True)  # another import may race
            for source in Source.objects.filter(domain__in=[s.domain for s in new]):
                self.by_domain[source.domain] = source
                summary.count("sources", "created")

    def get(self, domain: str) -> Source | None:
        return self.by_domain.get(domain) if domain else None
