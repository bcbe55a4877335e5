"""The markup of excerpts, commentary and campaign posts, rendered to safe HTML.

Activists write Markdown (paragraphs, emphasis, lists, links, blockquotes, footnotes; one
line break is one ``<br>``; no headings) plus four things of their own:

* hashtags (``#Amazon``, ``##santé``, ``#[fr]…[en]…``, read by :mod:`tags.parser`) link to
  their tag page;
* ``[rouge]…[/rouge]`` (and ``vert``, ``bleu``, ``orange``) highlights a passage;
* ``[3]`` cites source 3 of a campaign post, when the post has such a source;
* bare ``http(s)://`` URLs are links.

French texts get French no-break spaces (:mod:`articles.markup_typography`). The HTML is
then sanitised by one bleach :class:`~bleach.sanitizer.Cleaner` with explicit allow-lists,
and links leaving the site get ``rel="nofollow noopener ugc"``.
"""

import html
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Mapping

import markdown
from bleach.sanitizer import Cleaner
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from articles.markup_typography import (
    URL_RE,
    BareUrlProcessor,
    FrenchSpacingTreeprocessor,
    LinkRelFilter,
    url_scheme,
)
from articles.normalize import http_url
from tags.parser import Hashtag, find_hashtags

HIGHLIGHT_COLOURS = ("rouge", "vert", "bleu", "orange")
_COLOURS = "|".join(HIGHLIGHT_COLOURS)
HIGHLIGHT_NESTING = 3  # [rouge]…[vert]…[bleu]…[/bleu]…[/vert]…[/rouge]
BACKLINK_TITLES = {"fr": "Revenir à l’appel de note {}", "en": "Back to footnote {} in the text"}

# --- Sanitising --------------------------------------------------------------------------

_TAG_NAMES = "p br em strong a blockquote ul ol li mark code pre sup sub hr del ins s div span img"
ALLOWED_TAGS = frozenset(_TAG_NAMES.split())
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel", "id", "class"},
    "img": {"src", "alt", "title"},
    "div": {"id", "class"},
    "sup": {"id", "class"},
    "li": {"id", "class"},
    "ol": {"class", "start"},
    "mark": {"class"},
    "span": {"class"},
}
ALLOWED_CLASSES = frozenset(
    {"hashtag", "ref", "hl", "footnote", "footnote-ref", "footnote-backref"}
    | {f"hl-{colour}" for colour in HIGHLIGHT_COLOURS}
)
# Only the ids this module and the footnotes extension write: no clobbering of page ids.
_ID_RE = re.compile(r"(?:fn(?:ref\d*)?:[\w.-]+|ref-\d+(?:-\d+)?)\Z")
_VALUE_CHECKS = {
    "class": lambda value: bool(value.split()) and set(value.split()) <= ALLOWED_CLASSES,
    "id": lambda value: bool(_ID_RE.match(value)),
    "href": lambda value: url_scheme(value) in ALLOWED_PROTOCOLS | {""},
    "src": lambda value: url_scheme(value) in {"http", "https"} and bool(http_url(value)),
    "start": lambda value: value.isdigit() and len(value) < 7,
}


def allowed_attribute(tag: str, name: str, value: str) -> bool:
    """Whether bleach keeps attribute ``name="value"`` on ``<tag>``."""
    if name not in ALLOWED_ATTRIBUTES.get(tag, ()):
        return False
    check = _VALUE_CHECKS.get(name)
    return check is None or check(html.unescape(value))


# Built once. bleach's cleaner keeps parser state while it works, so calls take turns.
CLEANER = Cleaner(
    tags=ALLOWED_TAGS,
    attributes=allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=False,
    strip_comments=True,
    filters=[LinkRelFilter],
)
_CLEANER_LOCK = threading.Lock()


def sanitise(text: str) -> str:
    """``text`` (HTML) through :data:`CLEANER`, one thread at a time."""
    with _CLEANER_LOCK:
        return CLEANER.clean(text)


# --- Markdown: per-document state ---------------------------------------------------------

_TAG_MARK = "\x02tag:{}\x03"
_TAG_MARK_RE = re.compile("\x02tag:(\\d+)\x03")
_NO_LINK_TAGS = frozenset({"a", "code", "pre"})


class _WithState:
    """A Markdown processor that reads and writes the state of the document being rendered."""

    def __init__(self, *args, state: "PressMarkupExtension") -> None:
        super().__init__(*args)
        self.state = state


