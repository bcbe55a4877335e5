"""Tag management: rename, merge (one transaction, redirects), labels, theme; the editor page."""

import pytest
from django.contrib.auth.models import Permission

from articles.stream.search import search
from articles.stream.tag_views import change_tag
from search.query import parse_query
from tags import management
from tags.management import TagError
from tags.models import Tag, TaggedEntry, TagRedirect
from tests.factories import make_link, make_user

pytestmark = pytest.mark.django_db


def slugs_of(link):
    return [t.tag.slug for t in link.tagged_items.select_related("tag").order_by("position")]


def test_rename_changes_the_spelling_and_the_old_url_redirects_permanently(client):
    link = make_link(tags="#Sante #travail")
    tag = Tag.objects.get(slug="sante")
    management.rename_tag(tag, "#Santé")
    assert Tag.objects.get(pk=tag.pk).name == "Santé" and slugs_of(link) == ["santé", "travail"]
    response = client.get("/tags/sante/")
    assert response.status_code == 301 and response["Location"] == "/tags/sant%C3%A9/"
    assert client.get("/tags/sante+travail/?page=1")["Location"].endswith(
        "/tags/sant%C3%A9+travail/?page=1"
    )
    assert client.get(response["Location"]).status_code == 200


def test_rename_to_a_case_variant_keeps_the_key_and_adds_no_redirect():
    make_link(tags="#amazon")
    management.rename_tag(Tag.objects.get(slug="amazon"), "Amazon")
    assert Tag.objects.get(slug="amazon").name == "Amazon"
    assert not TagRedirect.objects.exists()


def test_rename_refuses_bad_names_and_existing_tags_and_changes_nothing():
    make_link(tags="#amazon #travail")
    tag = Tag.objects.get(slug="amazon")
    for bad in ("", "two words", "#", "a" * 101, "x,y", "[fr]a[en]b"):
        with pytest.raises(TagError):
            management.rename_tag(tag, bad)
    with pytest.raises(TagError, match="merge|fusionnez"):
        management.rename_tag(tag, "Travail")
    assert Tag.objects.get(pk=tag.pk).name == "amazon" and not TagRedirect.objects.exists()


def test_merge_retags_every_entry_and_redirects_the_old_tag(client):
    only_old = make_link(tags="#sante #travail")
    both = make_link(tags="#travail #santé #sante ##sante")
    assert slugs_of(both) == ["travail", "santé", "sante"]
    management.rename_tag(Tag.objects.get(slug="travail"), "Travail")  # an older redirect
    old, new = Tag.objects.get(slug="sante"), Tag.objects.get(slug="santé")
    management.rename_tag(old, "sante_publique")
    old.refresh_from_db()
    # As the editor's page does: the merge, then its entries changed (the tag page's count
    # reads the running counts, which entries_changed keeps).
    change_tag(old, "merge", {"target": new})
    assert not Tag.objects.filter(pk=old.pk).exists()
    assert slugs_of(only_old) == ["santé", "travail"]
    assert slugs_of(both) == ["travail", "santé"]
    merged = TaggedEntry.objects.get(content_object=both, tag=new)
    assert merged.as_tag and merged.as_theme  # the theme mark of the old tagging is kept
    for old_url in ("/tags/sante_publique/", "/tags/sante/"):
        response = client.get(old_url)
        assert response.status_code == 301 and response["Location"] == "/tags/sant%C3%A9/"
    assert client.get("/tags/santé/").context["page"].paginator.count == 2
    # The search index follows: #sante_publique and #santé find the same entries.
    assert search(parse_query("#sante_publique")).documents.count() == 2
    assert search(parse_query("publique")).documents.count() == 0


def test_merge_is_one_transaction(monkeypatch):
    make_link(tags="#a #b")
    make_link(tags="#a")
    source, target = Tag.objects.get(slug="a"), Tag.objects.get(slug="b")

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(management, "_add_redirect", fail)
    with pytest.raises(RuntimeError):
        management.merge_tags(source, target)
    assert Tag.objects.filter(pk=source.pk).exists()
    assert TaggedEntry.objects.filter(tag=source).count() == 2
    assert TaggedEntry.objects.filter(tag=target).count() == 1


def test_merge_into_itself_is_refused():
    make_link(tags="#a")
    tag = Tag.objects.get(slug="a")
    with pytest.raises(TagError):
        management.merge_tags(tag, tag)


