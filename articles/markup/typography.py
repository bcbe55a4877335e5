"""Text and URL helpers of :mod:`articles.markup`: French spacing, bare URLs, link rel.

French sets a thin no-break space (U+202F) before ``? ! ;``, a no-break space (U+00A0)
before ``:`` and inside ``« »``. :func:`space_french` turns the ordinary space typed there
into the right one, or adds it when the mark is glued to a word. It never touches URLs,
Markdown's placeholders (``\\x02…\\x03``), times and ratios (``12:30``, ``3:1``), or a space
the author already typed as a no-break space.
"""

import html
import re
from bisect import bisect_right
from xml.etree.ElementTree import Element

from bleach.html5lib_shim import Filter
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from articles.normalize import http_url
from tags.parser import trim_end

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"

# What a URL is made of, shared with the autolinker and the hashtag preprocessor of
# articles.markup: no white space, no markup delimiters, no typographic quotes.
URL_CHARS = '[^\\s<>"«»“”‘’`\\x00-\\x1f\\x7f]'
# http(s)://, ftp://, mailto:, www. URLs (and a few non-URLs like "hailto:": this only keeps
# text as it is). A character class first lets the regex engine skip ahead fast.
URL_RE = re.compile(rf"[hHfFmMwW](?:(?i:ttps?|tp|ailto):|(?i:ww)\.){URL_CHARS}+")

_TRIGGERS_RE = re.compile("[?!;:«»]")
# Kept as they are: Markdown's placeholders (with the character reference its "&"
# placeholder starts), character references, URLs.
_KEPT_RE = re.compile(f"\x02[^\x03]*\x03(?:#?\\w+;)?|&#?\\w+;|{URL_RE.pattern}", re.IGNORECASE)
# What every match of _KEPT_RE holds: a text without it has nothing to keep (most of them).
_MAYBE_KEPT_RE = re.compile(r"[\x02&]|(?i:tps?:|ailto:|ww\.)")
_GLUED_AFTER = ")]»…"  # besides a word: "(merci)!", "…?"
_FOLLOWING_QM = '?!.,…»)]"”’'  # what may follow "?" or "!" ("?!", "!)", "?»")
_SPACES = " \t"  # ordinary spaces: a no-break space typed by the author stays
_SKIPPED_TAGS = frozenset({"code", "pre"})


def _spaces_before(text: str, index: int) -> int:
    """Where the run of ordinary spaces ending at ``index`` starts."""
    while index > 0 and text[index - 1] in _SPACES:
        index -= 1
    return index


def _space_before(text: str, index: int, space: str) -> tuple[int, int, str] | None:
    """Replace the spaces before the mark at ``index`` by ``space``, or add it if glued."""
    start = _spaces_before(text, index)
    if start < index:
        return start, index, space
    previous = text[index - 1] if index else " "
    if previous.isalnum() or previous == "_" or previous in _GLUED_AFTER:
        return index, index, space
    return None


def _edit(text: str, index: int) -> tuple[int, int, str] | None:
    """The change French spacing makes around the mark at ``index``: (start, end, spaces)."""
    mark, following = text[index], text[index + 1 : index + 2]
    ends_clause = not following or following.isspace()
    # "12:30", "3:1", ":)" are no clause ends; "?!", "!)", "?»" are
    if mark in "?!;:" and (ends_clause or (mark in "?!" and following in _FOLLOWING_QM)):
        return _space_before(text, index, NBSP if mark == ":" else NARROW_NBSP)
    if mark == "«" and following and following != "»":
        end = index + 1
        while end < len(text) and text[end] in _SPACES:
            end += 1
        return (index + 1, end, NBSP) if end > index + 1 or not following.isspace() else None
    if mark == "»" and index:
        start = _spaces_before(text, index)
        glued = start == index and not text[index - 1].isspace() and text[index - 1] != "«"
        return (start, index, NBSP) if start < index or glued else None
    return None


