"""Conditional GET: ``ETag`` and ``Last-Modified`` on feeds and list pages, 304 when unchanged.

A view describes what its response shows with a :class:`State` taken from the stream's
version (:mod:`articles.stream.changes`). The ``ETag`` also covers the language and the
address (pages are translated). Logged-in users may see more (drafts, edit links): they
always get a full response, never a 304 from a validator computed for someone else.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from . import changes

VARY = ("Accept-Language", "Cookie")


@dataclass(frozen=True)
class State:
    """What a response shows: ``key`` changes when it does; ``last_modified`` may be None."""

    key: str
    last_modified: datetime | None = None


def stream_state(version: tuple[int, str] | None, *shown) -> State | None:
    """The state of a response showing the stream at ``version``, and ``shown`` (what else
    it depends on: a page number, a feed's tags). None without a version."""
    if version is None:
        return None
    number, changed_at = version
    return State(repr((number, changed_at, shown)), datetime.fromisoformat(changed_at))


def current_state(*shown) -> State | None:
    """:func:`stream_state` at the current version: one query of one row."""
    return stream_state(changes.current(), *shown)


def page_state(page, *shown) -> State | None:
    """The state of a list page, from the version its paginator read (no query of its own)."""
    return stream_state(getattr(page.paginator, "version", None), page.number, *shown)


def etag(request: HttpRequest, state: State) -> str:
    language = get_language() or ""
    text = f"{state.key}\n{language}\n{request.get_full_path()}"
    return quote_etag(hashlib.sha256(text.encode()).hexdigest()[:32])


def personal(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def respond(
    request: HttpRequest,
    state: State | None | Callable[[], State | None],
    build: Callable[[], HttpResponse],
) -> HttpResponse:
    """``build()``, or a 304 if the client already holds the response ``state`` describes.

    ``state`` may be a function, called only when the answer can be conditional; with no
    state (no stream version), the response is built and has no validators.
    """
    if request.method not in ("GET", "HEAD") or personal(request):
        state = None
    elif callable(state):
        state = state()
    if state is None:
        response = build()
        patch_vary_headers(response, VARY)
        return response
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
