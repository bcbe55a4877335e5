"""Feed links of a page (``<link rel="alternate">`` and the visible link), social previews,
the HTML of feed items."""

from django import template
from django.urls import reverse

from articles.feeds import social, subjects
from articles.feeds.views import feed_html

register = template.Library()
register.filter("feed_html", feed_html, is_safe=True)


def _specific_feed(url_name: str, context) -> tuple[str, list, str] | None:
    """``(kind, args, name)`` of the stream a page shows, from the objects it shows.

    Built from the page's context, never from the address alone: a 404 page has none of
    them, and links the whole stream's feeds only.
    """
    if url_name == "tag_detail" and context.get("tags"):
        tags = context["tags"]
        name = " + ".join(f"#{tag.label()}" for tag in tags)
        return "tag", ["+".join(tag.slug for tag in tags)], name
    if url_name == "source_detail" and context.get("source"):
        return "source", [context["source"].domain], context["source"].name
    if url_name == "campaign_detail" and context.get("campaign"):
        return "campaign", [context["campaign"].slug], context["campaign"].name
    if url_name == "post_detail" and context.get("post"):
        campaign = context["post"].campaign
        return "campaign", [campaign.slug], campaign.name
    if url_name == "author_detail" and context.get("author"):
        author = context["author"]
        return "author", [author.username], author.get_full_name() or author.username
    return None


@register.simple_tag(takes_context=True)
def page_feeds(context) -> list[dict]:
    """The feeds of the page, its own stream's first, each ``{title, atom, rss}``."""
    match = getattr(context.get("request"), "resolver_match", None)
    site = subjects.site_name()
    feeds = [(site, "stream", [])]
    specific = _specific_feed(match.url_name, context) if match else None
    if specific is not None:
        kind, args, name = specific
        feeds.insert(0, (f"{name} · {site}", kind, args))
    return [
        {
            "title": title,
            "atom": reverse(f"{kind}_feed_atom", args=args),
            "rss": reverse(f"{kind}_feed_rss", args=args),
        }
        for title, kind, args in feeds
    ]


@register.inclusion_tag("articles/_social_meta.html", takes_context=True)
def social_meta(context, entry):
    url = context["request"].build_absolute_uri(entry.get_absolute_url())
    return {"meta": social.preview(entry, url, subjects.site_name())}