def space_french(text: str) -> str:
    """``text`` with French no-break spaces, URLs and placeholders left as they are."""
    if not text or not _TRIGGERS_RE.search(text):
        return text
    kept = list(_KEPT_RE.finditer(text)) if _MAYBE_KEPT_RE.search(text) else []
    kept_starts = [match.start() for match in kept]  # in order, never overlapping
    parts, position = [], 0
    for match in _TRIGGERS_RE.finditer(text):
        index = match.start()
        before = bisect_right(kept_starts, index) - 1
        if before >= 0 and index < kept[before].end():
            continue
        edit = _edit(text, index)
        if edit is None or edit[0] < position:  # never two changes on one run of spaces
            continue
        start, end, space = edit
        parts += [text[position:start], space]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def space_french_tree(element: Element) -> None:
    """Apply :func:`space_french` to the text below ``element``, outside code."""
    if element.tag in _SKIPPED_TAGS:
        return
    if element.text:
        element.text = space_french(element.text)
    for child in element:
        space_french_tree(child)
        if child.tail:
            child.tail = space_french(child.tail)


# Not right after a word, "=", "/", "<" (a Markdown autolink), "@", "&"...
BARE_URL_RE = rf"(?i)(?<![\w=/<@\\&.+-])https?://{URL_CHARS}+"
_INSIDE_HTML_TAG_RE = re.compile(r"<[A-Za-z/!][^<>]*\Z")  # '<a href="https://…'
_URL_TRAILING = ".,;:!?'\"*_~"  # the punctuation of the sentence around a URL


class BareUrlProcessor(InlineProcessor):
    """``https://…`` in running text → a link showing the URL (never inside another link)."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, m: re.Match, data: str):
        if _INSIDE_HTML_TAG_RE.search(data, 0, m.start(0)):  # raw HTML: bleach's business
            return None, None, None
        written = trim_end(m.group(0), _URL_TRAILING, {")": "(", "]": "["})
        url = http_url(html.unescape(written))
        if not url:
            return None, None, None
        link = Element("a", {"href": url})
        link.text = AtomicString(url)
        return link, m.start(0), m.start(0) + len(written)


# What browsers drop from a URL before they read it: white space and control characters.
_URL_NOISE_RE = re.compile(r"[\x00-\x20\x7f-\xa0\s]+")
_SCHEME_RE = re.compile(r"([a-z][a-z0-9+.-]*):")
_INTERNAL_HREF_RE = re.compile(r"#|/(?![/\\])")  # a fragment or a path, not "//host"


def browser_url(value: str) -> str:
    """``value`` with character references decoded (again and again) and noise removed."""
    for _ in range(4):
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    return _URL_NOISE_RE.sub("", value)


def url_scheme(value: str) -> str:
    """The scheme a browser could read in ``value``, lower case; ``""`` for a relative URL."""
    match = _SCHEME_RE.match(browser_url(value).lower())
    return match.group(1) if match else ""


def is_internal_href(href: str) -> bool:
    """A fragment (``#source-3``) or a path of this site (``/tags/amazon/``)."""
    return bool(_INTERNAL_HREF_RE.match(browser_url(href)))


EXTERNAL_REL = "nofollow noopener ugc"


class LinkRelFilter(Filter):
    """``rel="nofollow noopener ugc"`` on links leaving the site, only ``rel="tag"`` inside;
    attributes in alphabetical order, so the same input always gives the same HTML."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag"):
                if token["name"] == "a":
                    _set_rel(token["data"])
                if len(token["data"]) > 1:
                    token["data"] = dict(sorted(token["data"].items()))
            yield token


def _set_rel(attributes: dict) -> None:
    rel = attributes.pop((None, "rel"), None)
    href = attributes.get((None, "href"))
    if href is None:
        return
    if not is_internal_href(href):
        attributes[(None, "rel")] = EXTERNAL_REL
    elif rel == "tag":
        attributes[(None, "rel")] = rel


# The commonest words of each language: enough to tell an English excerpt from a French one.
_FRENCH_WORDS = frozenset(
    re.findall(
        r"\S+",
        "le la les des du un une et est sont que qui pour dans pas sur au aux ce cette ces il"
        " elle ils nous vous ne avec son sa ses leur leurs mais ou par plus été être",
    )
)
_ENGLISH_WORDS = frozenset(
    re.findall(
        r"\S+",
        "the and of to is are was were that for it with on this be by as not have has from"
        " they we you he she which their but or an",
    )
)
_WORD_RE = re.compile(r"[^\W\d_]+")


def text_language(text: str, default: str = "fr") -> str:
    """``"en"`` when ``text`` reads as English, else ``default`` (French typography)."""
    french = english = 0
    for match in _WORD_RE.finditer(text[:2000].lower()):
        word = match.group()
        french += word in _FRENCH_WORDS
        english += word in _ENGLISH_WORDS
    return "en" if english > french else default
