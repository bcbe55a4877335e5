"""ETag and Last-Modified on feeds and list pages: 304 with no body while nothing changed."""

from datetime import timedelta

import pytest
from django.utils.http import http_date

from articles.models import StreamState
from articles.stream import conditional
from tests.factories import BASE_TIME, make_link, make_user, save_entry

pytestmark = pytest.mark.django_db

URLS = [
    "/feed/atom/",
    "/feed/rss/",
    "/tags/amazon/feed/atom/",
    "/tags/amazon+travail/feed/rss/",
    "/sources/lemonde.fr/feed/atom/",
    "/authors/alice/feed/rss/",
    "/",
    "/tags/amazon/",
    "/tags/amazon+travail/",
    "/sources/lemonde.fr/",
    "/authors/alice/",
]
INDEXES = ["/tags/", "/sources/", "/campaigns/"]


@pytest.fixture
def links():
    alice = make_user("alice")
    return [make_link(tags="#Amazon #travail", author=alice) for _ in range(3)]


def revalidate(client, url, response, **headers):
    return client.get(url, HTTP_IF_NONE_MATCH=response["ETag"], **headers)


@pytest.mark.parametrize("url", URLS + INDEXES)
def test_an_unchanged_feed_or_list_answers_304_with_no_body(client, links, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"]
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in first["Vary"].split(",")}
    again = revalidate(client, url, first)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304 and by_date.content == b""


@pytest.mark.parametrize("url", URLS)
def test_editing_a_shown_entry_changes_the_etag(client, links, url):
    first = client.get(url)
    links[0].title = "Edited title"
    save_entry(links[0])
    again = revalidate(client, url, first)
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "Edited title" in again.content.decode()


@pytest.mark.parametrize("url", INDEXES)
def test_any_change_to_the_review_changes_an_index_etag(client, links, url):
    first = client.get(url)
    make_link(tags="#nouveau", url="https://new.example/a")
    again = revalidate(client, url, first)
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


@pytest.mark.parametrize("url", ["/tags/amazon/feed/atom/", "/tags/amazon/", "/"])
def test_a_new_or_unpublished_entry_changes_the_etag(client, links, url):
    first = client.get(url)
    make_link(tags="#Amazon", author=links[0].author, published_at=BASE_TIME)  # an old one
    assert revalidate(client, url, first).status_code == 200
    second = client.get(url)
    links[1].status = "draft"
    save_entry(links[1])
    assert revalidate(client, url, second).status_code == 200


@pytest.mark.parametrize("url", ["/tags/amazon/feed/atom/", "/tags/amazon/"])
def test_the_last_modified_date_is_the_last_change_of_the_review(client, links, url):
    response = client.get(url)
    changed = StreamState.objects.get().changed_at
    assert response["Last-Modified"] == http_date(changed.timestamp())


def test_the_etag_depends_on_the_language(client, links):
    french = client.get("/feed/atom/")
    english = revalidate(client, "/feed/atom/", french, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200
    assert english["ETag"] != french["ETag"]
    assert revalidate(client, "/feed/atom/", english, HTTP_ACCEPT_LANGUAGE="en").status_code == 304


def test_another_page_of_a_list_has_its_own_etag(client, settings):
    settings.STREAM_PAGE_SIZE = 2
    author = make_user()
    for n in range(3):
        make_link(author=author, published_at=BASE_TIME + timedelta(hours=n))
    first = client.get("/")
    assert revalidate(client, "/?page=2", first).status_code == 200


def test_a_logged_in_user_never_gets_a_304(client, links):
    anonymous = client.get("/tags/amazon/")
    client.force_login(make_user("editor"))
    response = revalidate(client, "/tags/amazon/", anonymous)
    assert response.status_code == 200
    assert not response.has_header("ETag")
    assert "Cookie" in response["Vary"]


def test_a_head_request_is_conditional_too(client, links):
    first = client.get("/feed/rss/")
    assert client.head("/feed/rss/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_404_has_no_validators(client, links):
    response = client.get("/tags/nosuchtag/feed/atom/", HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 404
    assert not response.has_header("ETag")


def test_stream_state_key_changes_with_the_version_and_what_is_shown():
    state = conditional.stream_state((3, "2026-11-23T10:00:00+00:00"), 1, "x")
    assert state.last_modified.isoformat() == "2026-11-23T10:00:00+00:00"
    assert conditional.stream_state((3, "2026-11-23T10:00:00+00:00"), 1, "x") == state
    assert conditional.stream_state((4, "2026-11-23T10:00:00+00:00"), 1, "x").key != state.key
    assert conditional.stream_state((3, "2026-11-23T10:00:00+00:00"), 2, "x").key != state.key
    assert conditional.stream_state(None, 1, "x") is None


def test_without_a_stream_version_pages_have_no_validators(client, links):
    StreamState.objects.all().delete()
    response = client.get("/feed/atom/")
    assert response.status_code == 200
    assert not response.has_header("ETag")