class PressMarkupExtension(Extension):
    """Hashtags, highlights, source references, bare URLs, no headings, French spacing."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: frozenset[int] = frozenset()
        self.language = "fr"
        self.reset()

    def reset(self) -> None:
        self.hashtags: list[tuple[Hashtag, str]] = []  # each with its text as written
        self.cited: set[int] = set()

    @property
    def is_french(self) -> bool:
        return self.language.lower().startswith("fr")

    def written_hashtag(self, match: re.Match) -> str:
        return self.hashtags[int(match.group(1))][1]

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.registerExtension(self)
        md.parser.blockprocessors.deregister("hashheader")  # "#Amazon #travail" is no heading
        md.parser.blockprocessors.deregister("setextheader")  # no <h1>/<h2> by underlining
        md.preprocessors.register(HashtagPreprocessor(md, state=self), "hashtags", 15)
        for depth in range(HIGHLIGHT_NESTING):
            md.inlinePatterns.register(
                HighlightProcessor(HIGHLIGHT_RE, md), f"hl{depth}", 166 - depth
            )
        md.inlinePatterns.register(BareUrlProcessor(md), "bare_url", 129)
        md.inlinePatterns.register(
            SourceRefProcessor(SOURCE_REF_RE, md, state=self), "source_ref", 128
        )
        md.treeprocessors.register(HashtagTreeprocessor(md, state=self), "hashtags", 13)
        md.treeprocessors.register(RefIdTreeprocessor(md), "ref_ids", 12)
        spacing = FrenchSpacingTreeprocessor(md, is_french=lambda: self.is_french)
        md.treeprocessors.register(spacing, "french_spacing", 11)
        md.postprocessors.register(HashtagLeftoverPostprocessor(md, state=self), "hashtags", 26)


# --- Hashtags -----------------------------------------------------------------------------

# Where a "#" is no hashtag even if the parser would read one: URLs, link targets
# ("[x](#top)"), reference definitions ("[x]: #top"). Apart, each regex is fast.
_NOT_HASHTAGS = (
    URL_RE,
    re.compile(r"\]\(\s*<?[^)\s]*"),
    re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\S+", re.M),
)
_HIGHLIGHT_TAG_RE = re.compile(rf"\[/?(?:{_COLOURS})\]", re.IGNORECASE)


def _as_tag_boundaries(text: str) -> str:
    """Highlight tags and "*" as spaces, the boundary the parser knows: "**#Amazon**"."""
    text = text.replace("*", " ")
    return _HIGHLIGHT_TAG_RE.sub(lambda match: " " * len(match.group()), text)


class HashtagPreprocessor(_WithState, Preprocessor):
    """Swap each hashtag for a placeholder before Markdown reads the text."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "#" not in text:
            return lines
        excluded = [match.span() for regex in _NOT_HASHTAGS for match in regex.finditer(text)]
        parts, position = [], 0
        for tag in find_hashtags(_as_tag_boundaries(text)):
            if any(start < tag.end and tag.start < end for start, end in excluded):
                continue
            parts += [text[position : tag.start], _TAG_MARK.format(len(self.state.hashtags))]
            self.state.hashtags.append((tag, text[tag.start : tag.end]))
            position = tag.end
        parts.append(text[position:])
        return "".join(parts).split("\n")


def hashtag_label(tag: Hashtag, language: str) -> str:
    """The tag as shown: its label in ``language`` when it has one, else its name."""
    return tag.labels.get(language.replace("_", "-").split("-")[0].lower()) or tag.name


def hashtag_link(tag: Hashtag, language: str) -> etree.Element | None:
    """``<a class="hashtag" href="/tags/<key>/" rel="tag">#label</a>``, or None if no URL."""
    if "+" in tag.key:  # "+" joins tags in a tag URL: such a tag has no page of its own
        return None
    try:
        href = reverse("tag_detail", args=[tag.key])
    except NoReverseMatch:
        return None
    link = etree.Element("a", {"class": "hashtag", "href": href, "rel": "tag"})
    link.text = AtomicString("#" + hashtag_label(tag, language))
    return link


class HashtagTreeprocessor(_WithState, Treeprocessor):
    """Placeholders become tag links in text, and the hashtag as written elsewhere."""

    def run(self, root: etree.Element) -> None:
        if self.state.hashtags:
            self.visit(root, linkable=True)

    def visit(self, element: etree.Element, linkable: bool) -> None:
        linkable = linkable and element.tag not in _NO_LINK_TAGS
        for name, value in element.items():
            element.set(name, self.restore(value))
        if element.text and "\x02tag:" in element.text:
            if linkable:
                element.text, links = self.link(element.text)
                for index, link in enumerate(links):
                    element.insert(index, link)
            else:
                element.text = self.restore(element.text)
        for child in list(element):
            self.visit(child, linkable)
            if child.tail and "\x02tag:" in child.tail:
                if linkable:
                    child.tail, links = self.link(child.tail)
                    index = list(element).index(child) + 1
                    for offset, link in enumerate(links):
                        element.insert(index + offset, link)
                else:
                    child.tail = self.restore(child.tail)

    def restore(self, text: str) -> str:
        return _TAG_MARK_RE.sub(self.state.written_hashtag, text)

    def link(self, text: str) -> tuple[str, list[etree.Element]]:
        """The text before the first link, and the links carrying the rest as tails."""
        pieces = _TAG_MARK_RE.split(text)
        head, links = pieces[0], []
        for index, after in zip(pieces[1::2], pieces[2::2], strict=True):
            tag, written = self.state.hashtags[int(index)]
            link = hashtag_link(tag, self.state.language)
            if link is None:
                if links:
                    links[-1].tail = (links[-1].tail or "") + written + after
                else:
                    head += written + after
                continue
            link.tail = after
            links.append(link)
        return head, links


