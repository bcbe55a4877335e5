"""Conditional GET: ``ETag`` and ``Last-Modified`` on feeds and list pages, 304 when unchanged.

A view describes what its response shows with a :class:`State` (a key that changes whenever
anything shown changes, and the time of the newest change), and hands :func:`respond` the
function that builds the response. :func:`respond` answers ``304 Not Modified`` with no
body when the client's copy is current (Django's ``get_conditional_response``, as the
``condition`` decorator does), and builds the response otherwise.

The ``ETag`` also covers the language and the address: pages are translated, so the same
address answers differently to a French and an English reader (``Vary: Accept-Language,
Cookie``). Logged-in users may see more than anonymous readers (drafts, edit links): they
always get a full response, never a 304 from a validator computed for someone else.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

VARY = ("Accept-Language", "Cookie")


@dataclass(frozen=True)
class State:
    """What a response shows: ``key`` changes when it does; ``last_modified`` may be None."""

    key: str
    last_modified: datetime | None = None


def window_state(rows: Iterable[tuple], *extra) -> State:
    """The state of a list showing ``rows`` of ``(pk, updated_at, ...)``, newest first.

    Any entry edited, added to or removed from the list changes the key; ``extra`` adds what
    else the response shows (a page number, a count, tag labels).
    """
    rows = list(rows)
    key = repr((extra, [tuple(str(value) for value in row) for row in rows]))
    times = [row[1] for row in rows if row[1] is not None]
    return State(key, max(times) if times else None)


def page_state(page, *shown) -> State:
    """The state of a list page, from its already fetched entries (no query of its own).

    The count (in the heading and the page links), the page number, each entry's last change
    and its taggings (rewritten, with new ids, when its tags change), and ``shown``: what
    else the page shows.
    """
    rows = [
        (entry.pk, entry.updated_at, [tagging.pk for tagging in entry.tagged_items.all()])
        for entry in page.object_list
    ]
    return window_state(rows, page.paginator.count, page.number, *shown)


def etag(request: HttpRequest, state: State) -> str:
    language = get_language() or ""
    text = f"{state.key}\n{language}\n{request.get_full_path()}"
    return quote_etag(hashlib.sha256(text.encode()).hexdigest()[:32])


def personal(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def respond(
    request: HttpRequest, state: State | Callable[[], State], build: Callable[[], HttpResponse]
) -> HttpResponse:
    """``build()``, or a 304 if the client already holds the response ``state`` describes.

    ``state`` may be a function, called only when the answer can be conditional.
    """
    if request.method not in ("GET", "HEAD") or personal(request):
        response = build()
        patch_vary_headers(response, VARY)
        return response
    state = state() if callable(state) else state
    tag = etag(request, state)
    modified = int(state.last_modified.timestamp()) if state.last_modified else None
    response = get_conditional_response(request, etag=tag, last_modified=modified)
    if response is None:
        response = build()
    if response.status_code in (200, 304):
        response.headers.setdefault("ETag", tag)
        if modified is not None:
            response.headers.setdefault("Last-Modified", http_date(modified))
        # Without it, browsers would reuse a page for a while without asking.
        patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, VARY)
    return response
