"""The import page: editors upload the same files and read the same summary on the job page.

The tasks run at once here (the immediate backend): these tests are about what the pages
show. tests/test_import_jobs.py runs them through the database queue and a real worker.
"""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from articles.models import PressLink
from tests.factories import make_link, make_user
from tests.workers import IMMEDIATE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def tasks_at_once(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def editor(client):
    user = make_user("editor")
    user.user_permissions.add(Permission.objects.get(codename="change_source"))
    client.force_login(user)
    return user


def upload(client, name, data: bytes, kind, **extra):
    file = SimpleUploadedFile(name, data)
    return client.post(
        "/import/", {"kind": kind, "file": file, **extra}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )


def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/import/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_reader_without_permission_is_refused(client):
    client.force_login(make_user("reader"))
    assert client.get("/import/").status_code == 403
    assert client.get("/import/backup.json").status_code == 403


def test_upload_seed_shows_summary(client, editor, seed_stream):
    response = upload(client, "stream.txt", seed_stream.encode(), "seenthis")
    assert response.status_code == 200
    page = response.content.decode()
    assert "24 press links" in page and "Imported" in page
    assert PressLink.objects.count() == 24
    assert set(PressLink.objects.values_list("author__username", flat=True)) == {"editor"}
    again = upload(client, "stream.txt", seed_stream.encode(), "seenthis").content.decode()
    assert "24 press links" in again.split("Unchanged")[1].split("Skipped")[0]
    assert PressLink.objects.count() == 24


def test_dry_run_upload(client, editor, seed_stream):
    response = upload(client, "stream.txt", seed_stream.encode(), "seenthis", dry_run="on")
    assert "Dry run: nothing was saved" in response.content.decode()
    assert PressLink.objects.count() == 0


def test_malformed_upload_shows_the_line_and_changes_nothing(client, editor):
    make_link(url="https://example.org/kept", title="Kept")
    data = "• Entrée\n    https://example.org/x\n• Été\n".encode("cp1252")
    response = upload(client, "stream.txt", data, "seenthis")
    assert response.status_code == 200
    page = response.content.decode()
    assert "failed" in page and "stream.txt, line 1:" in page and "not UTF-8" in page
    assert "Nothing was imported" in page
    assert list(PressLink.objects.values_list("title", flat=True)) == ["Kept"]


def test_wrong_kind_is_an_error_not_a_500(client, editor, seed_stream):
    response = upload(client, "stream.txt", seed_stream.encode(), "bookmarks")
    assert response.status_code == 200
    assert "not a Netscape bookmark file" in response.content.decode()


@override_settings(IMPORT_MAX_UPLOAD_BYTES=1000)
def test_upload_size_is_limited(client, editor, seed_stream):
    response = upload(client, "stream.txt", seed_stream.encode(), "seenthis")
    assert response.status_code == 200
    assert "the largest accepted is 1000" in response.content.decode()
    assert PressLink.objects.count() == 0


def test_downloads(client, editor):
    make_link(url="https://example.org/a", title="A link", tags="#Amazon")
    response = client.get("/import/backup.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(b"".join(response.streaming_content))
    assert [link["title"] for link in data["links"]] == ["A link"]
    bookmarks = b"".join(client.get("/import/bookmarks.html").streaming_content).decode()
    assert 'HREF="https://example.org/a"' in bookmarks and 'TAGS="Amazon"' in bookmarks


def test_bookmarks_upload_with_folders(client, editor):
    html = (
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n<DT><H3>Presse</H3>\n<DL><p>\n"
        '<DT><A HREF="https://example.org/b" TAGS="santé">B</A>\n</DL><p>\n</DL><p>\n'
    )
    response = upload(client, "b.html", html.encode(), "bookmarks", folders_as_tags="on")
    assert response.status_code == 200
    link = PressLink.objects.get()
    assert sorted(link.tags.names()) == ["Presse", "santé"]


def test_errors_and_summary_in_french(client, editor):
    data = "• Été\n".encode("cp1252")
    file = SimpleUploadedFile("flux.txt", data)
    response = client.post(
        "/import/", {"kind": "seenthis", "file": file}, HTTP_ACCEPT_LANGUAGE="fr", follow=True
    )
    page = response.content.decode()
    assert "flux.txt, ligne 1 :" in page and "Rien n’a été importé" in page
    assert "échec" in page
    file = SimpleUploadedFile("flux.txt", "• Été\n    https://example.org/ete\n".encode())
    page = client.post(
        "/import/", {"kind": "seenthis", "file": file}, HTTP_ACCEPT_LANGUAGE="fr", follow=True
    ).content.decode()
    assert "1 lien de presse, 1 source<" in page and "terminé" in page
