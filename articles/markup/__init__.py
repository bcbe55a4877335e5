"""The markup of excerpts, commentary and campaign posts, rendered to safe HTML.

Markdown (no headings; one line break is one ``<br>``) plus hashtags linked to their tag
page (:mod:`~articles.markup.hashtags`), ``[rouge]…[/rouge]`` highlights (also ``vert``,
``bleu``, ``orange``), ``[3]`` citing source 3 of a campaign post, and bare ``http(s)://``
URLs as links. French texts get French no-break spaces (:mod:`~articles.markup.typography`).
The HTML is sanitised by bleach with explicit allow-lists, external links get
``rel="nofollow noopener ugc"`` (:mod:`~articles.markup.sanitiser`): from Markdown's tree
when it holds the whole text, else from Markdown's HTML.

Only Markdown's public extension API is used (``tests/test_markup_fastpath.py`` checks the
imports). Each thread keeps its Markdown instances (one per set of trigger characters, see
``_TRIGGERED``), reset before every text: no state leaks from one text to the next.
"""

import contextlib
import logging
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Mapping

import markdown
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.extensions.footnotes import FN_BACKLINK_TEXT, NBSP_PLACEHOLDER, FootnoteExtension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from articles.markup.bounds import bound_markup, restore_stand_ins
from articles.markup.hashtags import (  # noqa: F401 (tag_href: public here)
    HashtagLeftoverPostprocessor,
    HashtagPreprocessor,
    HashtagTreeprocessor,
    _WithState,
    tag_href,
)
from articles.markup.sanitiser import (  # noqa: F401 (the allow-lists are read from here)
    ALLOWED_ATTRIBUTES,
    ALLOWED_PROTOCOLS,
    ALLOWED_TAGS,
    CLEANER,
    HIGHLIGHT_COLOURS,
    sanitise,
    sanitise_tree,
)
from articles.markup.typography import BARE_URL_RE, BareUrlProcessor, space_french_tree
from tags.parser import Hashtag

_COLOURS = "|".join(HIGHLIGHT_COLOURS)
HIGHLIGHT_NESTING = 3  # [rouge]…[vert]…[bleu]…[/bleu]…[/vert]…[/rouge]
BACKLINK_TITLES = {"fr": "Revenir à l’appel de note {}", "en": "Back to footnote {} in the text"}

# --- Markdown: per-document state ---------------------------------------------------------


class PressMarkupExtension(Extension):
    """Hashtags, highlights, source references, bare URLs, no headings, French spacing."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: frozenset[int] = frozenset()
        self.language = "fr"
        self.tree_may_be_sanitised = False  # no tag in the text
        self.reset()

    def reset(self) -> None:
        self.hashtags: list[tuple[Hashtag, str]] = []  # each with its text as written
        self.cited: set[int] = set()
        self.sanitised = False  # whether the tree was (then Markdown's output is safe)

    @property
    def is_french(self) -> bool:
        return self.language.lower().startswith("fr")

    def written_hashtag(self, match: re.Match) -> str:
        return self.hashtags[int(match.group(1))][1]

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.registerExtension(self)
        md.parser.blockprocessors.deregister("hashheader")  # "#Amazon #travail" is no heading
        md.parser.blockprocessors.deregister("setextheader")  # no <h1>/<h2> by underlining
        # Raw HTML is inline only: the block extractor (the standard library's HTMLParser)
        # is quadratic on unclosed tags ("<a " * 3000 took a second) and every block tag it
        # would keep whole is escaped or stripped by the sanitiser anyway.
        md.preprocessors.deregister("html_block")
        md.preprocessors.register(HashtagPreprocessor(md, state=self), "hashtags", 15)
        for depth in range(HIGHLIGHT_NESTING):
            md.inlinePatterns.register(
                HighlightProcessor(HIGHLIGHT_RE, md), f"hl{depth}", 166 - depth
            )
        md.inlinePatterns.register(BareUrlProcessor(BARE_URL_RE, md), "bare_url", 129)
        md.inlinePatterns.register(
            SourceRefProcessor(SOURCE_REF_RE, md, state=self), "source_ref", 128
        )
        md.treeprocessors.register(HashtagTreeprocessor(md, state=self), "hashtags", 13)
        md.treeprocessors.register(RefIdTreeprocessor(md), "ref_ids", 12)
        md.treeprocessors.register(FrenchSpacingTreeprocessor(md, state=self), "french_spacing", 11)
        md.treeprocessors.register(SanitiseTreeprocessor(md, state=self), "sanitise", -1)
        md.postprocessors.register(HashtagLeftoverPostprocessor(md, state=self), "hashtags", 26)


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


class FrenchSpacingTreeprocessor(_WithState, Treeprocessor):
    def run(self, root: etree.Element) -> None:
        if self.state.is_french:
            space_french_tree(root)


class SanitiseTreeprocessor(_WithState, Treeprocessor):
    """The last tree processor: a tree that holds the whole text is sanitised here.

    The sanitised HTML goes to Markdown's stash and the tree keeps only its placeholder.
    A text with a tag, or from which Markdown stashed raw HTML (or character references),
    is left to :func:`~articles.markup.sanitiser.sanitise` afterwards. The footnotes'
    placeholders go through the sanitizer as characters that the text cannot hold.
    """

    def run(self, root: etree.Element) -> None:
        if not self.state.tree_may_be_sanitised or self.md.htmlStash.html_counter:
            return
        if footnotes := any(div.get("class") == "footnote" for div in root.iter("div")):
            _replace_in_tree(root, _FOOTNOTE_MARKS)
        output = sanitise_tree(root)
        if footnotes:
            for mark, reference in _FOOTNOTE_ENTITIES.items():
                output = output.replace(mark, reference)
        root.clear()
        root.text = self.md.htmlStash.store(output)
        self.state.sanitised = True


# --- One Markdown per thread, and the public functions ------------------------------------

# Control characters, and the private-use characters standing for the footnotes'
# character references while the tree is sanitised and for brackets bounded away from
# Markdown (articles.markup.bounds).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\ue005]")
_FOOTNOTE_MARKS = {FN_BACKLINK_TEXT: "\ue000", NBSP_PLACEHOLDER: "\ue001"}
_FOOTNOTE_ENTITIES = {"\ue000": "&#8617;", "\ue001": "&#160;"}
# A "<" that may start a tag: any other "<" is text, which the tree route escapes.
_TAG_START_RE = re.compile(r"<[A-Za-z/!?]")
_local = threading.local()
logger = logging.getLogger(__name__)

# What cannot act on a text without one of its characters: each text is converted by a
# Markdown without them (most excerpts are one paragraph of plain words, a hashtag, a URL:
# a third of the inline patterns and of the tree processors are of no use to them).
_TRIGGERED = {
    "[": {
        "inlinePatterns": (
            "reference link image_link image_reference short_reference short_image_ref"
            " footnote source_ref " + " ".join(f"hl{depth}" for depth in range(HIGHLIGHT_NESTING))
        ).split(),
        "treeprocessors": ["footnote", "footnote-duplicate"],
    },
    "<": {"inlinePatterns": ["autolink", "automail", "html"]},
    "&": {"inlinePatterns": ["entity"]},
    "\\": {"inlinePatterns": ["escape"], "treeprocessors": ["unescape"]},
    "`": {"inlinePatterns": ["backtick"]},
    "*_": {"inlinePatterns": ["em_strong"]},
    "\n": {"inlinePatterns": ["linebreak", "nl"]},
}


_TRIGGER_CHARS = {char: chars for chars in _TRIGGERED for char in chars}


def _markdown(
    triggers: frozenset[str] = frozenset(_TRIGGERED),
) -> tuple[markdown.Markdown, PressMarkupExtension, FootnoteExtension]:
    """This thread's Markdown for texts holding the characters ``triggers`` (made once)."""
    instances = _local.__dict__.setdefault("markdowns", {})
    if triggers not in instances:
        press, footnotes = PressMarkupExtension(), FootnoteExtension()
        md = markdown.Markdown(
            extensions=["sane_lists", "nl2br", footnotes, press], output_format="html"
        )
        for chars, registries in _TRIGGERED.items():
            if chars not in triggers:
                for registry, names in registries.items():
                    for name in names:
                        getattr(md, registry).deregister(name)
        instances[triggers] = (md, press, footnotes)
    return instances[triggers]


