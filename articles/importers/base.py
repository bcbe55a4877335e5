"""What every importer shares: the parsed entry, the error, the summary, the line reader."""

import codecs
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tags.parser import EntryTag

# Characters no text export holds (C0 controls but tab, newline, form feed, carriage return).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


class ImportFormatError(ValueError):
    """The file cannot be imported; ``line`` (1-based, or None) says where."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ParsedLink:
    """One press link read from a file.

    ``None`` means "this format does not carry it": an existing link keeps its value.
    """

    line: int | None  # where the entry starts, when the format has lines
    title: str
    url: str = ""
    excerpts: list[str] | None = None
    commentary: str | None = None
    tags: list[EntryTag] | None = None  # typed in a tag field: hashtags of texts come on top
    image_url: str | None = None
    article_date: date | None = None
    status: str = "published"
    published_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    author: str | None = None  # a username; the importer's default author when None
    source: str | None = None  # a domain; found from the URL when None
    # True when ``published_at`` is exact even when None (a backup's unpublished draft).
    exact_dates: bool = False


# What the summary counts, by the key importers count them under.
KIND_LABELS = {
    "press links": lambda n: ngettext("%(count)d press link", "%(count)d press links", n),
    "campaign posts": lambda n: ngettext("%(count)d campaign post", "%(count)d campaign posts", n),
    "campaigns": lambda n: ngettext("%(count)d campaign", "%(count)d campaigns", n),
    "sources": lambda n: ngettext("%(count)d source", "%(count)d sources", n),
    "tags": lambda n: ngettext("%(count)d tag", "%(count)d tags", n),
    "users": lambda n: ngettext("%(count)d user", "%(count)d users", n),
}


@dataclass
class Summary:
    """What an import did: counts per kind of row, and what it skipped and why."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    skipped: list[tuple[int | None, str]] = field(default_factory=list)
    warnings: list[tuple[int | None, str]] = field(default_factory=list)
    dry_run: bool = False

    def count(self, kind: str, outcome: str) -> None:
        bucket = getattr(self, outcome)
        bucket[kind] = bucket.get(kind, 0) + 1

    def skip(self, line: int | None, reason: str) -> None:
        self.skipped.append((line, reason))

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append((line, message))

    def describe(self, outcome: str) -> str:
        """``"24 press links, 18 sources"`` for ``outcome`` (created, updated, unchanged)."""
        bucket = getattr(self, outcome)
        parts = [
            KIND_LABELS[kind](count) % {"count": count} for kind, count in sorted(bucket.items())
        ]
        return ", ".join(parts) or "0"

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def skipped_by_reason(self) -> list[tuple[str, list[int | None]]]:
        """``(reason, lines)`` for each distinct reason, in order of first appearance."""
        grouped: dict[str, list[int | None]] = {}
        for line, reason in self.skipped:
            grouped.setdefault(reason, []).append(line)
        return list(grouped.items())


def read_lines(
    stream: BinaryIO, progress: Callable[[int], None] | None = None
) -> Iterator[tuple[int, str]]:
    """``(number, text)`` of each line of a UTF-8 file, without its line ending; read in
    bounded pieces, so a 50 MB line never sits in memory whole."""
    limit = settings.IMPORT_MAX_LINE_BYTES
    done = 0
    for number, raw in enumerate(iter(lambda: stream.readline(limit + 1), b""), start=1):
        done += len(raw)
        if number == 1:
            for bom, name in _BOMS:
                if raw.startswith(bom):
                    message = _(
                        "the file is encoded in %(name)s: save it as UTF-8 and import it again"
                    )
                    raise ImportFormatError(1, message % {"name": name})
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if len(raw) > limit and not raw.endswith(b"\n"):
            raise ImportFormatError(
                number,
                _("the line is longer than %(limit)s bytes: this is not an export file")
                % {"limit": f"{limit:,}"},
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.start >= len(raw.rstrip(b"\r\n")) - 3 and not raw.endswith(b"\n"):
                message = _("the file ends in the middle of a character: it was cut short")
            else:
                message = _(
                    "byte %(byte)s at column %(column)d is not UTF-8 (Latin-1 or Windows-1252?): "
                    "save the file as UTF-8 and import it again"
                ) % {"byte": f"0x{raw[error.start]:02x}", "column": error.start + 1}
            raise ImportFormatError(number, message) from None
        text = text.rstrip("\r\n")
        if _CONTROL_RE.search(text):
            raise ImportFormatError(
                number, _("the line holds binary data (control characters): not a text file")
            )
        if progress is not None:
            progress(done)
        yield number, text
