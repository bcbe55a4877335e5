"""Tag pages count from the running counts; a combination's figures stay cheap and right."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Entry
from articles.stream import queries as stream
from tags import counts
from tags.models import Tag
from tags.parser import tags_in
from tags.services import set_entry_tags
from tests.factories import make_link

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def tags_of(*slugs) -> list[Tag]:
    return [Tag.objects.get(slug=slug) for slug in slugs]


def counted(*slugs) -> int:
    return stream.with_all_tags(stream.published(), tags_of(*slugs)).count()


def test_running_counts_give_the_entries_of_one_and_two_tags():
    first = make_link(tags="#amazon #travail #grève")
    make_link(tags="#amazon #travail")
    make_link(tags="#amazon")
    make_link(tags="#amazon #travail", status=Entry.Status.DRAFT)
    assert counts.entries_with_all(tags_of("amazon")) == counted("amazon") == 3
    assert counts.entries_with_all(tags_of("travail", "amazon")) == counted("amazon", "travail")
    assert counts.entries_with_all(tags_of("amazon", "travail")) == 2
    assert counts.entries_with_all(tags_of("amazon", "grève")) == 1
    assert counts.entries_with_all(tags_of("amazon", "travail", "grève")) is None
    set_entry_tags(first, tags_in("#amazon"))  # drops travail and grève
    assert counts.entries_with_all(tags_of("amazon", "travail")) == 1
    assert counts.entries_with_all(tags_of("grève")) == 0
    assert counts.entries_with_all(tags_of("grève", "travail")) == 0
    first.delete()
    assert counts.entries_with_all(tags_of("amazon")) == counted("amazon") == 2


@pytest.mark.parametrize("path", ["/tags/amazon/", "/tags/amazon+travail/"])
def test_a_cold_tag_page_counts_no_entries(client, path):
    for n in range(4):
        make_link(title=f"Article {n}", tags="#Amazon #travail" if n else "#Amazon")
    expected = counted(*path.strip("/").split("/")[1].split("+"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    entry_table = connection.ops.quote_name(Entry._meta.db_table)
    counting = [
        query["sql"]
        for query in captured.captured_queries
        if "COUNT(*)" in query["sql"] and entry_table in query["sql"]
    ]
    assert counting == []
    assert response.context["page"].paginator.count == expected
    assert f"{expected} entries" in response.content.decode()


def test_three_tags_are_counted_from_their_entries(client):
    make_link(tags="#amazon #travail #grève")
    make_link(tags="#amazon #travail")
    response = client.get("/tags/amazon+grève+travail/")
    assert response.context["page"].paginator.count == 1
