"""Feed links of a page (``<link rel="alternate">`` and the visible link), social previews,
the HTML of feed items."""

from django import template

from articles.feeds import social, subjects
from articles.feeds.views import feed_html

register = template.Library()
register.filter("feed_html", feed_html, is_safe=True)


# The stream a page shows, from the object of its context that it shows (never from the
# address alone: a 404 page has none, and links the whole stream's feeds only).
PAGE_STREAMS = {
    "tag_detail": ("tags", subjects.tags_stream),
    "source_detail": ("source", subjects.source_stream),
    "campaign_detail": ("campaign", subjects.campaign_stream),
    "post_detail": ("post", lambda post: subjects.campaign_stream(post.campaign)),
    "author_detail": ("author", subjects.author_stream),
}


@register.simple_tag(takes_context=True)
def page_feeds(context) -> list[dict]:
    """The feeds of the page, its own stream's first, each ``{title, atom, rss}``."""
    match = getattr(context.get("request"), "resolver_match", None)
    name, stream_of = PAGE_STREAMS.get(getattr(match, "url_name", None), (None, None))
    shown = context.get(name)
    streams = [stream_of(shown)] if shown else []
    streams.append(subjects.whole_stream())
    return [
        {"title": stream.title, "atom": stream.feed_url("atom"), "rss": stream.feed_url("rss")}
        for stream in streams
    ]


@register.inclusion_tag("articles/_social_meta.html", takes_context=True)
def social_meta(context, entry):
    url = context["request"].build_absolute_uri(entry.get_absolute_url())
    return {"meta": social.preview(entry, url, subjects.site_name())}
