"""The press-link editor through HTTP: pre-filling, fetching, bad input, duplicates, conflicts."""

import json

import pytest
from django.urls import reverse

from articles.editor.links import version_of
from articles.models import Entry, Excerpt, PressLink
from tags.models import Tag

from .factories import make_contributor, make_editor, make_link
from .test_permissions import link_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor(client):
    user = make_contributor("camille")
    client.force_login(user)
    return user


def new_link(**changes):
    values = link_form(
        PressLink(url="https://www.gazette.example/a"),
        title="Un titre",
        version="",
        commentary="Mon commentaire #Amazon",
        hashtags="#travail",
        action="publish",
    )
    values.update(changes)
    return values


def test_query_string_prefills_the_editor(client, contributor):
    page = client.get(
        reverse("link_new"),
        {"url": "https://site.example/a?x=1", "title": "Un titre", "excerpt": "Un passage choisi."},
    )
    form = page.context["form"]
    assert form.initial["url"] == "https://site.example/a?x=1"
    assert form.initial["title"] == "Un titre"
    assert page.context["formset"].forms[0].initial["text"] == "Un passage choisi."
    assert page.context["autofetch"] is True


def test_a_non_web_url_in_the_query_string_is_dropped(client, contributor):
    page = client.get(reverse("link_new"), {"url": "javascript:alert(1)"})
    assert page.context["form"].initial["url"] == ""


def test_publishing_a_link_shows_it_on_the_stream_and_its_tag_page(client, contributor):
    response = client.post(reverse("link_new"), new_link())
    link = PressLink.objects.get()
    assert response.status_code == 302 and response["Location"] == link.get_absolute_url()
    assert link.status == Entry.Status.PUBLISHED and link.author == contributor
    assert "Un titre" in client.get("/").content.decode()
    assert "Un titre" in client.get("/tags/amazon/").content.decode()
    assert "Un titre" in client.get("/tags/travail/").content.decode()