class HashtagLeftoverPostprocessor(_WithState, Postprocessor):
    """A hashtag inside raw HTML (an attribute...) comes back as written."""

    def run(self, text: str) -> str:
        return _TAG_MARK_RE.sub(lambda match: html.escape(self.state.written_hashtag(match)), text)


# --- Highlights, source references ---------------------------------------------

# An innermost highlight: nothing that opens or closes a highlight inside it. Each nesting
# level is one more pass, so crossed or unclosed tags never pair and stay as written.
HIGHLIGHT_RE = rf"(?i)\[({_COLOURS})\]((?:(?!\[/?(?:{_COLOURS})\]).)+?)\[/\1\]"
SOURCE_REF_RE = r"(?<![!\\])\[([1-9][0-9]{0,3})\](?!\()"


class HighlightProcessor(InlineProcessor):
    """``[rouge]…[/rouge]`` → ``<mark class="hl hl-rouge">…</mark>``; inner Markdown works."""

    def handleMatch(self, m: re.Match, data: str):
        mark = etree.Element("mark", {"class": f"hl hl-{m.group(1).lower()}"})
        mark.text = m.group(2)
        return mark, m.start(0), m.end(0)


class SourceRefProcessor(_WithState, InlineProcessor):
    """``[3]`` → a link to source 3 when the post has one; otherwise it stays ``[3]``."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, m: re.Match, data: str):
        number = int(m.group(1))
        self.state.cited.add(number)
        if number not in self.state.sources:
            return None, None, None
        link = etree.Element("a", {"class": "ref", "href": f"#source-{number}"})
        link.text = AtomicString(f"[{number}]")
        return link, m.start(0), m.end(0)


class RefIdTreeprocessor(Treeprocessor):
    """``id="ref-3"`` on the first citation of source 3, ``ref-3-2``, ``ref-3-3``… after."""

    def run(self, root: etree.Element) -> None:
        seen: dict[str, int] = {}
        for link in root.iter("a"):
            if link.get("class") == "ref":
                number = link.get("href").removeprefix("#source-")
                seen[number] = seen.get(number, 0) + 1
                suffix = f"-{seen[number]}" if seen[number] > 1 else ""
                link.set("id", f"ref-{number}{suffix}")


# --- One Markdown per thread, and the public functions ------------------------------------

_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_local = threading.local()


def _markdown() -> tuple[markdown.Markdown, PressMarkupExtension, FootnoteExtension]:
    if not hasattr(_local, "markdown"):
        press, footnotes = PressMarkupExtension(), FootnoteExtension()
        md = markdown.Markdown(
            extensions=["sane_lists", "nl2br", footnotes, press], output_format="html"
        )
        _local.markdown = (md, press, footnotes)
    return _local.markdown


def source_numbers(sources: Mapping | Iterable | None) -> frozenset[int]:
    """The numbers of ``sources``: keys with a truthy value of a mapping, or the items."""
    if not sources:
        return frozenset()
    pairs = sources.items() if isinstance(sources, Mapping) else ((item, True) for item in sources)
    numbers = set()
    for key, value in pairs:
        try:
            number = int(key)
        except (TypeError, ValueError):
            continue
        if value:
            numbers.add(number)
    return frozenset(numbers)


def _convert(text: str, sources, language: str) -> tuple[str, PressMarkupExtension]:
    """Markdown's HTML for ``text`` (not sanitised yet), and the state it left."""
    md, press, footnotes = _markdown()
    md.reset()
    press.sources = sources
    press.language = language or ""
    footnotes.setConfig("BACKLINK_TITLE", BACKLINK_TITLES["fr" if press.is_french else "en"])
    return md.convert(_CONTROL_RE.sub("", text)), press


def render_markup(text: str, *, sources=None, language: str = "fr") -> SafeString:
    """``text`` as sanitised HTML, ``[N]`` linked when ``sources`` holds N."""
    if not text:
        return mark_safe("")
    rendered, _press = _convert(text, source_numbers(sources), language)
    return mark_safe(sanitise(rendered))


def references_in(text: str) -> list[int]:
    """The source numbers ``text`` cites as ``[N]``, sorted, each once."""
    if not text:
        return []
    _rendered, press = _convert(text, frozenset(), "")  # every [N] is noted, even unlinked
    return sorted(press.cited)


def missing_references(text: str, sources) -> list[int]:
    """The numbers ``text`` cites that ``sources`` has no item for, to warn the editor."""
    known = source_numbers(sources)
    return [number for number in references_in(text) if number not in known]
