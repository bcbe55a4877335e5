"""Nothing is told to someone who may not know it: the duplicate check names no draft one
cannot open, and author pages (and their feeds, and the sitemap) exist only for people
with published entries, with the same 404 for every other name."""

import json
import re

import pytest
from django.urls import reverse

from articles.editor.views import duplicate_info
from articles.models import Entry

from .factories import make_contributor, make_editor, make_link, make_user
from .test_permissions import link_form

pytestmark = pytest.mark.django_db

URL = "https://www.gazette.example/secret-investigation"


@pytest.fixture
def draft():
    owner = make_contributor("owner")
    return make_link(url=URL, title="Secret investigation", author=owner, status=Entry.Status.DRAFT)


def duplicate_shown(client, user, via: str) -> str:
    """What ``user`` reads about the stored ``URL``: the page, or the JSON helper's answer."""
    client.force_login(user)
    if via == "page":
        response = client.get(reverse("link_new"), {"url": URL}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        return response.content.decode()
    response = client.post(reverse("editor_fetch"), {"url": URL}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return json.dumps(response.json()["duplicate"], ensure_ascii=False)


@pytest.mark.parametrize("via", ["page", "json"])
def test_another_contributors_draft_is_not_named(client, draft, via):
    shown = duplicate_shown(client, make_contributor("other"), via)
    assert "A link with this address already exists." in shown
    assert "Secret investigation" not in shown
    assert "owner" not in shown
    assert reverse("link_edit", args=[draft.pk]) not in shown
    assert draft.get_absolute_url() not in shown


@pytest.mark.parametrize("via", ["page", "json"])
@pytest.mark.parametrize("who", ["author", "editor"])
def test_the_drafts_author_and_editors_see_it_named(client, draft, via, who):
    user = draft.author if who == "author" else make_editor("chief")
    shown = duplicate_shown(client, user, via)
    assert "Secret investigation" in shown and "owner" in shown
    assert reverse("link_edit", args=[draft.pk]) in shown
    assert "A link with this address already exists." not in shown


@pytest.mark.parametrize("via", ["page", "json"])
def test_a_published_entry_is_named_to_every_contributor(client, via):
    make_link(url=URL, title="Public investigation", author=make_contributor("owner"))
    shown = duplicate_shown(client, make_contributor("other"), via)
    assert "Public investigation" in shown and "owner" in shown


def test_saving_over_a_hidden_draft_says_only_that_the_address_exists(client, draft):
    client.force_login(make_contributor("other"))
    form = link_form(draft, title="Mine", version="")  # a new link at the draft's address
    response = client.post(reverse("link_new"), form, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    page = response.content.decode()
    assert "A link with this address already exists." in page
    assert "Secret investigation" not in page and "owner" not in page


def test_the_hidden_answer_is_translated(draft):
    from django.utils import translation

    with translation.override("fr"):
        info = duplicate_info(make_contributor("other"), draft)
    assert info == {"message": "Un lien avec cette adresse existe déjà.", "url": ""}


AUTHOR_URLS = ["/authors/{}/", "/authors/{}/feed/atom/", "/authors/{}/feed/rss/"]


@pytest.fixture
def accounts():
    published = make_contributor("published")
    make_link(author=published)
    drafter = make_contributor("drafter")
    make_link(author=drafter, status=Entry.Status.DRAFT)
    make_user("staffer", is_staff=True, is_superuser=True)
    make_user("gone", is_active=False)
    make_link(author=get_user("gone"))
    return published


def get_user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


@pytest.mark.parametrize("url", AUTHOR_URLS)
def test_only_people_with_published_entries_have_an_author_page(client, accounts, url):
    assert client.get(url.format("published")).status_code == 200
    answers = {
        name: client.get(url.format(name))
        for name in ["drafter", "staffer", "gone", "nobody-by-that-name"]
    }
    assert {name: response.status_code for name, response in answers.items()} == dict.fromkeys(
        answers, 404
    )
    # The same page for every name: nothing tells an account from no account.
    bodies = {page_without(response, name) for name, response in answers.items()}
    assert len(bodies) == 1


def page_without(response, name: str) -> str:
    """The page, without the name asked for and the (masked, each time new) CSRF token."""
    page = response.content.decode().replace(name, "")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def test_the_sitemap_lists_the_same_authors(client, accounts):
    client.get("/sitemap-authors.xml")
    body = client.get("/sitemap-authors.xml").content.decode()
    assert "/authors/published/" in body
    for name in ["drafter", "staffer", "gone"]:
        assert f"/authors/{name}/" not in body
