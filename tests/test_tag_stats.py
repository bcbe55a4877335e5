"""Related tags, the timeline (and its SVG), the tag cloud."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from articles.models import Entry
from articles.stream import changes
from articles.stream import queries as stream
from articles.stream import tag_stats as stats
from articles.stream.tag_svg import timeline_svg
from tags.models import Tag
from tests import reference
from tests.factories import make_link

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def tagged(*slugs):
    tags = [Tag.objects.get(slug=slug) for slug in slugs]
    return stream.with_all_tags(stream.published(), tags), tags


def test_related_tags_are_the_most_frequent_companions_with_counts():
    make_link(tags="#amazon #travail #grève")
    make_link(tags="#amazon #travail")
    make_link(tags="#amazon #climat")
    make_link(tags="#travail #climat #logistique")  # without amazon: not counted
    make_link(tags="#amazon #logistique", status=Entry.Status.DRAFT)  # draft: not counted
    related = stats.related_tags(*tagged("amazon"))
    assert [(tag.slug, tag.count) for tag in related] == [
        ("travail", 2),
        ("climat", 1),
        ("grève", 1),
    ]


def test_related_tags_of_several_tags_are_those_of_their_common_entries():
    make_link(tags="#amazon #travail #grève")
    make_link(tags="#amazon #climat")
    related = stats.related_tags(*tagged("amazon", "travail"))
    assert [(tag.slug, tag.count) for tag in related] == [("grève", 1)]


def test_timeline_counts_entries_per_month_with_empty_months():
    for day in (datetime(2024, 1, 3), datetime(2024, 1, 30), datetime(2024, 4, 2)):
        make_link(tags="#amazon", published_at=day.replace(tzinfo=PARIS))
    # 31 January 23:30 UTC is 1 February in Paris.
    make_link(tags="#amazon", published_at=datetime(2024, 1, 31, 23, 30, tzinfo=ZoneInfo("UTC")))
    months = reference.timeline(tagged("amazon")[0])
    assert [(m.month.isoformat(), m.count) for m in months] == [
        ("2024-01-01", 2),
        ("2024-02-01", 1),
        ("2024-03-01", 0),
        ("2024-04-01", 1),
    ]
    assert reference.timeline(Entry.objects.none()) == []


def test_timeline_svg_is_accessible_and_escapes_its_texts():
    months = [
        stats.Month(datetime(2023, 12, 1).date(), 3),
        stats.Month(datetime(2024, 1, 1).date(), 0),
    ]
    svg = timeline_svg(months, 'Entries: #<script>"x"', svg_id="t1")
    assert svg.startswith('<svg class="timeline" id="t1"') and svg.endswith("</svg>")
    assert 'role="img" aria-labelledby="t1-title t1-desc"' in svg
    assert '<title id="t1-title">Entries: #&lt;script&gt;&quot;x&quot;</title>' in svg
    assert "<desc" in svg and "3" in svg
    assert svg.count("<rect") == 2 and "<script" not in svg
    assert ">2024</text>" in svg and ">2023</text>" in svg
    assert timeline_svg([], "empty") == ""


def test_cloud_keeps_the_most_used_alphabetically_sized_by_count():
    tags = []
    for slug, count in [("b", 1), ("a", 100), ("c", 10), ("d", 2)]:
        tag = Tag(name=slug, slug=slug)
        tag.count = count
        tags.append(tag)
    cloud = stats.cloud(tags, size=3)
    assert [(item.tag.slug, item.step) for item in cloud] == [("a", 6), ("c", 3), ("d", 1)]


def test_tag_page_shows_related_tags_timeline_and_a_search_form(client):
    make_link(tags="#amazon #travail")
    make_link(tags="#amazon #travail #climat")
    html = client.get("/tags/amazon/").content.decode()
    assert '<svg class="timeline"' in html
    related = html[html.index('class="related-tags"') :]
    assert 'href="/tags/travail/" rel="tag">#travail</a> <span class="count"' in related
    assert related.index("#travail") < related.index("#climat")


def test_tag_stats_of_a_combination_are_cached_per_stream_version(django_assert_num_queries):
    make_link(tags="#amazon #travail #climat")
    entries, tags = tagged("amazon", "travail")
    first = stats.tag_stats(entries, tags, changes.current())
    with django_assert_num_queries(1):  # the version only
        assert stats.tag_stats(entries, tags, changes.current()) == first
    make_link(tags="#amazon #travail #climat")  # existing tags only: a new version all the same
    related, months = stats.tag_stats(entries, tags, changes.current())
    assert [(tag.slug, tag.count) for tag in related] == [("climat", 2)]
    assert sum(month.count for month in months) == 2


def test_tag_stats_of_one_tag_are_its_running_counts(django_assert_num_queries):
    make_link(tags="#amazon #travail")
    entries, tags = tagged("amazon")
    with django_assert_num_queries(3):  # its pairs, their tags, its months
        related, months = stats.tag_stats(entries, tags)
    assert [(tag.slug, tag.count) for tag in related] == [("travail", 1)]
    make_link(tags="#amazon #travail")
    related, months = stats.tag_stats(entries, tags)  # current at once, no cache
    assert [(tag.slug, tag.count) for tag in related] == [("travail", 2)]
    assert sum(month.count for month in months) == 2


def test_tag_list_has_a_cloud_and_the_alphabetical_index(client):
    make_link(tags="#zèbre #amazon")
    make_link(tags="#amazon")
    response = client.get("/tags/")
    html = response.content.decode()
    assert 'class="tag-cloud"' in html
    assert 'class="cloud-6"><a href="/tags/amazon/"' in html
    index = html[html.index('class="index-list tag-index"') :]
    assert index.index("#amazon") < index.index("#zèbre")


def test_alphabetical_index_files_accented_letters_with_their_base_letter():
    tags = [Tag(name=name, slug=name.casefold()) for name in ["2024", "amazon", "État", "europe"]]
    groups = stats.alphabetical(sorted(tags, key=lambda tag: tag.slug))
    assert [(letter, [t.slug for t in group]) for letter, group in groups] == [
        ("A", ["amazon"]),
        ("E", ["europe", "état"]),
        ("#", ["2024"]),
    ]
