"""Feed links of a page (``<link rel="alternate">`` and the visible link), social previews,
the HTML of feed items."""

from django import template

from articles.feeds import social, subjects
from articles.feeds.views import feed_html

register = template.Library()
register.filter("feed_html", feed_html, is_safe=True)


def _page_stream(url_name: str, context) -> subjects.Subject | None:
    """The stream a page shows, from the objects it shows.

    Built from the page's context, never from the address alone: a 404 page has none of
    them, and links the whole stream's feeds only.
    """
    if url_name == "tag_detail" and context.get("tags"):
        return subjects.tags_stream(context["tags"])
    if url_name == "source_detail" and context.get("source"):
        return subjects.source_stream(context["source"])
    if url_name == "campaign_detail" and context.get("campaign"):
        return subjects.campaign_stream(context["campaign"])
    if url_name == "post_detail" and context.get("post"):
        return subjects.campaign_stream(context["post"].campaign)
    if url_name == "author_detail" and context.get("author"):
        return subjects.author_stream(context["author"])
    return None


@register.simple_tag(takes_context=True)
def page_feeds(context) -> list[dict]:
    """The feeds of the page, its own stream's first, each ``{title, atom, rss}``."""
    match = getattr(context.get("request"), "resolver_match", None)
    streams = [_page_stream(match.url_name, context) if match else None, subjects.whole_stream()]
    return [
        {"title": stream.title, "atom": stream.feed_url("atom"), "rss": stream.feed_url("rss")}
        for stream in streams
        if stream is not None
    ]


@register.inclusion_tag("articles/_social_meta.html", takes_context=True)
def social_meta(context, entry):
    url = context["request"].build_absolute_uri(entry.get_absolute_url())
    return {"meta": social.preview(entry, url, subjects.site_name())}
