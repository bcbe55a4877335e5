"""Atom and RSS 2.0 feeds of every stream (``django.contrib.syndication``).

Each stream of :mod:`articles.subjects` has two feeds, its page's address plus
``feed/atom/`` or ``feed/rss/``: ``/feed/atom/``, ``/tags/amazon+travail/feed/rss/``,
``/sources/<domain>/feed/atom/``, ``/campaigns/<slug>/feed/atom/``,
``/authors/<username>/feed/atom/``. A feed holds the ``FEED_SIZE`` newest published entries:
their ids come first from one narrow ordered query, which is also the feed's ``ETag`` (a
conditional request stops there with a 304), then the entries themselves with everything
their items show.

An item's id is a ``tag:`` URI (RFC 4151) made of the site's fixed authority, the entry's
creation date and its primary key: editing an entry never changes it. Its content is
built in one place, :func:`articles.feed_items.content_html`.
"""

import re
from datetime import UTC

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language

from . import conditional, subjects
from .feed_items import content_html, feed_entries

# Characters XML 1.0 cannot carry: Django's feed writer refuses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A site-relative href or src inside a tag (text never holds a bare "<": it is escaped).
_SITE_RELATIVE = re.compile(r'(<[a-zA-Z][^<>]*?\s(?:href|src)=")/(?!/)')


def xml_text(text) -> str:
    return _NOT_XML.sub("", str(text))


def entry_id(entry) -> str:
    """The entry's permanent id in feeds: ``tag:<authority>,<created date>:entry-<pk>``."""
    created = entry.created_at.astimezone(UTC).date().isoformat()
    return f"tag:{settings.PRESSREVIEW_TAG_AUTHORITY},{created}:entry-{entry.pk}"


def absolute_links(html: str, base: str) -> str:
    """``html`` with its site-relative ``href``/``src`` made absolute: feeds leave the site."""
    return _SITE_RELATIVE.sub(lambda match: f"{match.group(1)}{base}/", html)


class AtomWithContent(Atom1Feed):
    """Atom with the item's full HTML in ``<content>`` rather than a ``<summary>``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("content", item["description"], {"type": "html"})


class FeedItems:
    """What one feed response shows: its subject and its entries, newest first.

    Each entry gets ``feed_base``, the site's absolute address (the request's): the item
    methods only receive the entry, and the feed object is shared by every request.
    """

    def __init__(self, subject, entries, base):
        self.subject, self.entries = subject, entries
        for entry in entries:
            entry.feed_base = base


class EntryFeed(Feed):
    """The RSS feed of a stream; subclasses say which stream (:meth:`subject`)."""

    feed_type = Rss201rev2Feed
    format = "rss"

    def subject(self, **kwargs) -> subjects.Subject:
        raise NotImplementedError

    def __call__(self, request, **kwargs):
        try:
            subject = self.subject(**kwargs)
        except ObjectDoesNotExist as error:
            raise Http404(str(error) or "No such feed.") from None
        if tuple(kwargs.values()) != subject.args:  # /tags/Amazon/feed/ -> /tags/amazon/feed/
            return redirect(subject.feed_url(self.format), permanent=True)
        window = subjects.newest(subject)
        state = conditional.window_state(window, subject.key)
        return conditional.respond(request, state, lambda: self.response(request, subject, window))

    def response(self, request, subject, window) -> HttpResponse:
        entries = feed_entries([pk for pk, *_ in window])
        base = request.build_absolute_uri("/").rstrip("/")
        feed = self.get_feed(FeedItems(subject, entries, base), request)
        # One write: the feed writer's thousands of small writes are slow on a response.
        return HttpResponse(feed.writeString("utf-8"), content_type=feed.content_type)

    # The feed.
    def title(self, obj):
        return xml_text(obj.subject.title)

    def link(self, obj):
        return obj.subject.page_url

    def feed_url(self, obj):
        return obj.subject.feed_url(self.format)

    def description(self, obj):
        return xml_text(obj.subject.description)

    subtitle = description

    def items(self, obj):
        return obj.entries

    # Its items.
    def item_title(self, entry):
        return xml_text(entry.title)

    def item_description(self, entry):
        return xml_text(content_html(entry, entry.feed_base))

    def item_guid(self, entry):
        return entry_id(entry)

    item_guid_is_permalink = False

    def item_author_name(self, entry):
        return xml_text(entry.author_name)

    def item_author_link(self, entry):
        return entry.feed_base + entry.author_path

    def item_pubdate(self, entry):
        return entry.published_at

    def item_updateddate(self, entry):
        return max(entry.updated_at, entry.published_at)

    def item_categories(self, entry):
        language = get_language()
        return [xml_text(tag.label(language)) for tag in entry.tags]


class AtomFeedMixin:
    feed_type = AtomWithContent
    format = "atom"


class StreamFeed(EntryFeed):
    def subject(self):
        return subjects.whole_stream()


class TagFeed(EntryFeed):
    def subject(self, spec):
        return subjects.for_tags(spec)


class SourceFeed(EntryFeed):
    def subject(self, domain):
        return subjects.for_source(domain)


class CampaignFeed(EntryFeed):
    def subject(self, slug):
        return subjects.for_campaign(slug)


class AuthorFeed(EntryFeed):
    def subject(self, username):
        return subjects.for_author(username)


class StreamAtomFeed(AtomFeedMixin, StreamFeed):
    pass


class TagAtomFeed(AtomFeedMixin, TagFeed):
    pass


class SourceAtomFeed(AtomFeedMixin, SourceFeed):
    pass


class CampaignAtomFeed(AtomFeedMixin, CampaignFeed):
    pass


class AuthorAtomFeed(AtomFeedMixin, AuthorFeed):
    pass
