"""Tag pages count from the running counts; a combination's figures stay cheap and right."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Entry
from articles.stream import changes
from articles.stream import queries as stream
from articles.stream import tag_stats as stats
from articles.writes import delete_entries
from tags import counts
from tags.models import Tag
from tests import reference
from tests.factories import make_link, retag

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


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
    retag(first, "#amazon")  # drops travail and grève
    assert counts.entries_with_all(tags_of("amazon", "travail")) == 1
    assert counts.entries_with_all(tags_of("grève")) == 0
    assert counts.entries_with_all(tags_of("grève", "travail")) == 0
    delete_entries([first.pk])
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


def test_the_timeline_of_a_combination_is_exact():
    days = [datetime(2024, 1, 3), datetime(2024, 1, 30), datetime(2024, 4, 2)]
    for day in days:
        make_link(tags="#amazon #travail", published_at=day.replace(tzinfo=PARIS))
    make_link(tags="#amazon", published_at=datetime(2024, 2, 5, tzinfo=PARIS))  # one tag only
    make_link(tags="#amazon #travail", status=Entry.Status.DRAFT)
    # 31 January 23:30 UTC is 1 February in Paris.
    late = datetime(2024, 1, 31, 23, 30, tzinfo=ZoneInfo("UTC"))
    make_link(tags="#travail #amazon", published_at=late)
    tags = tags_of("amazon", "travail")
    months = stats.counted_timeline_of(tags)
    assert months == reference.timeline(stream.with_all_tags(stream.published(), tags))
    assert [(m.month.isoformat(), m.count) for m in months] == [
        ("2024-01-01", 2),
        ("2024-02-01", 1),
        ("2024-03-01", 0),
        ("2024-04-01", 1),
    ]
    unused = Tag.objects.create(name="rien", slug="rien")
    assert stats.counted_timeline_of([*tags, unused]) == []


def test_related_tags_of_a_combination_are_counted_on_its_most_recent_entries():
    for day, extra in ((1, "#ancien"), (2, "#grève"), (3, "#grève #climat")):
        published_at = datetime(2024, 5, day, tzinfo=PARIS)
        make_link(tags=f"#amazon #travail {extra}", published_at=published_at)
    entries = stream.with_all_tags(stream.published(), tags_of("amazon", "travail"))
    every = stats.related_tags(entries, tags_of("amazon", "travail"), stats.RECENT_WINDOW)
    assert [(tag.slug, tag.count) for tag in every] == [("grève", 2), ("ancien", 1), ("climat", 1)]
    assert every == stats.related_tags(entries, tags_of("amazon", "travail"))
    recent = stats.related_tags(entries, tags_of("amazon", "travail"), window=2)
    assert [(tag.slug, tag.count) for tag in recent] == [("grève", 2), ("climat", 1)]


def window_note(html: str) -> str | None:
    found = re.search(r'<p class="related-window">([^<]*)</p>', html)
    return found and found.group(1)


def test_a_combination_page_says_when_its_related_tags_come_from_recent_entries(
    client, monkeypatch
):
    for extra in ("#ancien", "#grève", "#grève #climat"):
        make_link(tags=f"#amazon #travail {extra}")
    html = client.get("/tags/amazon+travail/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert window_note(html) is None  # 3 entries: counted on all of them
    monkeypatch.setattr(stats, "RECENT_WINDOW", 2)
    changes.note_change()
    html = client.get("/tags/amazon+travail/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert window_note(html) == "Counted on the 2 most recent entries."
    related = html[html.index('class="related-tags"') : html.index("</section>")]
    assert "#grève" in related
    assert "#ancien" not in related
    html = client.get("/tags/amazon+travail/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert window_note(html) == "Comptés sur les 2 entrées les plus récentes."
    html = client.get("/tags/amazon/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert window_note(html) is None  # one tag: its running counts, every entry


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_the_timeline_of_a_combination_uses_the_gin_index():
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "tags_countedentry")
    assert indexes["counted_entry_tags"]["type"] == "gin"
    make_link(tags="#amazon #travail")
    tags = tags_of("amazon", "travail")
    with CaptureQueriesContext(connection) as captured:
        assert sum(month.count for month in stats.counted_timeline_of(tags)) == 1
    assert "@>" in captured.captured_queries[0]["sql"]


def test_one_tag_reads_only_its_best_pairs_ties_decided_by_key():
    make_link(tags="#amazon #travail #climat #grève")
    make_link(tags="#amazon #travail #climat #bruxelles")
    make_link(tags="#amazon #travail #zèle")
    (amazon,) = tags_of("amazon")
    entries = stream.with_all_tags(stream.published(), [amazon])
    best = stats.counted_related_tags(amazon, limit=3)
    assert [(tag.slug, tag.count) for tag in best] == [
        ("travail", 3),
        ("climat", 2),
        ("bruxelles", 1),  # tied with grève and zèle: the first by key
    ]
    every = stats.counted_related_tags(amazon, limit=20)
    assert [(t.slug, t.count) for t in every] == [
        (t.slug, t.count) for t in stats.related_tags(entries, [amazon])
    ]
    assert len(every) == 5
    assert stats.counted_related_tags(Tag.objects.create(name="seul", slug="seul")) == []
