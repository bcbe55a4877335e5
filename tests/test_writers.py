"""Every writer leaves the site as if the entry had been typed in the editor.

The same press link is written by the web editor (the reference), the admin, the JSON
backup, the seenthis importer, and the demo loader's path; what readers get of it must be
the same: stored HTML, tags, tag counts, search, stream, tag page, feed, and a new stream
version (no cached page left stale). Tag management is checked the same way: a rename
from the manage page and from the admin leave the same site.
"""

import io
import json

import pytest
from django.contrib.auth import get_user_model

from articles.editor.links import LinkData, save_press_link
from articles.importers.services import run_import
from articles.models import Entry, PressLink, Source
from articles.stream import changes
from articles.stream.tag_views import change_tag
from tags.forms import HashtagField
from tags.models import Tag, TagMonth, TagPair
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

URL = "https://www.lemonde.fr/planete/article/abeilles.html"
TITLE = "Les abeilles et les néonicotinoïdes"
EXCERPTS = [
    "Un passage sur la **biodiversité** #pesticides.",
    "Un autre [bleu]passage[/bleu] : « enfin » !",
]
TAGS = "#Abeilles #Bayer ##Écologie"


def editor_writes(author):
    data = LinkData(
        url=URL, title=TITLE, excerpts=list(EXCERPTS), hashtags=HashtagField().clean(TAGS)
    )
    data.publish = True
    save_press_link(data, user=author)


def admin_writes(author, client):
    author.is_staff = author.is_superuser = True
    author.save()
    client.force_login(author)
    data = {
        "url": URL,
        "title": TITLE,
        "author": author.pk,
        "status": "published",
        "published_at_0": "2026-01-02",
        "published_at_1": "10:00:00",
        "hashtags": TAGS,
        "excerpts-TOTAL_FORMS": str(len(EXCERPTS)),
        "excerpts-INITIAL_FORMS": "0",
    }
    for n, text in enumerate(EXCERPTS):
        data[f"excerpts-{n}-text"] = text
        data[f"excerpts-{n}-position"] = str(n)
    response = client.post("/admin/articles/presslink/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()


def backup_writes(author):
    backup = {
        "format": "pressreview-backup",
        "version": 1,
        "users": [{"username": author.username}],
        "links": [
            {
                "url": URL,
                "title": TITLE,
                "excerpts": EXCERPTS,
                "tag_line": TAGS,
                "source": "lemonde.fr",  # a backup says which source, or none
                "author": author.username,
                "status": "published",
                "published_at": "2026-01-02T10:00:00+00:00",
            }
        ],
    }
    stream = io.BytesIO(json.dumps(backup).encode())
    summary = run_import("json", stream, author=author)
    assert not summary.skipped, summary.skipped


def seenthis_writes(author):
    paragraphs = "\n\n".join(f"    {text}" for text in [*EXCERPTS, TAGS])
    text = f"• {TITLE}\n    {URL}\n\n{paragraphs}\n"
    run_import("seenthis", io.BytesIO(text.encode()), author=author)


def observed(client) -> dict:
    """What readers get of the one press link, ids aside."""
    link = PressLink.objects.get()
    slugs = {tag.slug: tag.pk for tag in Tag.objects.all()}
    names = {pk: slug for slug, pk in slugs.items()}
    html = {path: client.get(path).content.decode() for path in PAGES}
    return {
        "commentary": link.commentary_html,
        "excerpts": list(link.excerpts.order_by("position").values_list("text", "html")),
        "tags": list(
            link.tagged_items.order_by("position").values_list("tag__slug", "as_tag", "as_theme")
        ),
        "months": sorted((names[t], m.strftime("%Y-%m"), n) for t, m, n in month_rows()),
        "pairs": sorted((names[a], names[b], n) for a, b, n in pair_rows()),
        "shown on": sorted(path for path, page in html.items() if TITLE in page),
        "excerpt shown": sorted(path for path, page in html.items() if "biodiversité" in page),
        "source": link.source.domain if link.source else None,
    }


PAGES = [
    "/",
    "/tags/abeilles/",
    "/tags/bayer+pesticides/",
    "/sources/lemonde.fr/",
    "/tags/pesticides/feed/atom/",
    "/feed/rss/",
    "/search/?q=biodiversite",
]


def month_rows():
    return TagMonth.objects.values_list("tag_id", "month", "count")


def pair_rows():
    return TagPair.objects.values_list("tag_id", "other_id", "count")


def written_by(writer, client) -> dict:
    author = make_editor("writer")
    client.get("/")  # pages cached before the write must not be served stale after it
    before = changes.current()
    if writer is admin_writes:
        writer(author, client)
    else:
        writer(author)
    assert changes.current() != before
    Entry.objects.update(published_at="2026-01-02T10:00:00+00:00")  # one date for all
    from articles.writes import entries_changed

    entries_changed(Entry.objects.values_list("pk", flat=True), texts=False)
    return observed(client)


def start_again():
    Entry.objects.all().delete()
    Tag.objects.all().delete()
    Source.objects.all().delete()
    TagMonth.objects.all().delete()
    TagPair.objects.all().delete()
    get_user_model().objects.all().delete()
    from tags.models import CountedEntry

    CountedEntry.objects.all().delete()


@pytest.mark.parametrize("writer", [admin_writes, backup_writes, seenthis_writes])
def test_each_writer_leaves_the_site_as_the_editor_does(writer, client):
    expected = written_by(editor_writes, client)
    assert expected["shown on"] == sorted(PAGES)  # the reference shows everywhere
    assert ("abeilles", "bayer", 1) in expected["pairs"] or ("bayer", "abeilles", 1) in (
        expected["pairs"]
    )
    start_again()
    assert written_by(writer, client) == expected


def test_a_tag_renamed_in_the_admin_or_on_its_page_leaves_the_same_site(client):
    author = make_editor("writer")
    editor_writes(author)
    change_tag(Tag.objects.get(slug="bayer"), "rename", {"name": "Bayer_Monsanto"})
    expected = observed(client)
    assert any(slug == "bayer_monsanto" for slug, *_ in expected["tags"])
    change_tag(Tag.objects.get(slug="bayer_monsanto"), "rename", {"name": "Bayer"})
    author.is_staff = author.is_superuser = True
    author.save()
    client.force_login(author)
    tag = Tag.objects.get(slug="bayer")
    data = {"name": "Bayer_Monsanto", "labels": "{}"}
    response = client.post(f"/admin/tags/tag/{tag.pk}/change/", data)
    assert response.status_code == 302
    client.logout()
    assert observed(client) == expected
