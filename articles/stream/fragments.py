"""Stream entries rendered once per revision of each: the costliest part of a page.

The HTML of an entry is cached under its id, its :attr:`~articles.models.Entry.revision`
(bumped whenever anything it shows may have changed) and the reader's language. Nothing in
it depends on who reads it (editing links are on the entry's own page), so every reader
shares it.
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
