"""Stream entries rendered once per version of the stream, for readers without an account.

A stream page shows 30 entries, each with its excerpts, commentary and a dozen tag links;
rendering them and fetching what they show costs more than everything else of the page.
Readers who are not logged in all see the same HTML for an entry, so it is cached under
the stream's version (:mod:`articles.stream.changes`: any change to any entry, tag or source makes
a new version, so nothing stale is ever served) and the reader's language. Logged-in users
(who may see editing links) always get a fresh rendering.
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
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return None
    return getattr(request, "LANGUAGE_CODE", None) or None


def entry_key(version: tuple[int, str], variant: str, pk: int) -> str:
    number, changed_at = version
    return f"entry-html:{number}:{changed_at}:{variant}:{pk}"


def cached_entries(ids, version, variant) -> dict[int, RenderedEntry]:
    """The entries among ``ids`` whose HTML is in the cache."""
    if version is None or variant is None or not ids:
        return {}
    keys = {entry_key(version, variant, pk): pk for pk in ids}
    found = cache.get_many(list(keys))
    return {keys[key]: RenderedEntry(keys[key], SafeString(html)) for key, html in found.items()}


def store(entry, html: str, version, variant) -> None:
    if version is not None and variant is not None:
        cache.set(entry_key(version, variant, entry.pk), str(html), CACHE_SECONDS)
