"""Stream pages: the cached count follows every change, pages keep the stream's order."""

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import transaction

from articles.models import Entry
from articles.stream import changes
from articles.stream import queries as stream
from articles.stream.pagination import StreamPaginator
from articles.writes import delete_entries, entries_changed
from tests.factories import make_link, retag

pytestmark = pytest.mark.django_db


def count_of(entries) -> int:
    return StreamPaginator(entries, 30).count


def version() -> int:
    return changes.current()[0]


def test_count_is_computed_once_per_stream_version(django_assert_num_queries):
    for _ in range(3):
        make_link()
    assert count_of(stream.published()) == 3
    with django_assert_num_queries(1):  # the version only: the count comes from the cache
        assert count_of(stream.published()) == 3


def test_count_follows_new_deleted_and_unpublished_entries():
    first = make_link()
    make_link()
    assert count_of(stream.published()) == 2
    make_link()
    assert count_of(stream.published()) == 3
    delete_entries([first.pk])
    assert count_of(stream.published()) == 2
    Entry.objects.filter(pk=(unpublished := make_link()).pk).update(status=Entry.Status.DRAFT)
    entries_changed([unpublished.pk])
    assert count_of(stream.published()) == 2


def test_count_of_a_tag_follows_its_taggings():
    link = make_link(tags="#Amazon")
    make_link(tags="#travail")
    amazon = link.tags.get()
    tagged = stream.with_all_tags(stream.published(), [amazon])
    assert count_of(tagged) == 1
    other = Entry.objects.exclude(pk=link.pk).get()
    retag(other, "#travail #Amazon")
    assert count_of(tagged) == 2


def test_one_transaction_writing_many_rows_bumps_once_unless_read_between():
    before = version()
    with transaction.atomic():
        for _ in range(5):
            make_link()
    assert version() == before + 1
    with transaction.atomic():
        make_link()
        changes.current()
        make_link()
    assert version() == before + 3


def test_a_rolled_back_savepoint_takes_its_bump_back():
    make_link()
    before = version()

    def write_then_fail():
        with transaction.atomic():
            make_link()
            raise RuntimeError("rollback")

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert version() == before
    make_link()
    assert version() == before + 1


def test_pages_keep_the_stream_order_and_refuse_numbers_past_the_end():
    links = [make_link() for _ in range(5)]
    paginator = StreamPaginator(stream.published(), 2, prepare=stream.for_display)
    newest_first = [link.pk for link in reversed(links)]
    pages = [[entry.pk for entry in paginator.page(n)] for n in (1, 2, 3)]
    assert pages == [newest_first[0:2], newest_first[2:4], newest_first[4:5]]
    assert paginator.num_pages == 3
    with pytest.raises(EmptyPage):
        paginator.page(4)
    with pytest.raises(PageNotAnInteger):
        paginator.page("two")


def test_first_page_of_nothing_is_empty():
    assert list(StreamPaginator(stream.published(), 30).page(1)) == []
