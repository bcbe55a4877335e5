"""Netscape bookmark files, as Firefox, Chrome, Pinboard, Shaarli and linkding export them.

::

    <!DOCTYPE NETSCAPE-Bookmark-file-1>
    <DL><p>
        <DT><H3>Folder</H3>
        <DL><p>
            <DT><A HREF="https://…" ADD_DATE="1615974000" LAST_MODIFIED="…"
                   PRIVATE="0" TAGS="Amazon,travail">Title</A>
            <DD>The note: our commentary.

    > A quoted paragraph: an excerpt.
        </DL><p>
    </DL><p>

``ADD_DATE`` is the publication date, ``LAST_MODIFIED`` the modification date,
``PRIVATE="1"`` a draft, ``TAGS`` comma-separated tags (``##name`` a theme), the
``<DD>`` note the commentary, its paragraphs starting with ``>`` excerpts.
Folders are ignored, or read as tags (``folders_as_tags``). Read with the
standard library's HTML parser, a line at a time.
"""

import html
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser

from django.utils.translation import gettext as _

from articles.normalize import http_url
from tags.parser import find_hashtags, merge_hashtags, write_hashtag

from .backup import links_in_order
from .base import ImportFormatError, ParsedLink, Summary

DOCTYPE = "<!DOCTYPE NETSCAPE-Bookmark-file-1>"
MAX_TITLE = 500
# Special folders of browsers, never tags.
_SPECIAL_FOLDER_ATTRIBUTES = {"personal_toolbar_folder", "unfiled_bookmarks_folder"}
_PARAGRAPHS_RE = re.compile(r"\n\s*\n")
_NOT_IN_TAG_RE = re.compile(r"[^\w\-'’.()]+")
_SPACES_RE = re.compile(r"[ \t\r\n]+")  # not the no-break spaces of French typography


def timestamp(value: str | None) -> datetime | None:
    """A date from seconds since 1970 (milliseconds and microseconds are recognised)."""
    try:
        number = int(str(value).strip())
        while number > 10**11:  # milliseconds, microseconds (Chrome, some exporters)
            number //= 1000
        return datetime.fromtimestamp(number, tz=UTC) if number > 0 else None
    except (OverflowError, OSError, ValueError):
        return None


def read_tags(values: Iterable[str]):
    """Hashtags from bookmark tags: ``grève générale`` is ``#grève_générale``, ``##x`` a theme."""
    found = []
    for value in values:
        value = value.strip()
        if not value.startswith(("#", "[")):
            value = _NOT_IN_TAG_RE.sub("_", value).strip("_")
        if value:
            found += find_hashtags(value if value.startswith("#") else "#" + value)[:1]
    return found


def split_note(note: str) -> tuple[str, list[str]]:
    """``(commentary, excerpts)`` of a ``<DD>`` note: ``>`` paragraphs are excerpts."""
    commentary, excerpts = [], []
    for paragraph in _PARAGRAPHS_RE.split(note.strip()):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if paragraph.startswith(">"):
            lines = [
                line.strip().removeprefix(">").removeprefix(" ") for line in paragraph.split("\n")
            ]
            excerpts.append("\n".join(lines).strip())
        else:
            commentary.append(paragraph)
    return "\n\n".join(commentary), excerpts


