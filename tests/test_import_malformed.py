"""Malformed files: a clear message naming the line, exit status 1, and no change at all."""

import io
import json

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.utils import translation

from articles.importers.base import ImportFormatError
from articles.importers.services import run_import
from articles.models import Entry, Excerpt, PressLink, Source
from tags.models import Tag, TaggedEntry
from tests.factories import make_link, make_user


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the site's default language is French)."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

GOOD = "".join(
    f"• Article {n}\n    https://example.org/{n}\n\n    Quoted {n}.\n\n    #tag{n} #Amazon\n\n"
    for n in range(1, 31)
)
BOOKMARKS = (
    "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
    + "".join(f'    <DT><A HREF="https://example.org/{n}">B {n}</A>\n' for n in range(1, 31))
    + "</DL><p>\n"
)


def snapshot():
    models = [Entry, PressLink, Excerpt, Source, Tag, TaggedEntry]
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in models}


@pytest.fixture
def alice():
    return make_user("alice")


@pytest.fixture
def stored(alice):
    """Something already in the database, that a failed import must leave as it is."""
    make_link(url="https://example.org/1", title="Stored first", tags="#ancien")
    return snapshot()


def fails(kind, data: bytes, author=None) -> ImportFormatError:
    with pytest.raises(ImportFormatError) as caught:
        run_import(kind, io.BytesIO(data), author=author)
    return caught.value


# -- seenthis text -----------------------------------------------------------------


def test_truncated_in_the_middle_of_a_character(alice, stored):
    data = (GOOD + "• Dernière entrée : l’été").encode()[:-4]
    error = fails("seenthis", data, alice)
    assert error.line == GOOD.count("\n") + 1
    assert "cut short" in str(error) and str(error).startswith(f"line {error.line}:")
    assert snapshot() == stored


def test_wrong_encoding_names_the_line(alice, stored):
    data = GOOD.encode() + "• Café\n    https://example.org/café\n".encode("cp1252")
    error = fails("seenthis", data, alice)
    assert error.line == GOOD.count("\n") + 1
    assert "not UTF-8" in error.message and "0x95" in error.message
    assert snapshot() == stored


def test_utf16_file(alice, stored):
    error = fails("seenthis", GOOD.encode("utf-16"), alice)
    assert error.line == 1 and "UTF-16" in error.message
    assert snapshot() == stored


def test_binary_file(alice, stored):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10
    error = fails("seenthis", png, alice)
    assert error.line == 1 and "not UTF-8" in error.message
    assert snapshot() == stored


def test_binary_data_inside_a_text_file(alice, stored):
    data = GOOD.encode() + b"\x00\x01\x02 binary tail\n"
    error = fails("seenthis", data, alice)
    assert error.line == GOOD.count("\n") + 1 and "binary data" in error.message
    assert snapshot() == stored


def test_html_where_text_is_expected(alice, stored):
    error = fails("seenthis", BOOKMARKS.encode(), alice)
    assert error.line == 1 and "HTML" in error.message
    assert snapshot() == stored


def test_json_where_text_is_expected(alice, stored):
    error = fails("seenthis", b'{\n "format": "pressreview-backup"}\n', alice)
    assert error.line == 1 and "JSON" in error.message


def test_text_without_any_entry(alice, stored):
    error = fails("seenthis", b"\n\n   \n", alice)
    assert "no entry found" in error.message
    assert snapshot() == stored


def test_fifty_megabyte_line(alice, stored):
    data = GOOD.encode() + b"    " + b"x" * (50 * 1024 * 1024) + b"\n"
    error = fails("seenthis", data, alice)
    assert error.line == GOOD.count("\n") + 1 and "longer than" in error.message
    assert snapshot() == stored


# -- bookmarks -----------------------------------------------------------------------


def test_truncated_bookmarks(alice, stored):
    cut = BOOKMARKS[: BOOKMARKS.index("B 20")]
    error = fails("bookmarks", cut.encode(), alice)
    assert error.line == 2 and "never closed" in error.message
    assert snapshot() == stored


def test_text_where_bookmarks_are_expected(alice, stored):
    error = fails("bookmarks", GOOD.encode(), alice)
    assert error.line == 1 and "not a Netscape bookmark file" in error.message
    assert snapshot() == stored


def test_bookmarks_in_latin1(alice, stored):
    data = BOOKMARKS.replace("B 7<", "Bé 7<").encode("latin-1")
    error = fails("bookmarks", data, alice)
    assert error.line == 9 and "not UTF-8" in error.message
    assert snapshot() == stored


# -- JSON backup ---------------------------------------------------------------------


def backup(links) -> bytes:
    data = {"format": "pressreview-backup", "version": 1, "links": links}
    return json.dumps(data, indent=1).encode()


def link(n, **fields):
    return {
        "url": f"https://example.org/{n}",
        "title": f"L {n}",
        "author": "alice",
        "status": "published",
        **fields,
    }


def test_truncated_json(alice, stored):
    data = backup([link(n) for n in range(30)])
    cut = data[: len(data) // 2]
    error = fails("json", cut)
    assert error.line == cut.rstrip().count(b"\n") + 1
    assert "cut short" in error.message
    assert snapshot() == stored


def test_html_where_json_is_expected(alice, stored):
    error = fails("json", BOOKMARKS.encode())
    assert error.line == 1 and "HTML" in error.message


def test_json_with_a_bad_row_half_way_changes_nothing(alice, stored):
    rows = [link(n) for n in range(30)] + [link(99, status="archived")]
    error = fails("json", backup(rows))
    assert "links[30] “status”" in error.message
    assert snapshot() == stored


def test_json_of_another_version(alice):
    data = json.dumps({"format": "pressreview-backup", "version": 7}).encode()
    assert "version 7" in fails("json", data).message


def test_json_not_a_backup(alice):
    assert "not a pressreview backup" in fails("json", b"[1, 2]\n").message


# -- the commands --------------------------------------------------------------------


def test_command_error_names_file_and_line(alice, stored, tmp_path):
    path = tmp_path / "stream.txt"
    path.write_bytes(GOOD.encode() + "• é\n".encode("cp1252"))
    with pytest.raises(CommandError) as caught:
        call_command("import_seenthis", str(path), author="alice")
    message = str(caught.value)
    assert str(path) in message and f"line {GOOD.count(chr(10)) + 1}:" in message
    assert "Nothing was imported" in message
    assert snapshot() == stored


def test_command_exit_status_is_1(alice, stored, tmp_path, monkeypatch, capsys):
    # manage.py closes connections on its way out: not inside a test transaction.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    path = tmp_path / "bookmarks.html"
    path.write_bytes(BOOKMARKS[:200].encode())
    with pytest.raises(SystemExit) as caught:
        ManagementUtility(
            ["manage.py", "import_bookmarks", str(path), "--author", "alice"]
        ).execute()
    assert caught.value.code == 1
    assert "never closed" in capsys.readouterr().err
    assert snapshot() == stored


def test_unknown_author(tmp_path):
    path = tmp_path / "stream.txt"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(CommandError, match="no user named nobody"):
        call_command("import_seenthis", str(path), author="nobody")
