"""Reading what a reader types in the search box: pure functions, no database.

The syntax::

    amazon entrepôt          entries with both words (any form, on PostgreSQL)
    "exact phrase"           the words in that order
    -word, -"a phrase"       entries without it
    #santé                   only entries carrying the tag (AND with other #tags)
    -#santé                  entries without the tag
    source:lemonde.fr        only links from that publication (OR with other source:)

Words are matched without regard to case or accents. Anything that is not
understood is searched as a word, so no query is ever an error; an unterminated
quote runs to the end of the query.
"""

import re
from dataclasses import dataclass

from tags.parser import tag_key

MAX_QUERY_LENGTH = 300
MAX_TERMS = 20

_TOKEN_RE = re.compile(
    r"""
    (?P<minus>-)?
    (?:
        "(?P<phrase>[^"]*)"?               # "a phrase" (or a quote left open)
      | \#(?P<tag>[^\s"]+)                 # #tag
      | source:(?P<source>[^\s"]+)         # source:lemonde.fr
      | (?P<word>[^\s"]+)                  # anything else
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Characters that cannot be part of a searched word, at its ends.
_EDGE_PUNCTUATION = "-+*:;,.!?()[]{}<>«»“”‘’'`^~|\\/=&%$@"


@dataclass(frozen=True)
class Query:
    """What to look for: every field is a tuple of normalised strings."""

    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    excluded_tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    truncated: bool = False

    @property
    def has_text(self) -> bool:
        """True when there are words or phrases to match (and so to rank and highlight)."""
        return bool(self.words or self.phrases)

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to look for at all."""
        return not (
            self.has_text or self.excluded or self.tags or self.excluded_tags or self.sources
        )

    def __str__(self) -> str:
        """The query written back in its syntax (normalised)."""
        parts = list(self.words) + [f'"{phrase}"' for phrase in self.phrases]
        parts += [f'-"{text}"' if " " in text else f"-{text}" for text in self.excluded]
        parts += [f"#{tag}" for tag in self.tags] + [f"-#{tag}" for tag in self.excluded_tags]
        parts += [f"source:{domain}" for domain in self.sources]
        return " ".join(parts)


def _clean_word(word: str) -> str:
    return word.strip(_EDGE_PUNCTUATION)


def _has_letter_or_digit(text: str) -> bool:
    return any(char.isalnum() for char in text)


def _add(bucket: list[str], value: str) -> None:
    if value and value not in bucket:
        bucket.append(value)


def parse_query(text: str) -> Query:
    """The :class:`Query` written in ``text`` (at most ``MAX_QUERY_LENGTH`` characters read)."""
    text = (text or "").replace("\x00", " ")
    truncated = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH]
    words, phrases, excluded, tags, excluded_tags, sources = [], [], [], [], [], []
    for terms, match in enumerate(_TOKEN_RE.finditer(text)):
        if terms >= MAX_TERMS:
            truncated = True
            break
        minus = match["minus"] is not None
        if match["phrase"] is not None:
            phrase = " ".join(match["phrase"].split())  # NULs are spaces already
            if not _has_letter_or_digit(phrase):
                continue
            if minus:
                _add(excluded, phrase)
            elif " " in phrase:
                _add(phrases, phrase)
            else:
                _add(words, _clean_word(phrase))
        elif match["tag"] is not None:
            name = match["tag"].lstrip("#").rstrip(_EDGE_PUNCTUATION.replace(")", ""))
            if _has_letter_or_digit(name):
                _add(excluded_tags if minus else tags, tag_key(name))
        elif match["source"] is not None:
            domain = match["source"].strip(_EDGE_PUNCTUATION).lower()  # as typed: a host or URL
            if _has_letter_or_digit(domain):
                _add(sources, domain)
        else:
            word = _clean_word(match["word"])
            if _has_letter_or_digit(word):
                _add(excluded if minus else words, word)
    buckets = (words, phrases, excluded, tags, excluded_tags, sources)
    return Query(*map(tuple, buckets), truncated=truncated)
