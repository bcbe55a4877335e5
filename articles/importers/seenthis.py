"""The text export of a seenthis.net stream, as in ``../shared/seeds/seenthis-stream.txt``.

::

    • Title of the article                      <- a bullet opens an entry
        https://www.example.org/article         <- its URL (optional)

        A quoted paragraph.                     <- each paragraph is an excerpt
        Its second line.

        #Amazon #travail #santé (...)           <- tag lines: only hashtags
        ##santé                                 <- theme lines: only ``##`` hashtags
        https://img.example.org/photo.jpg       <- a last paragraph that is a URL: the image

Hashtags written inside paragraphs (``Le groupe #Casino, dont…``) are tags of the
entry too. Everything here is a pure function of the lines: no database.
"""

import re
from collections.abc import Iterable, Iterator
from itertools import groupby

from django.utils.translation import gettext as _

from articles.normalize import http_url
from tags.parser import find_hashtags, tags_in

from .base import ImportFormatError, ParsedLink

MAX_TITLE = 500

# A bullet at the start of a line (at most three spaces before it) opens an entry;
# the text of entries is indented further, so a "•" inside an excerpt is just text.
_BULLET_RE = re.compile(r"^ {0,3}•(?:\s+|$)(?P<title>.*)$")
_MORE_RE = re.compile(r"\(\s*(?:\.\.\.|…)\s*\)")
_HTML_RE = re.compile(r"^\s*<(?:!doctype|html|head|body|meta|dl|dt|a\s|\?xml|!--)", re.IGNORECASE)
_JSON_RE = re.compile(r"^\s*[\[{]\s*(?:\"|$)")


def is_tag_line(text: str) -> bool:
    """True when ``text`` holds hashtags and nothing else (but ``(...)``)."""
    if not text.lstrip().startswith("#"):
        return False
    hashtags = find_hashtags(text)
    for tag in reversed(hashtags):
        text = text[: tag.start] + text[tag.end :]
    return bool(hashtags) and not _MORE_RE.sub("", text).strip()


def _check_start(number: int, text: str) -> None:
    if _HTML_RE.match(text):
        message = _(
            "this is HTML, not a seenthis text export (browser bookmarks are imported as bookmarks)"
        )
    elif _JSON_RE.match(text):
        message = _("this is JSON, not a seenthis text export (a backup is imported as JSON)")
    else:
        message = _("text before the first entry: each entry of a seenthis export starts with “•”")
    raise ImportFormatError(number, message)


def build_entry(number: int, title: str, body: list[str]) -> ParsedLink:
    """The press link of one entry: its title line's number and text, the lines under it."""
    title = re.sub(r"[ \t]+", " ", title).strip(" \t")
    if not title:
        raise ImportFormatError(number, _("an entry without a title"))
    url = http_url(body[0]) if body else ""
    if url:
        body = body[1:]
    tag_lines: list[str] = []
    paragraphs: list[str] = []
    for blank, paragraph in groupby((text.strip() for text in body), key=lambda text: not text):
        text_lines = []
        for text in [] if blank else paragraph:
            (tag_lines if is_tag_line(text) else text_lines).append(text)
        if text_lines:
            paragraphs.append("\n".join(text_lines))
    image = http_url(paragraphs[-1]) if paragraphs else ""
    if image:
        paragraphs.pop()
    # The tags typed on tag and theme lines; those written inside the excerpts are
    # added when the entry is saved, as for an entry typed in the editor.
    return ParsedLink(
        line=number,
        title=title[:MAX_TITLE],
        url=url,
        image_url=image,
        excerpts=paragraphs,
        tags=tags_in(*tag_lines),
    )


def parse_seenthis(lines: Iterable[tuple[int, str]]) -> Iterator[ParsedLink]:
    """Each entry of a seenthis text export (``(number, text)`` lines), in file order."""
    title_number: int | None = None
    title = ""
    body: list[str] = []
    for number, text in lines:
        match = _BULLET_RE.match(text)
        if match:
            if title_number is not None:
                yield build_entry(title_number, title, body)
            title_number, title, body = number, match.group("title"), []
        elif title_number is not None:
            body.append(text)
        elif text.strip():
            _check_start(number, text)
    if title_number is None:
        raise ImportFormatError(None, _("no entry found: each entry starts with “•”"))
    yield build_entry(title_number, title, body)
