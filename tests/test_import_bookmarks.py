# ruff: noqa: E501 (the sample files keep the long lines real exports have)
"""Netscape bookmarks: the files of five tools read, and our own export read back."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.utils import translation

from articles.importers.base import Summary
from articles.importers.bookmarks import parse_bookmarks, split_note, timestamp, write_bookmarks
from articles.importers.services import run_import
from articles.models import Entry, PressLink
from tags.models import TaggedEntry
from tests.factories import make_user


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the site's default language is French)."""
    with translation.override("en"):
        yield


FIREFOX = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'none'">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks Menu</H1>

<DL><p>
    <DT><A HREF="place:parent=menu________&amp;queryType=1" ADD_DATE="1615974000">Recent</A>
    <HR>
    <DT><H3 ADD_DATE="1615974000" LAST_MODIFIED="1615974001">Presse</H3>
    <DD>A folder description, not a note.
    <DL><p>
        <DT><H3 ADD_DATE="1615974000">Travail &amp; luttes</H3>
        <DL><p>
            <DT><A HREF="https://journal.example/entrepots?utm_source=rss" ADD_DATE="1615974000" LAST_MODIFIED="1615977600" ICON_URI="https://journal.example/favicon.ico" TAGS="Amazon,travail,grève générale">Les entrepôts &amp; leurs «&nbsp;cadences&nbsp;»</A>
            <DD>Notre commentaire.
        </DL><p>
    </DL><p>
    <DT><H3 PERSONAL_TOOLBAR_FOLDER="true">Bookmarks Toolbar</H3>
    <DL><p>
        <DT><A HREF="https://other.example/a" ADD_DATE="1615974500" SHORTCUTURL="x">Other</A>
    </DL><p>
</DL>
"""

CHROME = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="1615974000" LAST_MODIFIED="0" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks bar</H3>
    <DL><p>
        <DT><A HREF="https://chrome.example/one" ADD_DATE="1615974000" ICON="data:image/png;base64,iVBORw0KGgo=">One</A>
        <DT><A HREF="javascript:alert(1)" ADD_DATE="1615974000">Bookmarklet</A>
    </DL><p>
</DL><p>
"""

PINBOARD = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Pinboard Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p><DT><A HREF="https://pin.example/private" ADD_DATE="1615974000" PRIVATE="1" TOREAD="0" TAGS="surveillance,santé">Private one</A>
<DD>A private note
</DL></p>
"""

SHAARLI = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     Do Not Edit! -->
<TITLE>Shaarli export of all bookmarks on Mon, 23 Nov 26 10:00:00 +0000</TITLE>
<H1>Shaared links</H1>
<DL><p>
<DT><A HREF="https://shaarli.example/article" ADD_DATE="1615974000" LAST_MODIFIED="1615974600" PRIVATE="0" TAGS="écologie,##climat">Un article</A>
<DD>Pourquoi c'est important.

&gt; La citation de l'article,
&gt; sur deux lignes.

Et une dernière remarque.
<DT><A HREF="?EaV7Mw" ADD_DATE="1615974000" PRIVATE="0" TAGS="note">A Shaarli note</A>
</DL><p>
"""

