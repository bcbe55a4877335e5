"""What a shared link to an entry previews on social networks (OpenGraph, Twitter cards).

Everything here is plain text: the template escapes it into ``content`` attributes. Stored
HTML is never put in an attribute, even sanitised.
"""

from html import unescape

from django.utils.html import strip_tags
from django.utils.text import Truncator

from ..models import Entry
from ..normalize import http_url

DESCRIPTION_CHARS = 200


def plain_text(text: str, chars: int = DESCRIPTION_CHARS) -> str:
    """``text`` on one line, white space collapsed, cut at ``chars`` with an ellipsis."""
    return Truncator(" ".join(str(text or "").split())).chars(chars)


def preview(entry: Entry, url: str, site_name: str) -> dict[str, str]:
    """The ``og:``/``twitter:`` properties of ``entry``, whose absolute address is ``url``."""
    if entry.kind == Entry.Kind.LINK:
        link = entry.presslink
        excerpts = list(link.excerpts.all())
        html = excerpts[0].html if excerpts else link.commentary_html
        image = http_url(link.image_url)
    else:
        post = entry.campaignpost
        html, image = post.lead_html or post.body_html, ""
    return {
        "title": plain_text(entry.title, 300),
        "description": plain_text(unescape(strip_tags(html or ""))),
        "url": url,
        "image": image,
        "site_name": site_name,
        "published": entry.published_at.isoformat() if entry.published_at else "",
        "card": "summary_large_image" if image else "summary",
    }
