"""The JSON backup: complete, deterministic, and read back to the same bytes."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from articles.importers.backup import export_backup
from articles.importers.services import run_import
from articles.models import Campaign, CampaignPost, Entry, PostSource, PressLink, Source
from tags.models import Tag, TaggedEntry
from tests.factories import make_link, make_user


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the site's default language is French)."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


def export_text() -> str:
    out = io.StringIO()
    export_backup(out)
    return out.getvalue()


def empty_database():
    PostSource.objects.all().delete()
    Entry.objects.all().delete()
    Campaign.objects.all().delete()
    Source.objects.all().delete()
    Tag.objects.all().delete()
    get_user_model().objects.all().delete()


@pytest.fixture
def full_review(seed_stream, tmp_path):
    """The demo content (campaign posts, themes, labels, drafts) and the seed stream."""
    call_command("load_demo", verbosity=0)
    path = tmp_path / "stream.txt"
    path.write_text(seed_stream, encoding="utf-8")
    call_command("import_seenthis", str(path), author="camille", verbosity=0)
    make_link(url="", title="A link without URL", tags="#sansURL", status=Entry.Status.DRAFT)
    PressLink.objects.filter(title="A link without URL").update(published_at=None)


def test_export_holds_everything_without_secrets_or_derived_fields(full_review):
    text = export_text()
    data = json.loads(text)
    assert data["format"] == "pressreview-backup" and data["version"] == 1
    assert len(data["links"]) == PressLink.objects.count()
    assert len(data["posts"]) == CampaignPost.objects.count() >= 2
    assert len(data["users"]) == get_user_model().objects.count()
    assert len(data["tags"]) == Tag.objects.count()
    assert any(tag["labels"] for tag in data["tags"])
    assert any(tag["theme"] for link in data["links"] for tag in link["tags"])
    assert any(source["link"] for post in data["posts"] for source in post["sources"])
    for forbidden in ("password", "normalized_url", "is_superuser", "last_login", '"id"'):
        assert forbidden not in text
    assert [u["username"] for u in data["users"]] == sorted(u["username"] for u in data["users"])


def test_export_import_into_empty_database_export_gives_the_same_bytes(full_review, tmp_path):
    first = export_text()
    counts = {
        "links": PressLink.objects.count(),
        "taggings": TaggedEntry.objects.count(),
        "post sources": PostSource.objects.count(),
    }
    empty_database()
    assert PressLink.objects.count() == 0
    path = tmp_path / "backup.json"
    path.write_text(first, encoding="utf-8")
    call_command("import_json", str(path), verbosity=0)
    assert {
        "links": PressLink.objects.count(),
        "taggings": TaggedEntry.objects.count(),
        "post sources": PostSource.objects.count(),
    } == counts
    assert export_text() == first
    draft = PressLink.objects.get(title="A link without URL")
    assert draft.status == Entry.Status.DRAFT and draft.published_at is None
    assert not get_user_model().objects.filter(password__startswith="pbkdf2").exists()


def test_import_twice_changes_nothing(full_review):
    first = export_text()
    summary = run_import("json", io.BytesIO(first.encode()))
    assert not summary.changed
    assert summary.unchanged["press links"] == PressLink.objects.count()
    assert export_text() == first


def test_import_updates_stored_link_and_keeps_existing_user(tmp_path):
    bob = make_user("bob", email="bob@example.org")
    make_link(url="https://example.org/a", title="Old", author=bob)
    backup = {
        "format": "pressreview-backup",
        "version": 1,
        "users": [{"username": "bob", "email": "other@example.org", "is_active": True}],
        "links": [
            {
                "url": "https://example.org/a",
                "title": "New",
                "author": "bob",
                "status": "published",
                "published_at": "2021-03-17T10:00:00+00:00",
                "excerpts": ["Quoted."],
                "tags": [{"name": "Amazon"}, {"name": "santé", "tag": False, "theme": True}],
            }
        ],
    }
    summary = run_import("json", io.BytesIO(json.dumps(backup).encode()))
    assert summary.updated == {"press links": 1}
    assert "kept as it is" in summary.skipped[0][1]
    bob.refresh_from_db()
    assert bob.email == "bob@example.org"
    link = PressLink.objects.get()
    assert (link.title, link.published_at.year) == ("New", 2021)
    assert list(link.excerpts.values_list("text", flat=True)) == ["Quoted."]
    rows = TaggedEntry.objects.filter(content_object=link).order_by("position")
    assert [(r.tag.name, r.as_tag, r.as_theme) for r in rows] == [
        ("Amazon", True, False),
        ("santé", False, True),
    ]


def test_the_export_command_writes_the_same_backup_to_standard_output():
    make_link(title="Sortie standard", tags="#Amazon")
    out, err = io.StringIO(), io.StringIO()
    call_command("export_json", "-", stdout=out, stderr=err)
    assert out.getvalue() == export_text()  # byte for byte: no line end added to its writes
    assert json.loads(out.getvalue())["format"] and err.getvalue().startswith("Exported ")