def source_numbers(sources: Mapping | Iterable | None) -> frozenset[int]:
    """The numbers of ``sources``: keys with a truthy value of a mapping, or the items."""
    if isinstance(sources, Mapping):
        sources = [key for key, value in sources.items() if value]
    numbers = set()
    for key in sources or ():
        with contextlib.suppress(TypeError, ValueError):
            numbers.add(int(key))
    return frozenset(numbers)


def _convert(text: str, sources, language: str, render: bool = True):
    """Markdown's HTML of ``text``, and the state it left; sanitised if ``state.sanitised``."""
    source = bound_markup(_CONTROL_RE.sub("", text))
    md, press, footnotes = _markdown(
        frozenset(chars for char, chars in _TRIGGER_CHARS.items() if char in source)
    )
    md.reset()
    press.sources = sources
    press.language = language or ""
    press.tree_may_be_sanitised = render and not _TAG_START_RE.search(text)
    footnotes.setConfig("BACKLINK_TITLE", BACKLINK_TITLES["fr" if press.is_french else "en"])
    return md.convert(source), press


def _replace_in_tree(element: etree.Element, replacements: dict[str, str]) -> None:
    for node in element.iter():
        for old, new in replacements.items():
            if node.text and old in node.text:
                node.text = type(node.text)(node.text.replace(old, new))
            if node.tail and old in node.tail:
                node.tail = type(node.tail)(node.tail.replace(old, new))


def render_markup(text: str, *, sources=None, language: str = "fr") -> SafeString:
    """``text`` as sanitised HTML, ``[N]`` linked when ``sources`` holds N."""
    if not text:
        return mark_safe("")
    try:
        output, press = _convert(text, source_numbers(sources), language)
        return mark_safe(restore_stand_ins(output if press.sanitised else sanitise(output)))
    except RecursionError:
        # Markdown nests emphasis and blocks by recursion: a text nesting them deeper than
        # Python's stack ("*a " a thousand times, then " a*") is shown as typed.
        logger.warning("markup nested too deep for Markdown: shown as plain text")
        return linebreaks(text, autoescape=True)


def references_in(text: str) -> list[int]:
    """The source numbers ``text`` cites as ``[N]``, sorted, each once."""
    if not text or "[" not in text:
        return []
    try:
        _output, press = _convert(text, frozenset(), "", render=False)  # every [N] is noted
    except RecursionError:
        return []
    return sorted(press.cited)


def missing_references(text: str, sources) -> list[int]:
    """The numbers ``text`` cites that ``sources`` has no item for, to warn the editor."""
    known = source_numbers(sources)
    return [number for number in references_in(text) if number not in known]