def test_labels_per_language_and_theme(client):
    make_link(tags="#RGPD")
    tag = Tag.objects.get(slug="rgpd")
    management.set_labels(tag, {"fr": "RGPD", "en": " GDPR "})
    assert Tag.objects.get(pk=tag.pk).labels == {"fr": "RGPD", "en": "GDPR"}
    assert "#GDPR" in client.get("/tags/rgpd/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with pytest.raises(TagError):
        management.set_labels(tag, {"de": "DSGVO"})
    with pytest.raises(TagError):
        management.set_labels(tag, {"en": "two words"})
    assert Tag.objects.get(pk=tag.pk).labels == {"fr": "RGPD", "en": "GDPR"}
    management.set_labels(tag, {"fr": "", "en": ""})
    assert Tag.objects.get(pk=tag.pk).labels == {}
    management.set_theme(tag, True)
    html = client.get("/").content.decode()
    themes = html[html.index('<ul class="themes"') :]
    assert "##RGPD" in themes


@pytest.fixture
def editor(client):
    user = make_user("editor")
    user.user_permissions.add(
        Permission.objects.get(codename="change_tag", content_type__app_label="tags")
    )
    client.force_login(user)
    return user


def test_manage_page_is_for_editors_only(client):
    make_link(tags="#a")
    assert client.get("/tags/a/manage/").status_code == 403
    client.force_login(make_user("reader"))
    assert client.get("/tags/a/manage/").status_code == 403
    assert client.post("/tags/a/manage/", {"action": "theme"}).status_code == 403
    assert not Tag.objects.get(slug="a").is_theme


def test_editor_renames_merges_labels_and_themes_through_the_page(client, editor):
    make_link(tags="#a #b")
    assert "Manage" in client.get("/tags/a/").content.decode() or "Gérer" in (
        client.get("/tags/a/").content.decode()
    )
    page = client.get("/tags/a/manage/")
    assert page.status_code == 200 and "csrfmiddlewaretoken" in page.content.decode()
    response = client.post("/tags/a/manage/", {"action": "rename", "rename-name": "Alpha"})
    assert response.status_code == 302 and response["Location"] == "/tags/alpha/manage/"
    client.post("/tags/alpha/manage/", {"action": "labels", "labels-label_en": "AlphaEN"})
    client.post("/tags/alpha/manage/", {"action": "theme", "theme-is_theme": "on"})
    tag = Tag.objects.get(slug="alpha")
    assert tag.labels == {"en": "AlphaEN"} and tag.is_theme
    response = client.post("/tags/alpha/manage/", {"action": "merge", "merge-target": "#B"})
    assert response["Location"] == "/tags/b/manage/"
    assert not Tag.objects.filter(slug="alpha").exists()
    assert client.get("/tags/a/manage/")["Location"] == "/tags/b/manage/"


def test_bad_input_on_the_page_says_why_and_changes_nothing(client, editor):
    make_link(tags="#a #b")
    for data in (
        {"action": "rename", "rename-name": "two words"},
        {"action": "rename", "rename-name": "B"},
        {"action": "merge", "merge-target": "nosuchtag"},
        {"action": "merge", "merge-target": "a"},
        {"action": "labels", "labels-label_fr": "deux mots"},
        {"action": "explode"},
    ):
        response = client.post("/tags/a/manage/", data)
        assert response.status_code == 400, data
        assert 'class="errorlist' in response.content.decode() or data["action"] == "explode"
    tag = Tag.objects.get(slug="a")
    assert tag.name == "a" and tag.labels == {} and Tag.objects.count() == 2
    assert not TagRedirect.objects.exists()


def test_writing_a_merged_tag_again_gives_the_tag_it_became():
    make_link(tags="#sante #santé")
    management.merge_tags(Tag.objects.get(slug="sante"), Tag.objects.get(slug="santé"))
    link = make_link(tags="#Sante #travail ##santé")
    assert slugs_of(link) == ["santé", "travail"]
    tagging = TaggedEntry.objects.get(content_object=link, tag__slug="santé")
    assert tagging.as_tag and tagging.as_theme
    assert not Tag.objects.filter(slug="sante").exists()


def test_admin_rename_keeps_the_old_url_and_refuses_a_clash(client):
    make_link(tags="#sante #travail")
    tag = Tag.objects.get(slug="sante")
    client.force_login(make_user("boss", is_staff=True, is_superuser=True))
    url = f"/admin/tags/tag/{tag.pk}/change/"
    data = {"name": "Travail", "labels": "{}"}
    response = client.post(url, data)
    assert response.status_code == 200 and "errornote" in response.content.decode()
    response = client.post(url, {**data, "name": "Santé"})
    assert response.status_code == 302
    assert Tag.objects.get(pk=tag.pk).slug == "santé"
    assert client.get("/tags/sante/")["Location"] == "/tags/sant%C3%A9/"
