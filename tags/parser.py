"""Hashtags in text: the one parser used wherever pressreview reads tags.

The syntax is seenthis.net's, as in ``../shared/seeds/seenthis-stream.txt``:

* ``#Amazon``, ``#santé``, ``#Etats-Unis``, ``#Conseild'État-FR``: a tag is a run
  of letters, digits and ``_``, with ``-``, ``'``, ``’`` and ``.`` allowed
  *inside* it; it ends at white space or at punctuation that cannot end a tag
  (``#Casino,`` is ``Casino``; ``#Amazonie.`` is ``Amazonie``); parentheses
  glued to it and balanced are part of it (``#Règlement_(RGPD)``).
* ``##santé``: the same tag, marked as a *theme* of the entry.
* ``#[fr]Règlement_(RGPD)[en]Regulation_(GDPR)``: one tag with a label per
  language; a label may hold balanced parentheses.
* ``(...)`` after a tag list means "more tags were cut" and is not a tag.

A ``#`` only starts a tag after white space, the start of the text or an
opening mark (``(``, ``«``, a quote...), so URL fragments (``/page#top``) and
character references (``&#39;``) are never read as tags, nor is ``# Heading``.
A tag needs at least one letter: ``#1`` is a number, not a tag.

Identity: :func:`tag_key` (``#Amazon`` and ``#AMAZON`` are one tag; ``(`` and ``)``
read as ``_`` the way seenthis spells theme links). A multilingual tag is known by
its first label, so ``#RGPD`` and ``#[fr]RGPD[en]GDPR`` are the same tag.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

MAX_TAG_LENGTH = 100

# Characters after which a "#" may open a tag (besides white space and the start).
_OPENERS = "([{«\"“‘'’"
# Inside a plain tag: word characters, joined by single connectors, and balanced
# parentheses glued to them (``#Règlement_(RGPD)``).
_WORDS = r"\w+(?:[-'’.]\w+)*"
_PLAIN_BODY = rf"{_WORDS}(?:\({_WORDS}\)\w*(?:[-'’.]\w+)*)*"
_LANG = r"[A-Za-z]{2,3}(?:-[A-Za-z]{2,4})?"
_LABELLED = rf"(?:\[{_LANG}\][^\s\[\]#]+)+"

_HASHTAG_RE = re.compile(
    rf"(?:^|(?<=[\s{re.escape(_OPENERS)}]))"
    rf"(?P<hashes>\#\#?)(?P<body>{_LABELLED}|{_PLAIN_BODY})",
    re.MULTILINE,
)
_LABEL_RE = re.compile(rf"\[(?P<lang>{_LANG})\](?P<label>[^\s\[\]#]+)")
# Punctuation that may sit inside a label but never ends one.
_TRAILING = ".,;:!?…»\"”’'-"


@dataclass(frozen=True)
class Hashtag:
    """One hashtag found in a text."""

    name: str
    is_theme: bool = False
    labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)

    @property
    def key(self) -> str:
        return tag_key(self.name)


@functools.lru_cache(maxsize=20_000)  # a review uses a few thousand spellings, again and again
def tag_key(name: str) -> str:
    """The identity of a tag spelling: case folded, accents kept, ``()`` read as ``_``."""
    text = unicodedata.normalize("NFC", name.strip()).lstrip("#")
    text = text.replace("’", "'").replace("(", "_").replace(")", "_")
    return text.casefold()


def trim_end(text: str, trailing: str, closing: dict[str, str]) -> str:
    """``text`` without the ``trailing`` punctuation at its end, nor closing marks (keys of
    ``closing``, opening marks as values) that close nothing: "(RGPD)." gives "(RGPD)"."""
    while text:
        last = text[-1]
        opening = closing.get(last)
        if last in trailing or (opening and text.count(opening) < text.count(last)):
            text = text[:-1]
        else:
            break
    return text


def _valid(label: str) -> bool:
    return 0 < len(label) <= MAX_TAG_LENGTH and any(ch.isalpha() for ch in label)


def _read_labels(body: str) -> tuple[dict[str, str], int]:
    """Labels of a ``[fr]…[en]…`` body, and how many characters of it they use."""
    labels: dict[str, str] = {}
    used = 0
    for match in _LABEL_RE.finditer(body):
        if match.start() != used:
            break
        raw = match.group("label")
        label = trim_end(raw, _TRAILING, {")": "("})
        lang = match.group("lang").lower()
        if not _valid(label) or lang in labels:
            break
        labels[lang] = label
        used = match.start("label") + len(label)
        if label != raw:
            break
    return labels, used


def find_hashtags(text: str | None) -> list[Hashtag]:
    """Every hashtag of ``text`` in order of appearance, with its span."""
    found: list[Hashtag] = []
    for match in _HASHTAG_RE.finditer(text or ""):
        is_theme, body, start = match.group("hashes") == "##", match.group("body"), match.start()
        if body.startswith("["):
            labels, used = _read_labels(body)
            if labels:
                end = match.start("body") + used
                found.append(Hashtag(next(iter(labels.values())), is_theme, labels, start, end))
        elif _valid(body):
            found.append(Hashtag(body, is_theme, {}, start, match.end()))
    return found


@dataclass
class EntryTag:
    """A tag of an entry once duplicates are merged: shown in its tag list, as a theme, or both."""

    name: str
    labels: dict[str, str]
    as_tag: bool
    as_theme: bool

    @property
    def key(self) -> str:
        return tag_key(self.name)


def merge_hashtags(hashtags: list[Hashtag]) -> list[EntryTag]:
    """One :class:`EntryTag` per identity, in first-seen order; first spelling wins."""
    merged: dict[str, EntryTag] = {}
    for tag in hashtags:
        current = merged.setdefault(tag.key, EntryTag(tag.name, {}, False, False))
        current.as_tag = current.as_tag or not tag.is_theme
        current.as_theme = current.as_theme or tag.is_theme
        for lang, label in tag.labels.items():
            current.labels.setdefault(lang, label)
    return list(merged.values())


def tags_in(*texts: str) -> list[EntryTag]:
    """The merged tags written in any of ``texts`` (tag lines, excerpts, commentary...)."""
    return merge_hashtags([tag for text in texts for tag in find_hashtags(text)])


def write_hashtag(name: str, labels: dict[str, str] | None = None, theme: bool = False) -> str:
    """The hashtag that :func:`find_hashtags` reads back as this tag."""
    prefix = "##" if theme else "#"
    if labels:
        # The label spelled like the name comes first (it is the tag's identity), the
        # others by language: stored labels keep no order on PostgreSQL (jsonb).
        ordered = sorted(
            labels.items(), key=lambda item: (tag_key(item[1]) != tag_key(name), item[0])
        )
        return prefix + "".join(f"[{lang}]{label}" for lang, label in ordered)
    return prefix + name
