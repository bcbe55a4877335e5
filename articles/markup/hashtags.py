"""Hashtags in the markup of :mod:`articles.markup`: found before Markdown, linked after.

A hashtag is swapped for a placeholder before Markdown reads the text (so that a line
starting with ``#Amazon`` is no heading, and ``#tag_with_underscores`` no emphasis), and
the placeholder becomes a link to the tag's page once Markdown has built its tree (or the
hashtag as written, inside code, links and attributes).
"""

import html
import re
import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING

from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from articles.markup.sanitiser import HIGHLIGHT_COLOURS
from articles.markup.typography import URL_RE
from tags.links import tag_url
from tags.parser import Hashtag, find_hashtags

if TYPE_CHECKING:
    from articles.markup import PressMarkupExtension

_COLOURS = "|".join(HIGHLIGHT_COLOURS)
_TAG_MARK = "\x02tag:{}\x03"
_TAG_MARK_RE = re.compile("\x02tag:(\\d+)\x03")
_NO_LINK_TAGS = frozenset({"a", "code", "pre"})


class _WithState:
    """A Markdown processor that reads and writes the state of the document being rendered."""

    def __init__(self, *args, state: "PressMarkupExtension") -> None:
        super().__init__(*args)
        self.state = state


# Where a "#" is no hashtag even if the parser would read one: URLs, link targets
# ("[x](#top)"), reference definitions ("[x]: #top"). Apart, each regex is fast.
_NOT_HASHTAGS = (
    URL_RE,
    re.compile(r"\]\(\s*<?[^)\s]*"),
    re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\S+", re.M),
)
_HIGHLIGHT_TAG_RE = re.compile(rf"\[/?(?:{_COLOURS})\]", re.IGNORECASE)


class HashtagPreprocessor(_WithState, Preprocessor):
    """Swap each hashtag for a placeholder before Markdown reads the text."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "#" not in text:
            return lines
        # Highlight tags and "*" as spaces, the boundary the parser knows: "**#Amazon**".
        spaced = text.replace("*", " ")
        found = find_hashtags(_HIGHLIGHT_TAG_RE.sub(lambda match: " " * len(match[0]), spaced))
        if not found:
            return lines
        excluded = [match.span() for regex in _NOT_HASHTAGS for match in regex.finditer(text)]
        parts, position = [], 0
        for tag in found:
            if any(start < tag.end and tag.start < end for start, end in excluded):
                continue
            parts += [text[position : tag.start], _TAG_MARK.format(len(self.state.hashtags))]
            self.state.hashtags.append((tag, text[tag.start : tag.end]))
            position = tag.end
        parts.append(text[position:])
        return "".join(parts).split("\n")


def tag_href(key: str) -> str | None:
    """The URL of the page of the tag ``key``; None when no URL can name it: a tag's part
    of the URL holds no "/", and "+" joins tags there."""
    return tag_url(key) if key and "/" not in key and "+" not in key else None


def hashtag_link(tag: Hashtag, language: str) -> etree.Element | None:
    """``<a class="hashtag" href="/tags/<key>/" rel="tag">#label</a>``, or None if no URL.

    The label is the tag's in ``language`` when it has one, else its name."""
    href = tag_href(tag.key)
    if href is None:
        return None
    label = tag.labels.get(language.replace("_", "-").split("-")[0].lower()) or tag.name
    link = etree.Element("a", {"class": "hashtag", "href": href, "rel": "tag"})
    link.text = AtomicString("#" + label)
    return link


# Past this many links in one text, hashtags stay as written: each link costs the sanitiser
# its work, and no review writes thousands of them (bench/markup_worst.py, family "#a ").
MAX_LINKS = 500


class HashtagTreeprocessor(_WithState, Treeprocessor):
    """Placeholders become tag links in text, and the hashtag as written elsewhere."""

    linked = 0

    def run(self, root: etree.Element) -> None:
        if self.state.hashtags:
            self.linked = 0
            self.visit(root, linkable=True)

    def visit(self, element: etree.Element, linkable: bool) -> None:
        linkable = linkable and element.tag not in _NO_LINK_TAGS
        for name, value in element.items():
            if "\x02tag:" in value:
                element.set(name, self.restore(value))
        element.text, children = self.link(element.text, linkable)
        for child in list(element):
            self.visit(child, linkable)
            child.tail, links = self.link(child.tail, linkable)
            children += [child, *links]
        element[:] = children  # the links in place: linear in the children

    def restore(self, text: str) -> str:
        return _TAG_MARK_RE.sub(self.state.written_hashtag, text)

    def link(self, text: str | None, linkable: bool) -> tuple[str | None, list[etree.Element]]:
        """The text before the first link, and the links carrying the rest as tails."""
        if not text or "\x02tag:" not in text:
            return text, []
        if not linkable:
            return self.restore(text), []
        pieces = _TAG_MARK_RE.split(text)
        head, links = pieces[0], []
        for index, after in zip(pieces[1::2], pieces[2::2], strict=True):
            tag, written = self.state.hashtags[int(index)]
            link = None
            if self.linked < MAX_LINKS:
                link = hashtag_link(tag, self.state.language)
            if link is None:
                if links:
                    links[-1].tail = (links[-1].tail or "") + written + after
                else:
                    head += written + after
                continue
            link.tail = after
            links.append(link)
            self.linked += 1
        return head, links


class HashtagLeftoverPostprocessor(_WithState, Postprocessor):
    """A hashtag inside raw HTML (an attribute...) comes back as written."""

    def run(self, text: str) -> str:
        return _TAG_MARK_RE.sub(lambda match: html.escape(self.state.written_hashtag(match)), text)
