"""The editor's write path, without HTTP: saving, duplicates, conflicts, publishing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from articles.editor.links import (
    DuplicateLink,
    EditConflict,
    LinkData,
    delete_entry,
    find_duplicate,
    save_press_link,
    version_of,
)
from articles.models import Entry, Excerpt, PressLink, Source
from articles.normalize import normalize_url
from tags.parser import tags_in
from tags.services import hashtag_line

from .factories import make_contributor, make_editor, make_link, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def data(**fields):
    values = {
        "url": "https://www.gazette.example/enquete/entrepots",
        "title": "Les entrepôts sous surveillance",
        "excerpts": ["Premier passage.", "Second passage #logistique."],
        "commentary": "À lire. #Amazon",
        "hashtags": tags_in("#travail ##santé"),
    }
    values.update(fields)
    return LinkData(**values)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://WWW.Example.ORG/a", "https://www.example.org/a"),
        ("https://example.org:443/a", "https://example.org/a"),
        ("http://example.org:80/a", "http://example.org/a"),
        ("https://example.org:8443/a", "https://example.org:8443/a"),
        ("https://example.org/a#section-2", "https://example.org/a"),
        ("https://example.org/a/", "https://example.org/a"),
        ("https://example.org/", "https://example.org"),
        (
            "https://example.org/a?utm_source=tw&utm_medium=social&utm_campaign=x",
            "https://example.org/a",
        ),
        ("https://example.org/a?UTM_Content=1", "https://example.org/a"),
        ("https://example.org/a?fbclid=IwAR0", "https://example.org/a"),
        ("https://example.org/a?gclid=abc", "https://example.org/a"),
        ("https://example.org/a?xtor=RSS-3208", "https://example.org/a"),
        ("https://example.org/a?id=7&utm_source=x#top", "https://example.org/a?id=7"),
        ("https://example.org/a?page=2&id=7", "https://example.org/a?page=2&id=7"),
        ("https://example.org/A/B", "https://example.org/A/B"),
        ("  https://example.org/a  ", "https://example.org/a"),
    ],
)
def test_normalisation_table(url, expected):
    assert normalize_url(url) == expected


def test_variants_of_one_url_are_duplicates():
    link = make_link(url="https://www.gazette.example/a/?id=3")
    for variant in (
        "HTTPS://WWW.GAZETTE.EXAMPLE:443/a?id=3&utm_source=twitter",
        "https://www.gazette.example/a?id=3#comments",
        "https://www.gazette.example/a/?fbclid=x&id=3&xtor=RSS-1",
    ):
        assert find_duplicate(variant) == link
    assert find_duplicate("https://www.gazette.example/a?id=4") is None
    assert find_duplicate(link.url, exclude_pk=link.pk) is None


def test_creating_a_link_saves_everything_in_order():
    user = make_contributor()
    link = save_press_link(data(article_date=date(2024, 3, 5)), user=user)
    assert link.author == user and link.status == Entry.Status.DRAFT and link.published_at is None
    assert link.source.domain == "gazette.example"
    assert [e.text for e in link.excerpts.all()] == [
        "Premier passage.",
        "Second passage #logistique.",
    ]
    assert link.article_date == date(2024, 3, 5)
    # Tags of the field first, then those typed in the texts; the theme kept apart.
    assert hashtag_line(link) == "#travail #Amazon #logistique ##santé"
    assert link.tag_line == "#travail ##santé"
    assert "Premier passage." in link.excerpts.first().html  # rendered on save


def test_publishing_sets_the_publication_time_and_a_draft_clears_it():
    user = make_contributor()
    link = save_press_link(data(), user=user)
    link = save_press_link(data(publish=True), user=user, link=link, version=version_of(link))
    assert link.status == Entry.Status.PUBLISHED and link.published_at is not None
    first = link.published_at
    link = save_press_link(data(publish=True), user=user, link=link, version=version_of(link))
    assert link.published_at == first  # saving a published link keeps its time
    link = save_press_link(data(), user=user, link=link, version=version_of(link))
    assert link.status == Entry.Status.DRAFT and link.published_at is None


def test_a_new_publication_is_named_from_the_page_but_a_known_one_is_kept():
    user = make_contributor()
    link = save_press_link(data(publication="La Gazette"), user=user)
    assert link.source.name == "La Gazette"
    other = save_press_link(
        data(url="https://www.lemonde.fr/x", publication="LeMonde.fr — Actualités"), user=user
    )
    assert other.source.name == "Le Monde"


def test_a_stored_url_is_refused_and_nothing_is_saved():
    existing = make_link(url="https://www.gazette.example/enquete/entrepots")
    user = make_contributor()
    before = PressLink.objects.count(), Excerpt.objects.count(), Source.objects.count()
    with pytest.raises(DuplicateLink) as duplicate:
        save_press_link(
            data(url="HTTPS://www.gazette.example/enquete/entrepots/?utm_source=x"), user=user
        )
    assert duplicate.value.existing == existing
    assert (PressLink.objects.count(), Excerpt.objects.count(), Source.objects.count()) == before


def test_concurrent_edits_the_second_save_is_refused_with_the_changes():
    owner, editor = make_contributor(), make_editor()
    link = save_press_link(data(), user=owner)
    opened_by_owner = version_of(link)
    opened_by_editor = version_of(link)
    save_press_link(
        data(title="Titre corrigé par l'éditrice", commentary="À lire.\nAjout. #Amazon"),
        user=editor,
        link=link,
        version=opened_by_editor,
    )
    with pytest.raises(EditConflict) as conflict:
        save_press_link(
            data(excerpts=["Premier passage modifié."]),
            user=owner,
            link=link,
            version=opened_by_owner,
        )
    changes = {change.label: change for change in conflict.value.changes}
    assert changes["Title"].saved == "Titre corrigé par l'éditrice"
    assert changes["Title"].yours == "Les entrepôts sous surveillance"
    assert "+À lire." not in changes["Commentary"].diff
    assert "-Ajout. #Amazon" in changes["Commentary"].diff
    assert "Excerpts" in changes
    stored = PressLink.objects.get(pk=link.pk)
    assert stored.title == "Titre corrigé par l'éditrice"
    assert [e.text for e in stored.excerpts.all()] == [
        "Premier passage.",
        "Second passage #logistique.",
    ]
    # With the new version token (after seeing the changes) the save goes through.
    save_press_link(data(), user=owner, link=link, version=conflict.value.version)
    assert PressLink.objects.get(pk=link.pk).title == "Les entrepôts sous surveillance"


def test_a_stale_version_with_identical_content_is_not_a_conflict():
    user = make_contributor()
    link = save_press_link(data(), user=user)
    stale = version_of(link)
    save_press_link(data(), user=user, link=link, version=stale)
    saved = save_press_link(data(), user=user, link=link, version=stale)
    assert saved.title == "Les entrepôts sous surveillance"


def test_a_missing_version_is_a_conflict():
    user = make_contributor()
    link = save_press_link(data(), user=user)
    with pytest.raises(EditConflict):
        save_press_link(data(title="Autre"), user=user, link=link, version="")


def test_only_roles_may_save_and_contributors_only_their_own():
    owner = make_contributor()
    link = save_press_link(data(), user=owner)
    with pytest.raises(PermissionDenied):
        save_press_link(data(url="https://other.example/a"), user=make_user())
    with pytest.raises(PermissionDenied):
        save_press_link(
            data(title="x"), user=make_contributor(), link=link, version=version_of(link)
        )
    assert PressLink.objects.get(pk=link.pk).title == "Les entrepôts sous surveillance"
    edited = save_press_link(
        data(title="Par l'éditeur", publish=True),
        user=make_editor(),
        link=link,
        version=version_of(link),
    )
    assert edited.title == "Par l'éditeur" and edited.author == owner
    assert edited.status == Entry.Status.PUBLISHED


def test_a_hashtag_removed_from_the_text_is_no_longer_a_tag():
    user = make_contributor()
    link = save_press_link(data(), user=user)
    edited = save_press_link(
        data(commentary="À lire.", excerpts=["Premier passage."]),
        user=user,
        link=link,
        version=version_of(link),
    )
    assert hashtag_line(edited) == "#travail ##santé"


def test_deleting_needs_the_right_and_removes_the_entry():
    owner = make_contributor()
    link = make_link(author=owner)
    with pytest.raises(PermissionDenied):
        delete_entry(link, user=make_contributor())
    assert PressLink.objects.filter(pk=link.pk).exists()
    delete_entry(link, user=owner)
    assert not PressLink.objects.filter(pk=link.pk).exists()
    assert not Excerpt.objects.filter(link_id=link.pk).exists()


def test_saving_an_entry_deleted_meanwhile_is_a_404_and_creates_nothing():
    from django.http import Http404

    user = make_contributor()
    link = save_press_link(data(), user=user)
    version = version_of(link)
    PressLink.objects.filter(pk=link.pk).delete()
    with pytest.raises(Http404):
        save_press_link(data(), user=user, link=link, version=version)
    assert PressLink.objects.count() == 0 and Excerpt.objects.count() == 0
