"""Every URL pattern of the site, and hostile values for its parts (see test_hostile_urls).

:func:`routes` walks ``pressreview.urls`` (the admin left out) and gives each route as a
template ``links/<int:pk>/`` with its parameters; :func:`fill` puts values in it, already
percent-encoded as they travel in a request line.
"""

import re

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")

# Path segments, percent-encoded: NUL and other control characters, overlong, huge and
# negative numbers, invalid UTF-8 (lone continuation bytes, an overlong NUL, a surrogate),
# dot segments, an encoded slash, emoji, markup.
HOSTILE_SEGMENTS = [
    "%00",
    "a%00b",
    "%01",
    "%0a",
    "%0d%0a",
    "%09",
    "%7f",
    "x" * 10_000,
    "9" * 5_000,
    "9" * 30,
    "-1",
    "0",
    "..",
    "%2e%2e",
    "%ff%fe",
    "%c0%80",
    "%ed%a0%80",
    "%F0%9F%98%80",
    "%2f",
    "%25",
    "%20",
    "%C2%B2",
    "%3Cscript%3E%22%27",
    "a+b+",
    "+",
]
# The few of them sent with a form (POST).
POSTED_SEGMENTS = ["%00", "9" * 30, "-1", "%ff%fe", "x" * 10_000, "%C2%B2"]

# Query strings: each of the first ones reaches the views (no NUL); the last ones are
# answered 400 by the middleware.
HUGE = "9" * 23
HOSTILE_QUERIES = [
    f"page={HUGE}&q=x&tag=x",
    "page=-1&q=%ff%fe&tag=%ff%fe",
    "page=%C2%B2&q=a+b&campaign=%C2%B2&url=%C2%B2&exclude=%C2%B2",
    f"page=1e3&q={'x' * 5000}&tag={'y' * 5000}&campaign={HUGE}&next=//evil.example/",
    f"page={'9' * 5000}&url=http://[::1&title=%3Cb%3E&excerpt=]]%3E&next=/../..",
    "q=%22%27%3C%3E%26%23&tag=%23&url=javascript:alert(1)&campaign=-1&sources=%C2%B2",
    "page=%00",
    "q=x&tag=%00",
    "q=%00",
    "url=%00&title=%01&excerpt=%1b&campaign=%00&next=%00",
    "q=%01%1b&tag=%07&url=http://a%0b.example/&title=%0c&excerpt=%1f&next=%7f&campaign=%08",
    "%00=x",
]

# Form fields of the site's forms, with values no form expects.
HOSTILE_FORM = {
    "url": "http://[::1",
    "title": "<script>alert(1)</script>",
    "text": "]]>&amp;<b>",
    "q": "9" * 30,
    "page": HUGE,
    "exclude": HUGE,
    "sources": "²",
    "campaign": HUGE,
    "episode": "-1",
    "version": "²",
    "action": "fetch",
    "excerpts-TOTAL_FORMS": "²",
    "excerpts-INITIAL_FORMS": HUGE,
    "sources-TOTAL_FORMS": HUGE,
    "next": "//evil.example/",
    "language": "../..",
    "username": "x" * 5000,
    "password": "x",
    "email": "a@b",
    "hashtags": "#" * 500,
    "old_password": "x",
    "new_password1": "x",
    "new_password2": "y",
}
CONTROL_FORM = {"title": "a\x01b", "q": "\x1b", "url": "\x7f", "text": "\x0c", "next": "\x0b"}
NUL_FORM = {"title": "a\x00b", "q": "\x00", "url": "\x00"}


def routes(patterns=None, prefix: str = ""):
    """``(route, name, [(converter, parameter)])`` of every pattern, the admin left out."""
    if patterns is None:
        patterns = get_resolver("pressreview.urls").url_patterns
    for entry in patterns:
        assert isinstance(entry.pattern, RoutePattern), f"not a route: {entry.pattern!r}"
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route == "admin/":
                continue
            yield from routes(entry.url_patterns, route)
        else:
            assert isinstance(entry, URLPattern)
            found = [(m["converter"] or "str", m["name"]) for m in PARAMETER.finditer(route)]
            yield route, entry.name, found


def fill(route: str, values: dict) -> str:
    """The path of ``route`` with each parameter replaced by ``values[name]``."""
    return "/" + PARAMETER.sub(lambda m: values[m["name"]], route)
