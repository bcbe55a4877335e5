"""What a shared link to an entry previews on social networks (OpenGraph, Twitter cards).

Everything here is plain text: the template escapes it into ``content`` attributes. Stored
HTML is never put in an attribute, even sanitised.
"""

from django.utils.text import Truncator

from .models import Entry
from .normalize import http_url

DESCRIPTION_CHARS = 200


def plain_text(text: str, chars: int = DESCRIPTION_CHARS) -> str:
    """``text`` on one line, white space collapsed, cut at ``chars`` with an ellipsis."""
    return Truncator(" ".join(str(text or "").split())).chars(chars)


def preview(entry: Entry, url: str, site_name: str) -> dict[str, str]:
    """The ``og:``/``twitter:`` properties of ``entry``, whose absolute address is ``url``."""
    if entry.kind == Entry.Kind.LINK:
        link = entry.presslink
        excerpts = list(link.excerpts.all())
        text = excerpts[0].text if excerpts else link.commentary
        image = http_url(link.image_url)
    else:
        post = entry.campaignpost
        text, image = post.lead or post.body, ""
    return {
        "title": plain_text(entry.title, 300),
        "description": plain_text(text),
        "url": url,
        "image": image,
        "site_name": site_name,
        "published": entry.published_at.isoformat() if entry.published_at else "",
        "card": "summary_large_image" if image else "summary",
    }
