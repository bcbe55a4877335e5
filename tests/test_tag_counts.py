"""The running tag counts stay equal to what counting the entries gives, after every change."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from articles.models import Entry
from articles.stream import queries as stream
from articles.stream import tag_stats as stats
from articles.stream.tag_views import change_tag
from articles.writes import delete_entries, entries_changed
from tags import counts
from tags.models import CountedEntry, Tag, TagMonth, TagPair
from tests import reference
from tests.factories import make_link, make_user, retag, save_entry

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def counted_everything():
    return (
        sorted(TagPair.objects.values_list("tag__slug", "other__slug", "count")),
        sorted(TagMonth.objects.values_list("tag__slug", "month", "count")),
    )


def assert_counts_match_the_entries():
    """For every tag: related tags, timeline and number of entries from the counts == counted
    from the entries."""
    used = {}
    for tag in Tag.objects.all():
        entries = stream.with_all_tags(stream.published(), [tag])
        if entries.exists():
            used[tag.slug] = entries.count()
        computed = [(t.slug, t.count) for t in stats.related_tags(entries, [tag], limit=1000)]
        counted = [(t.slug, t.count) for t in stats.counted_related_tags(tag, limit=1000)]
        assert counted == computed, tag.slug
        assert stats.counted_timeline(tag) == reference.timeline(entries), tag.slug
    assert {tag.slug: tag.count for tag in stream.tags_with_counts()} == used
    assert not TagPair.objects.filter(count__lte=0).exists()
    assert not TagMonth.objects.filter(count__lte=0).exists()


def test_new_entries_are_counted_at_once():
    make_link(tags="#amazon #travail #grève")
    make_link(tags="#amazon #travail")
    make_link(tags="#amazon #logistique", status=Entry.Status.DRAFT)
    amazon = Tag.objects.get(slug="amazon")
    assert [(t.slug, t.count) for t in stats.counted_related_tags(amazon)] == [
        ("travail", 2),
        ("grève", 1),
    ]
    assert sum(month.count for month in stats.counted_timeline(amazon)) == 2
    assert_counts_match_the_entries()


def test_retagging_publishing_moving_and_deleting_entries():
    first = make_link(tags="#amazon #travail", published_at=datetime(2024, 1, 5, tzinfo=PARIS))
    second = make_link(tags="#amazon #climat", status=Entry.Status.DRAFT)
    third = make_link(tags="#climat #travail #santé")
    assert_counts_match_the_entries()

    retag(first, "#amazon #grève #santé")  # tags changed
    assert_counts_match_the_entries()

    second.status = Entry.Status.PUBLISHED  # a draft published
    save_entry(second)
    assert_counts_match_the_entries()

    first.published_at = datetime(2024, 3, 31, 23, 30, tzinfo=ZoneInfo("UTC"))  # April in Paris
    save_entry(first)
    assert_counts_match_the_entries()
    assert stats.counted_timeline(Tag.objects.get(slug="grève"))[0].month.month == 4

    third.status = Entry.Status.DRAFT  # unpublished
    save_entry(third)
    assert_counts_match_the_entries()

    delete_entries([second.pk])
    assert_counts_match_the_entries()
    assert not CountedEntry.objects.filter(entry_id=second.pk).exists()


def test_renaming_merging_and_deleting_tags():
    make_link(tags="#amazon #travail #grève")
    make_link(tags="#amazon #Travail_salarié")
    make_link(tags="#grève #Travail_salarié #climat")
    change_tag(Tag.objects.get(slug="climat"), "rename", {"name": "#Climat_et_énergie"})
    assert_counts_match_the_entries()

    source, target = Tag.objects.get(slug="travail_salarié"), Tag.objects.get(slug="travail")
    change_tag(source, "merge", {"target": target})
    assert_counts_match_the_entries()
    travail = Tag.objects.get(slug="travail")
    assert ("amazon", 2) in [(t.slug, t.count) for t in stats.counted_related_tags(travail)]

    greve = Tag.objects.get(slug="grève")
    ids = list(greve.tagged_entries.values_list("content_object_id", flat=True))
    greve.delete()
    entries_changed(ids, texts=False)
    assert_counts_match_the_entries()
    make_link(tags="#grève #amazon")  # the same name again: a new tag, counted afresh
    assert_counts_match_the_entries()


def test_bulk_import_is_counted(tmp_path):
    make_user("alice")
    export = tmp_path / "stream.txt"
    export.write_text(
        "• Première entrée\nhttps://example.org/one\n#amazon #travail #grève\n\n"
        "• Deuxième entrée\nhttps://example.org/two\n#amazon #travail\n##santé\n",
        encoding="utf-8",
    )
    call_command("import_seenthis", str(export), author="alice", verbosity=0)
    assert Entry.objects.count() == 2
    assert_counts_match_the_entries()
    before = counted_everything()
    call_command("import_seenthis", str(export), author="alice", verbosity=0)
    assert counted_everything() == before


def test_rebuild_gives_what_the_running_counts_give():
    for tags in ("#a #b #c", "#a #b", "#b #c #d", "#a"):
        make_link(tags=tags)
    make_link(tags="#a #d", status=Entry.Status.DRAFT)
    running = counted_everything()
    assert running[0]  # something was counted
    counts.rebuild()
    assert counted_everything() == running
    counts.rebuild(django_apps)  # the path the migration takes
    assert counted_everything() == running


def test_tag_page_shows_a_new_entry_at_once(client):
    make_link(tags="#amazon #travail")
    client.get("/tags/amazon/")
    make_link(tags="#amazon #climat")
    related = client.get("/tags/amazon/").content.decode()
    related = related[related.index('class="related-tags"') :]
    assert 'href="/tags/climat/"' in related


@pytest.mark.django_db(transaction=True)
def test_counted_outside_a_transaction_too():
    """Autocommit (a live server, a shell): the counts take their own transaction."""
    make_link(tags="#amazon #travail")
    link = make_link(tags="#amazon")
    link.status = Entry.Status.DRAFT
    save_entry(link)
    assert_counts_match_the_entries()
