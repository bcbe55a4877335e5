"""The markup of excerpts, commentary and campaign posts, rendered to safe HTML.

Activists write Markdown (paragraphs, emphasis, lists, links, blockquotes, footnotes; one
line break is one ``<br>``; no headings) plus four things of their own:

* hashtags (``#Amazon``, ``##santé``, ``#[fr]…[en]…``, read by :mod:`tags.parser`) link to
  their tag page (:mod:`articles.markup_hashtags`);
* ``[rouge]…[/rouge]`` (and ``vert``, ``bleu``, ``orange``) highlights a passage;
* ``[3]`` cites source 3 of a campaign post, when the post has such a source;
* bare ``http(s)://`` URLs are links.

French texts get French no-break spaces (:mod:`articles.markup_typography`). The HTML is
then sanitised by one bleach :class:`~bleach.sanitizer.Cleaner` with explicit allow-lists,
and links leaving the site get ``rel="nofollow noopener ugc"`` (:mod:`articles.markup_sanitise`).

Each thread keeps its Markdown instances (one per set of trigger characters, see
``_TRIGGERED``), reset before every text: no state leaks from one text to the next.
"""

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

from articles.markup_bounds import bound_markup, restore_stand_ins
from articles.markup_hashtags import (  # noqa: F401 (hashtag_link, tag_href: public here)
    HashtagLeftoverPostprocessor,
    HashtagPreprocessor,
    HashtagTreeprocessor,
    _WithState,
    hashtag_label,
    hashtag_link,
    tag_href,
)
from articles.markup_sanitise import (  # noqa: F401 (the allow-lists are read from here)
    ALLOWED_ATTRIBUTES,
    ALLOWED_CLASSES,
    ALLOWED_PROTOCOLS,
    ALLOWED_TAGS,
    CLEANER,
    HIGHLIGHT_COLOURS,
    sanitise,
    sanitise_tree,
)
from articles.markup_typography import BareUrlProcessor, FrenchSpacingTreeprocessor
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
        # Raw HTML is inline only: the block extractor (the standard library's HTMLParser)
        # is quadratic on unclosed tags ("<a " * 3000 took a second) and every block tag it
        # would keep whole is escaped or stripped by the sanitiser anyway.
        md.preprocessors.deregister("html_block")
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

# Control characters, and the private-use characters standing for the footnotes'
# character references while the tree is sanitised and for brackets bounded away from
# Markdown (articles.markup_bounds).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\ue005]")
_FOOTNOTE_MARKS = {FN_BACKLINK_TEXT: "\ue000", NBSP_PLACEHOLDER: "\ue001"}
_FOOTNOTE_ENTITIES = {"\ue000": "&#8617;", "\ue001": "&#160;"}
# A "<" that may start a tag: any other "<" is text, which the tree route escapes.
_TAG_START_RE = re.compile(r"<[A-Za-z/!?]")
_local = threading.local()
logger = logging.getLogger(__name__)


class PressMarkdown(markdown.Markdown):
    """:meth:`markdown.Markdown.convert` in two halves, so that the tree can be sanitised.

    ``convert(text)`` is ``serialize(tree(text))``: the first half runs the preprocessors,
    the block parser and the tree processors, the second serialises and runs the
    postprocessors (which put back the raw HTML Markdown stashed away).
    """

    def tree(self, source: str) -> etree.Element | None:
        """The element tree of ``source``, after every tree processor; None when blank."""
        if not source.strip():
            return None
        self.lines = source.split("\n")
        for preprocessor in self.preprocessors:
            self.lines = preprocessor.run(self.lines)
        root = self.parser.parseDocument(self.lines).getroot()
        for treeprocessor in self.treeprocessors:
            new_root = treeprocessor.run(root)
            if new_root is not None:
                root = new_root
        return root

    def serialize(self, root: etree.Element | None) -> str:
        """The HTML of a tree made by :meth:`tree`, raw HTML put back (not sanitised)."""
        if root is None:
            return ""
        output = self.serializer(root)
        start = output.find(f"<{self.doc_tag}>")
        end = output.rfind(f"</{self.doc_tag}>")
        output = output[start + len(self.doc_tag) + 2 : end].strip() if start >= 0 else ""
        for postprocessor in self.postprocessors:
            output = postprocessor.run(output)
        return output.strip()

    def convert(self, source: str) -> str:
        return self.serialize(self.tree(source))

    @property
    def has_raw_html(self) -> bool:
        """Whether the last :meth:`tree` stashed raw HTML (or entities) away from the tree."""
        return bool(self.htmlStash.html_counter)


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


def _triggers(text: str) -> frozenset[str]:
    return frozenset(chars for char, chars in _TRIGGER_CHARS.items() if char in text)


def _markdown(
    triggers: frozenset[str] = frozenset(_TRIGGERED),
) -> tuple[PressMarkdown, PressMarkupExtension, FootnoteExtension]:
    """This thread's Markdown for texts holding the characters ``triggers`` (made once)."""
    instances = _local.__dict__.setdefault("markdowns", {})
    if triggers not in instances:
        press, footnotes = PressMarkupExtension(), FootnoteExtension()
        md = PressMarkdown(
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


def _tree(text: str, sources, language: str):
    """Markdown's tree of ``text`` (None when blank), the Markdown and the state it left."""
    source = bound_markup(_CONTROL_RE.sub("", text))
    md, press, footnotes = _markdown(_triggers(source))
    md.reset()
    press.sources = sources
    press.language = language or ""
    footnotes.setConfig("BACKLINK_TITLE", BACKLINK_TITLES["fr" if press.is_french else "en"])
    return md.tree(source), md, press


def _sanitised(text: str, sources, language: str) -> str:
    root, md, _press = _tree(text, sources, language)
    if root is None:
        return ""
    if md.has_raw_html or _TAG_START_RE.search(text):
        return restore_stand_ins(sanitise(md.serialize(root)))
    # No raw HTML: the tree is the whole document. The footnotes' placeholders (which
    # the footnotes postprocessor turns into character references) go through the
    # sanitizer as characters that the text cannot hold, and become the references after.
    footnotes = "[^" in text
    if footnotes:
        _replace_in_tree(root, _FOOTNOTE_MARKS)
    output = sanitise_tree(root)
    if footnotes:
        for mark, reference in _FOOTNOTE_ENTITIES.items():
            output = output.replace(mark, reference)
    return restore_stand_ins(output.strip())


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
        return mark_safe(_sanitised(text, source_numbers(sources), language))
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
        _root, _md, press = _tree(text, frozenset(), "")  # every [N] is noted, even unlinked
    except RecursionError:
        return []
    return sorted(press.cited)


def missing_references(text: str, sources) -> list[int]:
    """The numbers ``text`` cites that ``sources`` has no item for, to warn the editor."""
    known = source_numbers(sources)
    return [number for number in references_in(text) if number not in known]