LINKDING = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
<DT><A HREF="https://linkding.example/page" ADD_DATE="1615974000123" LAST_MODIFIED="1615974000456" PRIVATE="0" TOREAD="1" TAGS="Amazon,Etats-Unis">linkding page</A>
<DD>Description from linkding
</DL><p>
"""


def parse(text, **options):
    summary = Summary()
    lines = enumerate(text.splitlines(), start=1)
    return list(parse_bookmarks(lines, summary, **options)), summary


def names(parsed):
    return [(tag.name, tag.as_tag, tag.as_theme) for tag in parsed.tags]


def test_firefox():
    [link, other], summary = parse(FIREFOX)
    assert link.url == "https://journal.example/entrepots?utm_source=rss"
    assert link.title == "Les entrepôts & leurs «\xa0cadences\xa0»"
    assert link.published_at == datetime(2021, 3, 17, 9, 40, tzinfo=UTC)
    assert link.updated_at == datetime(2021, 3, 17, 10, 40, tzinfo=UTC)
    assert link.commentary == "Notre commentaire." and link.excerpts == []
    assert names(link) == [
        ("Amazon", True, False),
        ("travail", True, False),
        ("grève_générale", True, False),
    ]
    assert link.status == "published"
    assert other.url == "https://other.example/a"
    assert summary.skipped == [(11, "not a web address (place:)")]


def test_firefox_folders_as_tags_but_not_browser_folders():
    [link, other], _summary = parse(FIREFOX, folders_as_tags=True)
    assert [name for name, *_ in names(link)][-2:] == ["Presse", "Travail_luttes"]
    assert other.tags == []


def test_chrome():
    [link], summary = parse(CHROME)
    assert (link.url, link.title, link.tags) == ("https://chrome.example/one", "One", [])
    assert "javascript:" in summary.skipped[0][1]


def test_pinboard_private_is_a_draft():
    [link], _summary = parse(PINBOARD)
    assert link.status == "draft"
    assert link.commentary == "A private note"
    assert names(link) == [("surveillance", True, False), ("santé", True, False)]


def test_shaarli_note_paragraphs_and_themes():
    [link], summary = parse(SHAARLI)
    assert link.commentary == "Pourquoi c'est important.\n\nEt une dernière remarque."
    assert link.excerpts == ["La citation de l'article,\nsur deux lignes."]
    assert names(link) == [("écologie", True, False), ("climat", False, True)]
    assert summary.skipped[0][1] == "no web address"


def test_linkding_milliseconds():
    [link], _summary = parse(LINKDING)
    assert link.published_at == datetime(2021, 3, 17, 9, 40, tzinfo=UTC)
    assert link.commentary == "Description from linkding"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1615974000", 2021), ("1615974000000", 2021), ("1615974000000000", 2021), ("x", None)],
)
def test_timestamps(value, expected):
    found = timestamp(value)
    assert (found.year if found else None) == expected


def test_split_note():
    assert split_note("Mine.\n\n> Theirs\n>\n> more") == ("Mine.", ["Theirs\n\nmore"])


@pytest.mark.django_db
def test_import_command_is_idempotent(tmp_path, capsys):
    make_user("alice")
    path = tmp_path / "firefox.html"
    path.write_text(FIREFOX, encoding="utf-8")
    call_command("import_bookmarks", str(path), author="alice", folders_as_tags=True)
    out = capsys.readouterr().out
    assert "Created: 2 press links" in out and "not a web address (place:)" in out
    link = PressLink.objects.get(title__startswith="Les entrepôts")
    assert link.updated_at == datetime(2021, 3, 17, 10, 40, tzinfo=UTC)
    assert link.source.domain == "journal.example"
    before = list(PressLink.objects.order_by("pk").values())
    call_command("import_bookmarks", str(path), author="alice", folders_as_tags=True)
    assert "Unchanged: 2 press links" in capsys.readouterr().out
    assert list(PressLink.objects.order_by("pk").values()) == before


@pytest.mark.django_db
def test_export_import_into_empty_database_export_gives_the_same_file(seed_stream, tmp_path):
    call_command("load_demo", verbosity=0)
    seed = tmp_path / "stream.txt"
    seed.write_text(seed_stream, encoding="utf-8")
    call_command("import_seenthis", str(seed), author="camille", verbosity=0)
    PressLink.objects.filter(pk=PressLink.objects.order_by("pk").first().pk).update(
        status=Entry.Status.DRAFT
    )
    first_path = tmp_path / "first.html"
    call_command("export_bookmarks", str(first_path))
    first = first_path.read_text(encoding="utf-8")
    assert 'PRIVATE="1"' in first and "##" in first and "&gt; " in first
    exported = sum(1 for link in PressLink.objects.all() if link.url)
    assert first.count("<DT><A ") == exported

    TaggedEntry.objects.all().delete()
    Entry.objects.all().delete()
    summary = run_import("bookmarks", first_path.open("rb"), author=make_user("importer"))
    assert summary.created["press links"] == exported
    second = io.StringIO()
    write_bookmarks(second)
    assert second.getvalue() == first
