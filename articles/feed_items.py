"""The entries of a feed, read as plain rows, and the one place their HTML content is built.

A feed shows 50 entries with their tags, excerpts and numbered sources. Read through the
ORM's model instances (:func:`articles.stream.for_display`) that is about 900 objects and
most of a feed's time on a large review; read as tuples into :class:`FeedEntry`, it costs
a few milliseconds. Likewise the item content is built by :func:`content_html` with
``format_html`` (a Django template per item measured ~0.25 ms, a third of the budget).

Every text goes through :func:`text_html` (escaped, paragraphs): the one switch to the
stored, sanitised HTML of the markup pipeline when it lands.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from tags.models import Tag, TaggedEntry

from .models import Entry, Excerpt, PostSource
from .normalize import http_url

ENTRY_FIELDS = (
    "pk", "kind", "created_at", "published_at", "updated_at",
    "author__username", "author__first_name", "author__last_name",
    "presslink__title", "presslink__url", "presslink__commentary", "presslink__image_url",
    "presslink__source__name",
    "campaignpost__title", "campaignpost__lead", "campaignpost__body",
    "campaignpost__episode", "campaignpost__campaign__slug", "campaignpost__campaign__name",
)  # fmt: skip


@dataclass
class FeedEntry:
    """What a feed item shows of an entry (a press link or a campaign post)."""

    pk: int
    kind: str
    created_at: datetime
    published_at: datetime
    updated_at: datetime
    author_username: str
    author_name: str
    title: str
    path: str  # the permalink, site-relative
    article_url: str = ""
    commentary: str = ""
    image_url: str = ""
    source_name: str = ""
    campaign_name: str = ""
    campaign_path: str = ""
    episode: int = 0
    lead: str = ""
    body: str = ""
    excerpts: list[str] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    # (number, label, url, press link path, press link title, its source's name)
    sources: list[tuple] = field(default_factory=list)
    feed_base: str = ""  # the site's absolute address, set per request

    def get_absolute_url(self) -> str:
        return self.path


def _entry(row) -> FeedEntry:
    (pk, kind, created, published, updated, username, first, last,
     link_title, url, commentary, image, source, post_title, lead, body,
     episode, slug, campaign) = row  # fmt: skip
    common = {
        "pk": pk,
        "kind": kind,
        "created_at": created,
        "published_at": published,
        "updated_at": updated,
        "author_username": username,
        "author_name": f"{first} {last}".strip() or username,
    }
    if kind == Entry.Kind.LINK:
        return FeedEntry(
            **common,
            title=link_title,
            path=reverse("link_detail", args=[pk]),
            article_url=http_url(url),
            commentary=commentary,
            image_url=http_url(image),
            source_name=source or "",
        )
    return FeedEntry(
        **common,
        title=post_title,
        path=reverse("post_detail", args=[slug, episode]),
        campaign_name=campaign,
        campaign_path=reverse("campaign_detail", args=[slug]),
        episode=episode,
        lead=lead,
        body=body,
    )


def feed_entries(ids: list[int]) -> list[FeedEntry]:
    """The entries ``ids`` in that order, with tags, excerpts and sources: 3 or 4 queries."""
    rows = Entry.objects.filter(pk__in=ids).values_list(*ENTRY_FIELDS)
    entries = {row[0]: _entry(row) for row in rows}
    tags: dict[int, Tag] = {}
    taggings = (
        TaggedEntry.objects.filter(content_object_id__in=ids)
        .order_by("position", "pk")
        .values_list("content_object_id", "tag_id", "tag__name", "tag__labels")
    )
    for entry_id, tag_id, name, labels in taggings:
        tag = tags.get(tag_id) or tags.setdefault(tag_id, Tag(pk=tag_id, name=name, labels=labels))
        entries[entry_id].tags.append(tag)
    links = [pk for pk, entry in entries.items() if entry.kind == Entry.Kind.LINK]
    excerpts = Excerpt.objects.filter(link_id__in=links).order_by("position", "pk")
    for link_id, text in excerpts.values_list("link_id", "text"):
        entries[link_id].excerpts.append(text)
    posts = [pk for pk, entry in entries.items() if entry.kind == Entry.Kind.POST]
    if posts:
        sources = PostSource.objects.filter(post_id__in=posts).order_by("number")
        fields = ("post_id", "number", "label", "url", "press_link_id", "press_link__title")
        for post_id, number, label, url, link_id, link_title, source in sources.values_list(
            *fields, "press_link__source__name"
        ):
            path = reverse("link_detail", args=[link_id]) if link_id else ""
            entries[post_id].sources.append((number, label, url, path, link_title, source))
    return [entries[pk] for pk in ids if pk in entries]


def text_html(text: str) -> SafeString:
    """An excerpt, commentary, lead or body as HTML: escaped text in paragraphs."""
    return mark_safe(linebreaks(text, autoescape=True))


def _source_html(number, label, url, path, link_title, source) -> SafeString:
    if path:
        html = format_html('<a href="{}">{}</a>', path, link_title)
        return format_html("{} ({})", html, source) if source else html
    if http_url(url):
        return format_html('<a href="{}">{}</a>', http_url(url), label)
    return escape(label)


def content_html(entry: FeedEntry) -> SafeString:
    """The full content of a feed item: quotes, commentary, the article and its source, the
    image; for a post its campaign, lead, body and numbered sources. Links are site-relative
    (made absolute by the feed)."""
    parts = []
    if entry.kind == Entry.Kind.LINK:
        parts += [format_html("<blockquote>{}</blockquote>", text_html(t)) for t in entry.excerpts]
        if entry.commentary:
            parts.append(format_html("<div>{}</div>", text_html(entry.commentary)))
        if entry.article_url:
            link = format_html('<a href="{}">{}</a>', entry.article_url, entry.title)
            source = format_html(" ({})", entry.source_name) if entry.source_name else ""
            parts.append(format_html("<p>→ {}{}</p>", link, source))
        if entry.image_url:
            parts.append(format_html('<p><img src="{}" alt=""></p>', entry.image_url))
    else:
        episode = gettext("Episode %(number)s") % {"number": entry.episode}
        kicker = format_html('<a href="{}">{}</a>', entry.campaign_path, entry.campaign_name)
        parts.append(format_html("<p>{} · {}</p>", kicker, episode))
        if entry.lead:
            parts.append(format_html("<div>{}</div>", text_html(entry.lead)))
        parts.append(format_html("<div>{}</div>", text_html(entry.body)))
        if entry.sources:
            items = format_html_join(
                "\n",
                '<li value="{}">{}</li>',
                ((source[0], _source_html(*source)) for source in entry.sources),
            )
            heading = gettext("Sources and resources")
            parts.append(format_html("<h3>{}</h3>\n<ol>\n{}\n</ol>", heading, items))
    return mark_safe("\n".join(parts))
