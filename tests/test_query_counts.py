"""Every list page runs a constant number of SQL queries, whatever it shows."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from articles.models import Campaign
from tests.factories import make_editor, make_link, make_post

pytestmark = pytest.mark.django_db

# Page -> most queries allowed: stream version, count (cached under that version, so this
# is the first request's worst case), ids of the page, entries, taggings, excerpts, and the
# page's own object (tag, source, author, campaign); tag pages also count the tags found on
# the page's entries (to narrow) and, when not cached, their related tags and timeline.
# Search: ids with their count, entries, taggings, excerpts, highlights.
# Indexes read the stream version (their ETag), then their rows.
LIST_PAGES = {
    "/": 6,
    "/tags/amazon/": 11,
    "/tags/amazon+travail/": 10,
    "/sources/lemonde.fr/": 7,
    "/authors/alice/": 7,
    "/campaigns/stop/": 7,
    "/tags/": 2,
    "/sources/": 2,
    "/campaigns/": 2,
    # + SET LOCAL statement_timeout on PostgreSQL
    "/search/?q=first": 6 + (connection.vendor == "postgresql"),
}


def add_entries(start: int, count: int) -> None:
    """``count`` press links and ``count`` campaign posts, each with many tags."""
    alice, _ = get_user_model().objects.get_or_create(username="alice")
    campaign, _ = Campaign.objects.get_or_create(slug="stop", defaults={"name": "Stop"})
    for n in range(start, start + count):
        extra = " ".join(f"#extra{n}x{k}" for k in range(14))
        link = make_link(
            url=f"https://www.lemonde.fr/a/{n}" if n % 2 == 0 else f"https://s{n}.example/a",
            author=alice,
            tags=f"#Amazon #travail {extra} ##santé ##theme{n}",
            excerpts=[f"First #inline{n}", "Second", "Third"],
        )
        make_post(
            campaign=campaign,
            episode=n + 1,
            author=alice,
            tags=f"#Amazon #travail #post{n}",
            sources=[("cited", link.url, link)],
        )
        Campaign.objects.create(name=f"Other {n}", slug=f"other-{n}")


def shown(response) -> int:
    if "page" in response.context:
        return len(response.context["page"].object_list)
    if "tag_index" in response.context:
        return len(response.context["tag_index"].tags)
    return len(
        next(response.context[k] for k in ("tags", "sources", "campaigns") if k in response.context)
    )


@pytest.mark.parametrize(("path", "limit"), LIST_PAGES.items())
def test_list_page_runs_the_same_queries_for_1_and_30_entries(
    client, django_assert_max_num_queries, path, limit
):
    add_entries(0, 1)
    with django_assert_max_num_queries(limit) as one:
        response = client.get(path)
    assert response.status_code == 200
    few = shown(response)
    assert few >= 1

    add_entries(1, 29)
    with django_assert_max_num_queries(limit) as thirty:
        response = client.get(path)
    assert response.status_code == 200
    assert shown(response) >= 30 or shown(response) > few
    assert len(thirty.captured_queries) == len(one.captured_queries)


def test_entry_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    add_entries(0, 3)
    link = make_link(tags=" ".join(f"#t{n}" for n in range(20)), excerpts=["a", "b", "c"])
    post = make_post(sources=[(f"s{n}", f"https://example.org/{n}", link) for n in range(15)])
    with django_assert_max_num_queries(4):
        assert client.get(link.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(post.get_absolute_url()).status_code == 200


def test_a_logged_in_reader_s_session_comes_from_the_cache(client, django_assert_max_num_queries):
    """The session is read from the cache (cached_db): a logged-in page adds only the user and
    their permissions (the "+ Press link" link) to an anonymous reader's queries."""
    add_entries(0, 3)
    client.get("/")
    with django_assert_max_num_queries(LIST_PAGES["/"]) as anonymous:
        client.get("/")
    client.force_login(make_editor())
    client.get("/")
    with django_assert_max_num_queries(LIST_PAGES["/"] + 3) as member:
        assert b"/accounts/logout/" in client.get("/").content
    sql = [query["sql"] for query in member.captured_queries]
    assert not [query for query in sql if "django_session" in query]
    assert len(sql) == len(anonymous.captured_queries) + 3