def test_a_draft_stays_hidden_from_readers(client, contributor):
    response = client.post(reverse("link_new"), new_link(action="draft"))
    link = PressLink.objects.get()
    assert response["Location"] == reverse("link_edit", args=[link.pk])
    client.logout()
    assert "Un titre" not in client.get("/").content.decode()
    assert client.get(link.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"url": "ftp://files.example/a"}, "url", "http:// or https://"),
        ({"url": "javascript:alert(1)"}, "url", "http:// or https://"),
        ({"url": ""}, "url", "required"),
        ({"title": "   "}, "title", "required"),
        ({"hashtags": "#" + "x" * 101}, "hashtags", "at most 100 characters"),
        ({"hashtags": "travail"}, "hashtags", "#tag"),
        ({"excerpts-0-text": "x" * 5001}, "excerpts-0-text", "at most 5000 characters"),
        ({"article_date": "31/02/2024"}, "article_date", "valid date"),
        ({"excerpts-TOTAL_FORMS": "junk"}, None, "ManagementForm"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_changes_nothing(
    client, contributor, changes, field, message
):
    client.cookies.load({"django_language": "en"})
    response = client.post(reverse("link_new"), new_link(**changes), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    if field:
        errors = page.split(f'id="id_{field}_error"')
        assert len(errors) == 2 and message in errors[1].split("</ul>")[0]
    assert PressLink.objects.count() == 0 and Excerpt.objects.count() == 0
    assert Tag.objects.count() == 0


def test_posting_a_stored_url_offers_the_existing_entry(client, contributor):
    existing = make_link(url="https://www.gazette.example/a", author=contributor)
    response = client.post(
        reverse("link_new"), new_link(url="https://WWW.gazette.example/a/?utm_source=x")
    )
    assert response.status_code == 409
    assert response.context["duplicate"]["url"] == reverse("link_edit", args=[existing.pk])
    assert 'class="open-existing"' in response.content.decode()
    assert PressLink.objects.count() == 1


def test_the_editor_warns_of_a_duplicate_when_opened(client, contributor):
    existing = make_link(url="https://www.gazette.example/a")
    page = client.get(reverse("link_new"), {"url": "https://www.gazette.example/a#x"})
    assert page.context["duplicate"]["url"] == existing.get_absolute_url()
    assert page.context["autofetch"] is False


def test_editing_keeps_excerpt_order_and_reorders(client, contributor):
    link = make_link(author=contributor, excerpts=("Un.", "Deux.", "Trois."))
    form = client.get(reverse("link_edit", args=[link.pk])).context["formset"]
    assert [f.initial["text"] for f in form.forms[:3]] == ["Un.", "Deux.", "Trois."]
    data = link_form(link, title=link.title)
    data.update(
        {
            "excerpts-TOTAL_FORMS": "4",
            "excerpts-0-text": "Un.",
            "excerpts-0-ORDER": "3",
            "excerpts-1-text": "Deux.",
            "excerpts-1-ORDER": "1",
            "excerpts-1-DELETE": "on",
            "excerpts-2-text": "Trois.",
            "excerpts-2-ORDER": "2",
            "excerpts-3-text": "Quatre.",
            "excerpts-3-ORDER": "1",
        }
    )
    response = client.post(reverse("link_edit", args=[link.pk]), data)
    assert response.status_code == 302
    assert [e.text for e in link.excerpts.all()] == ["Quatre.", "Trois.", "Un."]


def test_second_of_two_concurrent_saves_is_refused_with_the_changes(client, contributor):
    link = make_link(author=contributor, title="Titre initial")
    opened = version_of(link)
    editor = make_editor()
    other = client.__class__()
    other.force_login(editor)
    first = other.post(
        reverse("link_edit", args=[link.pk]), link_form(link, title="Titre de l'éditrice")
    )
    assert first.status_code == 302
    second = client.post(
        reverse("link_edit", args=[link.pk]),
        link_form(link, title="Titre de Camille", version=opened),
    )
    assert second.status_code == 409
    page = second.content.decode()
    assert "Titre de l&#x27;éditrice" in page  # what the other person saved
    assert 'value="Titre de Camille"' in page  # the person's own text is kept
    assert PressLink.objects.get(pk=link.pk).title == "Titre de l'éditrice"
    # The form now carries the new version: saving again is an informed choice.
    again = client.post(
        reverse("link_edit", args=[link.pk]),
        link_form(
            link, title="Titre de Camille", version=second.context["form"]["version"].value()
        ),
    )
    assert again.status_code == 302
    assert PressLink.objects.get(pk=link.pk).title == "Titre de Camille"


def test_fetch_endpoint_returns_the_page_metadata(client, contributor, pages):
    answer = client.post(reverse("editor_fetch"), {"url": pages.url("/article")}).json()
    assert answer["ok"] is True and answer["duplicate"] is None
    assert answer["fields"]["title"] == "Les entrepôts automatisés sous surveillance"
    assert answer["fields"]["publication"] == "La Gazette du Rhône"
    assert answer["fields"]["article_date"] == "2024-03-05"
    assert answer["fields"]["commentary"] == "Par Jeanne Martin."
    assert answer["excerpt"] == "Une enquête sur les cadences & la santé au travail."


def test_fetch_endpoint_reports_a_refused_address_clearly(client, contributor, settings):
    settings.FETCH_ALLOW_PRIVATE_FOR_TESTS = False
    answer = client.post(reverse("editor_fetch"), {"url": "http://169.254.169.254/"}).json()
    assert answer["ok"] is False and "link-local" in answer["error"]
    answer = client.post(reverse("editor_fetch"), {"url": "file:///etc/passwd"}).json()
    assert answer["ok"] is False


def test_fetch_endpoint_refuses_an_address_over_2000_characters(client, contributor, pages):
    long_path = "/article?" + "a" * 2000
    for url in (pages.url(long_path), pages.url(long_path).split("://", 1)[1]):
        answer = client.post(reverse("editor_fetch"), {"url": url}).json()
        assert answer["ok"] is False and "https://" in answer["error"], url[:40]
        assert "duplicate" not in answer  # refused before anything is looked up


def test_fetch_without_script_fills_the_empty_fields_only(client, contributor, pages):
    data = new_link(url=pages.url("/article"), title="Mon titre à moi", action="fetch")
    data["excerpts-0-text"] = ""
    page = client.post(reverse("link_new"), data)
    assert page.status_code == 200 and PressLink.objects.count() == 0
    initial = page.context["form"].initial
    assert initial["title"] == "Mon titre à moi"
    assert initial["publication"] == "La Gazette du Rhône"
    assert str(initial["article_date"]) == "2024-03-05"
    assert page.context["formset"].forms[0].initial["text"].startswith("Une enquête")


def test_a_failed_fetch_leaves_the_form_usable(client, contributor, pages):
    data = new_link(url=pages.url("/missing"), title="", action="fetch")
    page = client.post(reverse("link_new"), data)
    assert page.status_code == 200
    assert "404" in page.context["fetch_error"]
    assert page.context["form"].initial["url"] == pages.url("/missing")
    assert 'name="title"' in page.content.decode()


def test_fetch_without_script_refuses_an_address_over_2000_characters(client, contributor, pages):
    for url in (pages.url("/article?" + "a" * 2000), "www.example.org/" + "a" * 2000):
        page = client.post(reverse("link_new"), new_link(url=url, title="", action="fetch"))
        assert page.status_code == 200 and PressLink.objects.count() == 0
        assert "https://" in str(page.context["fetch_error"]) and not page.context.get("fetched")


def test_preview_renders_with_the_page_pipeline(client, contributor):
    html = client.post(
        reverse("editor_preview"), {"text": "Voir #Amazon <script>alert(1)</script> **gras**"}
    ).content.decode()
    assert 'href="/tags/amazon/"' in html
    assert "<strong>gras</strong>" in html
    assert "<script>" not in html


def test_tag_autocomplete_lists_matching_tags_most_used_first(client, contributor):
    make_link(tags="#Amazonie")
    make_link(tags="#Amazon #travail")
    make_link(tags="#Amazon")
    answer = client.get(reverse("tag_autocomplete"), {"q": "#ama"})
    assert answer["Content-Type"] == "application/json"
    names = [tag["name"] for tag in answer.json()["tags"]]
    assert names == ["Amazon", "Amazonie"]
    assert answer.json()["tags"][0]["count"] == 2
    assert client.get(reverse("tag_autocomplete"), {"q": "zzz"}).json() == {"tags": []}


def test_autocomplete_json_escapes_markup():
    from django.http import JsonResponse

    body = JsonResponse({"tags": [{"name": "</script><b>"}]}).content.decode()
    assert json.loads(body)["tags"][0]["name"] == "</script><b>"


def test_delete_asks_then_deletes(client, contributor):
    link = make_link(author=contributor)
    page = client.get(reverse("link_delete", args=[link.pk]))
    assert page.status_code == 200 and PressLink.objects.filter(pk=link.pk).exists()
    response = client.post(reverse("link_delete", args=[link.pk]))
    assert response.status_code == 302
    assert not PressLink.objects.filter(pk=link.pk).exists()


def test_detail_pages_offer_editing_to_who_may_edit(client):
    from .factories import make_post

    owner = make_contributor()
    link, post = make_link(author=owner), make_post(author=owner)
    edit_link = reverse("link_edit", args=[link.pk])
    edit_post = reverse("post_edit", args=[post.pk])
    assert edit_link not in client.get(link.get_absolute_url()).content.decode()
    client.force_login(make_contributor())
    assert edit_link not in client.get(link.get_absolute_url()).content.decode()
    client.force_login(owner)
    assert edit_link in client.get(link.get_absolute_url()).content.decode()
    assert edit_post in client.get(post.get_absolute_url()).content.decode()


def test_preview_of_a_post_links_the_references_it_has(client, contributor):
    html = client.post(reverse("editor_preview"), {"text": "Voir [1] et [3].", "sources": "2"})
    html = html.content.decode()
    assert 'href="#source-1"' in html and 'href="#source-3"' not in html


def test_tag_suggestions_rank_by_use_then_name_and_list_unused_tags_last():
    from tags.models import Tag
    from tags.suggest import suggest_tags

    make_link(tags="#santé #Santé_publique")
    make_link(tags="#Santé_publique")
    Tag.objects.create(name="Sanction")
    assert [(tag.name, n) for tag, n in suggest_tags("#SAN")] == [
        ("Santé_publique", 2),
        ("santé", 1),
        ("Sanction", 0),
    ]
    assert [tag.name for tag, _n in suggest_tags("san", limit=1)] == ["Santé_publique"]
    assert suggest_tags("") == [] and suggest_tags("#") == []
