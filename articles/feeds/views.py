"""Atom and RSS 2.0 feeds of every stream of :mod:`articles.feeds.subjects`.

A feed holds the ``FEED_SIZE`` newest published entries, read as the stream pages read
them (:func:`articles.stream.queries.in_order`). Its ``ETag`` is made from the stream's
version, and a feed built once for a version is cached for every reader until the next
change. An item's id is a ``tag:`` URI (RFC 4151) of the entry's creation date and primary
key: editing an entry never changes it.

Escaping: the feed writer escapes every value for XML; what each field means is ours to
get right. Titles, Atom's subtitle, author names and categories are plain text (given
as typed); RSS 2.0's channel and item ``description`` and Atom's ``content type="html"``
are HTML, so every typed text in them is HTML-escaped first (``tests/test_feed_escaping``).
"""

import hashlib
import re
from datetime import UTC
from functools import partial

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ..stream import conditional, fragments
from ..stream import queries as stream
from . import subjects

CACHE_SECONDS = 24 * 3600
KEPT_HEADERS = ("Content-Type", "X-Robots-Tag")  # of a cached response

# Characters XML 1.0 cannot carry: Django's feed writer refuses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# A site-relative (``/…``) or same-page (``#…``) href or src inside a tag (text never holds
# a bare "<": templates and the markup pipeline escape it).
_RELATIVE = re.compile(r'(<[a-zA-Z][^<>]*?\s(?:href|src)=")([/#])(?!/)')


def xml_text(text) -> str:
    return _NOT_XML.sub("", str(text))


def absolute_links(html: str, base: str, page: str) -> str:
    """``html`` with ``/…`` links made absolute on ``base`` and ``#…`` links on ``page``.

    A feed item is read away from the site: its tag links and its references to the
    post's sources or footnotes (``#source-1``, ``#fn:1``) must lead back to it.
    """
    prefixes = {"/": escape(base), "#": escape(page)}
    return _RELATIVE.sub(lambda match: match[1] + prefixes[match[2]] + match[2], html)


def feed_html(html: SafeString, page: str) -> SafeString:
    """An item's content: ``html`` with its links made absolute on the item's ``page`` (an
    absolute URL), without the characters XML cannot carry."""
    base = page[: page.index("/", page.index("//") + 2)]
    return mark_safe(xml_text(absolute_links(html, base, page)))  # noqa: S308 - html is safe


def cached(prefix: str, request, state, build) -> HttpResponse:
    """``build()``'s response, built once for every reader of the stream at ``state``.

    The key covers the ``ETag`` (version, language, address) and the site; only a 200 is
    kept, with its content type. Without a state, the response is built every time.
    """
    if state is None:
        return build()
    text = f"{conditional.etag(request, state)}|{request.build_absolute_uri('/')}"
    key = f"{prefix}:" + hashlib.sha256(text.encode()).hexdigest()[:32]
    if (found := cache.get(key)) is not None:
        content, headers = found
        return HttpResponse(content, headers=headers)
    response = build()
    if response.status_code == 200:
        kept = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        cache.set(key, (response.content, kept), CACHE_SECONDS)
    return response


def entry_id(entry) -> str:
    """The entry's permanent id in feeds: ``tag:<authority>,<created date>:entry-<pk>``."""
    created = entry.created_at.astimezone(UTC).date().isoformat()
    return f"tag:{settings.PRESSREVIEW_TAG_AUTHORITY},{created}:entry-{entry.pk}"


class AtomWithContent(Atom1Feed):
    """Atom with the item's full HTML in ``<content>`` rather than a ``<summary>``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("content", item["description"], {"type": "html"})


class FeedItems:
    """What one feed response shows: its subject and its entries, newest first.

    Each entry gets ``feed_url`` and ``feed_author_url``, its page's and its author's
    absolute addresses on the request's site (the feed object is shared by every request).
    ``found`` holds the entries' HTML already rendered for readers of this language
    (``variant``) by a page or another feed (:mod:`articles.stream.fragments`).
    """

    def __init__(self, subject, entries, base):
        self.subject, self.entries, self.variant = subject, entries, get_language()
        revisions = [(entry.pk, entry.revision) for entry in entries]
        found = fragments.cached_entries(revisions, self.variant)
        self.found = {pk: rendered.html for pk, rendered in found.items()}
        for entry in entries:
            entry.feed_url = base + entry.get_absolute_url()
            entry.feed_author_url = base + reverse("author_detail", args=[entry.author.username])


class EntryFeed(Feed):
    """The ``format`` ("atom" or "rss") feed of the stream ``subject(**url arguments)``."""

    description_template = "articles/_feed_item.html"
    item_guid_is_permalink = False

    def __init__(self, subject, format: str):
        self.subject, self.format = subject, format
        self.feed_type = AtomWithContent if format == "atom" else Rss201rev2Feed

    def __call__(self, request, **kwargs):
        try:
            subject = self.subject(**kwargs)
        except ObjectDoesNotExist as error:
            raise Http404(str(error) or "No such feed.") from None
        if tuple(kwargs.values()) != subject.args:  # /tags/Amazon/feed/ -> /tags/amazon/feed/
            return redirect(subject.feed_url(self.format), permanent=True)
        state = conditional.current_state(self.format, subject.key)
        build = partial(cached, "feeds", request, state, partial(self.build, request, subject))
        return conditional.respond(request, state, build)

    def build(self, request, subject) -> HttpResponse:
        entries = stream.in_order(subjects.newest(subject), sources=True)
        base = request.build_absolute_uri("/").rstrip("/")
        feed = self.get_feed(FeedItems(subject, entries, base), request)
        # One write: the feed writer's thousands of small writes are slow on a response.
        return HttpResponse(feed.writeString("utf-8"), content_type=self.feed_type.content_type)

    # The feed.
    def title(self, obj):
        return xml_text(obj.subject.title)

    def link(self, obj):
        return obj.subject.page_url

    def feed_url(self, obj):
        return obj.subject.feed_url(self.format)

    def description(self, obj):
        # RSS 2.0: the channel's description is HTML, its text must not be read as markup.
        return escape(xml_text(obj.subject.description))

    def subtitle(self, obj):
        # Atom: a text construct without ``type`` is plain text (the writer escapes it).
        return xml_text(obj.subject.description)

    def items(self, obj):
        return obj.entries

    # Its items.
    def item_title(self, entry):
        return xml_text(entry.title)

    def item_link(self, entry):
        return entry.feed_url

    def get_context_data(self, item, obj, **kwargs):
        return {"entry": item, "items": obj, "page_url": item.feed_url}

    def item_guid(self, entry):
        return entry_id(entry)

    def item_author_name(self, entry):
        return xml_text(entry.author.get_full_name() or entry.author.username)

    def item_author_link(self, entry):
        return entry.feed_author_url

    def item_pubdate(self, entry):
        return entry.published_at

    def item_updateddate(self, entry):
        return max(entry.updated_at, entry.published_at)

    def item_categories(self, entry):
        language = get_language()
        return [xml_text(tagging.tag.label(language)) for tagging in entry.tagged_items.all()]