class _Parser(HTMLParser):
    """Collects bookmarks in :attr:`done` as the file is fed."""

    def __init__(self, summary: Summary, folders_as_tags: bool):
        super().__init__(convert_charrefs=True)
        self.summary = summary
        self.folders_as_tags = folders_as_tags
        self.lists: list[tuple[int, str | None]] = []  # open <DL>: (line, folder name)
        self.folder: tuple[list[str], bool] | None = None  # the <H3> being read
        self.next_folder: str | None = None
        self.current: dict | None = None
        self.reading: str | None = None  # "title", "note" or None
        self.done: list[ParsedLink] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "dt", "h3", "dl", "hr"):
            self.finish()
        if tag == "a":
            self.current = {"attrs": dict(attrs), "line": self.getpos()[0], "title": [], "note": []}
            self.reading = "title"
        elif tag == "dd":
            self.reading = "note" if self.current is not None else None
        elif tag == "h3":
            special = any(name in _SPECIAL_FOLDER_ATTRIBUTES for name, _value in attrs)
            self.folder = ([], special)
        elif tag == "dl":
            self.lists.append((self.getpos()[0], self.next_folder))
            self.next_folder = None

    def handle_endtag(self, tag):
        if tag == "a" and self.reading == "title":
            self.reading = None
        elif tag == "h3" and self.folder is not None:
            text, special = self.folder
            self.next_folder = None if special else " ".join("".join(text).split())
            self.folder = None
        elif tag == "dl":
            self.finish()
            if not self.lists:
                raise ImportFormatError(self.getpos()[0], _("a list closes that was never opened"))
            self.lists.pop()

    def handle_data(self, data):
        if self.folder is not None:
            self.folder[0].append(data)
        elif self.current is not None and self.reading:
            self.current[self.reading].append(data)

    def finish(self):
        current, self.current, self.reading = self.current, None, None
        if current is None:
            return
        attrs = {name.lower(): value or "" for name, value in current["attrs"].items()}
        line = current["line"]
        href = attrs.get("href", "").strip()
        url = http_url(href)
        if not url:
            scheme = href.split(":", 1)[0][:20] if ":" in href else ""
            if scheme:
                self.summary.skip(line, _("not a web address (%(scheme)s:)") % {"scheme": scheme})
            else:
                self.summary.skip(line, _("no web address"))
            return
        title = _SPACES_RE.sub(" ", "".join(current["title"])).strip(" ") or url
        commentary, excerpts = split_note("".join(current["note"]))
        values = attrs.get("tags", "").split(",")
        if self.folders_as_tags:
            values += [name for _line, name in self.lists if name]
        tags = merge_hashtags(read_tags(values))
        added = timestamp(attrs.get("add_date"))
        modified = timestamp(attrs.get("last_modified"))
        private = attrs.get("private", "0").strip() not in ("", "0", "false")
        self.done.append(
            ParsedLink(
                line=line,
                title=title[:MAX_TITLE],
                url=url,
                excerpts=excerpts,
                commentary=commentary,
                tags=tags,
                status="draft" if private else "published",
                published_at=added or modified,
                updated_at=modified,
            )
        )


def parse_bookmarks(
    lines: Iterable[tuple[int, str]], summary: Summary, folders_as_tags: bool = False
) -> Iterator[ParsedLink]:
    """Each bookmark of a Netscape bookmark file, in file order; skipped ones in ``summary``."""
    parser = _Parser(summary, folders_as_tags)
    started = False
    for number, text in lines:
        if not started:
            if not text.strip():
                continue
            if not text.lstrip().upper().startswith(DOCTYPE.upper()):
                raise ImportFormatError(
                    number,
                    _("not a Netscape bookmark file: it must start with %(doctype)s")
                    % {"doctype": DOCTYPE},
                )
            started = True
        parser.feed(text + "\n")
        yield from parser.done
        parser.done.clear()
    if not started:
        raise ImportFormatError(None, _("the file is empty"))
    parser.close()
    parser.finish()
    yield from parser.done
    if parser.lists:
        raise ImportFormatError(
            parser.lists[-1][0],
            _("the list opened here is never closed: the file was cut short"),
        )


# -- writing ---------------------------------------------------------------------------


def _seconds(value: datetime | None) -> str:
    return str(int(value.timestamp())) if value else "0"


def bookmark_tags(link) -> str:
    rows = sorted(link.tagged_items.all(), key=lambda row: (row.position, row.pk))
    listed = [write_hashtag(r.tag.name, r.tag.labels)[1:] for r in rows if r.as_tag]
    themes = [write_hashtag(r.tag.name, r.tag.labels, theme=True) for r in rows if r.as_theme]
    return ",".join(listed + themes)


def bookmark_note(link) -> str:
    parts = [link.commentary.strip()] if link.commentary.strip() else []
    for excerpt in link.excerpts.all():
        lines = excerpt.text.split("\n")
        parts.append("\n".join(f"> {line}" if line.strip() else ">" for line in lines))
    return "\n\n".join(parts)


def write_bookmarks(out) -> int:
    """Write the press links that have a URL as a Netscape file; how many."""
    out.write(
        f"{DOCTYPE}\n<!-- This is an automatically generated file. -->\n"
        '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">\n'
        "<TITLE>Bookmarks</TITLE>\n<H1>Bookmarks</H1>\n<DL><p>\n"
    )
    count = 0
    for link in links_in_order():
        if not link.url:
            continue
        attributes = {
            "HREF": link.url,
            "ADD_DATE": _seconds(link.published_at or link.created_at),
            "LAST_MODIFIED": _seconds(link.updated_at),
            "PRIVATE": "0" if link.status == "published" else "1",
            "TAGS": bookmark_tags(link),
        }
        attrs = " ".join(f'{name}="{html.escape(value)}"' for name, value in attributes.items())
        out.write(f"    <DT><A {attrs}>{html.escape(link.title, quote=False)}</A>\n")
        note = bookmark_note(link)
        if note:
            out.write(f"    <DD>{html.escape(note, quote=False)}\n")
        count += 1
    out.write("</DL><p>\n")
    return count
