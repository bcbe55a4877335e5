"""Stream entries rendered once per revision of each, for readers without an account.

A stream page shows 30 entries, each with its excerpts, commentary and a dozen tag links;
rendering them and fetching what they show costs more than everything else of the page.
Readers who are not logged in all see the same HTML for an entry, so it is cached under
the entry's id and revision (:attr:`articles.models.Entry.revision`, bumped by
:func:`articles.writes.entries_changed` whenever anything the entry shows may have changed:
its texts, tags, source, campaign or author), and the reader's language. A new entry
saved elsewhere leaves the others' HTML in the cache. Nothing in an entry's HTML depends
on who reads it (editing links are on the entry's own page, not in the stream), so
logged-in activists read the same cached HTML as everyone.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.utils.safestring import SafeString

ENTRY_TEMPLATE = "articles/_entry.html"
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class RenderedEntry:
    """An entry of a page whose HTML came from the cache."""

    pk: int
    html: SafeString


def reader_variant(request) -> str | None:
    """What the cached HTML of an entry depends on for this request, or None: do not cache."""
    if request.method not in ("GET", "HEAD"):
        return None
    return getattr(request, "LANGUAGE_CODE", None) or None


def entry_key(variant: str, pk: int, revision: int) -> str:
    return f"entry-html:{variant}:{pk}:{revision}"


def cached_entries(revisions, variant) -> dict[int, RenderedEntry]:
    """The entries among ``revisions`` (``(id, revision)`` pairs) whose HTML is in the cache."""
    if variant is None or not revisions:
        return {}
    keys = {entry_key(variant, pk, revision): pk for pk, revision in revisions}
    found = cache.get_many(list(keys))
    return {keys[key]: RenderedEntry(keys[key], SafeString(html)) for key, html in found.items()}


def store(entry, html: str, variant) -> None:
    if variant is not None:
        cache.set(entry_key(variant, entry.pk, entry.revision), str(html), CACHE_SECONDS)
