"""Entries rendered once per stream version for anonymous readers, never served stale."""

import pytest
from django.core.cache import cache

from articles.stream import changes, fragments
from articles.writes import delete_entries, entries_changed
from tags.models import Tag
from tests.factories import make_link, make_user, save_entry, save_tag

pytestmark = pytest.mark.django_db


def stream_of(response) -> str:
    """The entries of a page (the rest holds a per-request CSRF token)."""
    html = response.content.decode()
    return html[html.index('<div class="stream">') : html.index("</main>")]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_second_reader_gets_the_same_page_from_the_cache(client, django_assert_max_num_queries):
    for n in range(5):
        make_link(title=f"Article {n}", tags="#Amazon #travail", excerpts=[f"Quote {n}"])
    first = client.get("/")
    # The stream version only: count, ids, entries, tags and excerpts come from the cache.
    with django_assert_max_num_queries(1):
        second = client.get("/")
    assert stream_of(second) == stream_of(first)
    assert "Quote 4" in second.content.decode()


def test_an_edited_entry_is_shown_edited(client):
    link = make_link(title="Before the edit", tags="#Amazon")
    assert "Before the edit" in client.get("/").content.decode()
    link.title = "After the edit"
    save_entry(link)
    html = client.get("/").content.decode()
    assert "After the edit" in html
    assert "Before the edit" not in html


def test_new_excerpts_tags_and_labels_are_shown(client):
    link = make_link(excerpts=["First quote"], tags="#RGPD")
    client.get("/")
    link.excerpts.create(position=1, text="Second quote")
    entries_changed([link.pk])
    tag = Tag.objects.get(slug="rgpd")
    tag.labels = {"fr": "RGPD", "en": "GDPR"}
    save_tag(tag)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Second quote" in html
    assert "#GDPR" in html


def test_each_language_has_its_own_rendering(client):
    link = make_link(tags="#RGPD")
    tag = link.tags.get()
    tag.labels = {"fr": "RGPD", "en": "GDPR"}
    save_tag(tag)
    assert "#RGPD" in client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "#GDPR" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "#RGPD" in client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()


def test_logged_in_users_always_get_a_fresh_rendering(client, django_assert_max_num_queries):
    for _ in range(3):
        make_link(tags="#Amazon")
    client.force_login(make_user())
    client.get("/")
    with pytest.raises(pytest.fail.Exception), django_assert_max_num_queries(3):
        client.get("/")


def test_a_deleted_entry_leaves_the_page(client):
    _kept, gone = make_link(title="Kept"), make_link(title="Gone")
    assert "Gone" in client.get("/").content.decode()
    delete_entries([gone.pk])
    html = client.get("/").content.decode()
    assert "Gone" not in html
    assert "Kept" in html


def test_a_renamed_author_is_shown_renamed_but_a_login_changes_nothing(client):
    author = make_user(first_name="Camille", last_name="Roux")
    make_link(author=author)
    assert "Camille Roux" in client.get("/").content.decode()
    before = changes.current()
    client.force_login(author)
    client.logout()
    assert changes.current() == before
    author.first_name = "Camille-Anne"
    author.save()
    entries_changed(author.entries.values_list("pk", flat=True), texts=False)
    assert "Camille-Anne Roux" in client.get("/").content.decode()


def test_a_second_reader_of_a_tag_page_costs_two_queries(client, django_assert_max_num_queries):
    for n in range(5):
        make_link(title=f"Article {n}", tags="#Amazon #travail #grève")
    first = client.get("/tags/amazon+travail/")
    with django_assert_max_num_queries(2):  # the tags named in the address, the version
        second = client.get("/tags/amazon+travail/")
    assert stream_of(second) == stream_of(first)
    assert "+ #grève" in second.content.decode()  # offered to narrow, from the cache


def test_feeds_and_stream_pages_share_the_rendered_entries(client):
    link = make_link(title="Shared", tags="#Amazon")
    client.get("/feed/rss/")  # renders the entry once, for the pages and the other feeds
    key = fragments.entry_key(changes.current(), "fr", link.pk)
    assert "Shared" in cache.get(key)
    cache.set(key, '<p><a href="/kept/">Kept</a></p>')
    assert (
        '&lt;p&gt;&lt;a href="http://testserver/kept/"&gt;Kept'
        in client.get("/tags/amazon/feed/atom/").content.decode()
    )
    assert '<p><a href="/kept/">Kept</a></p>' in client.get("/").content.decode()
    link.title = "Edited"
    save_entry(link)  # a new version: rendered again
    assert "Edited" in client.get("/feed/rss/").content.decode()
