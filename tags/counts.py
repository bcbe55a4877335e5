"""Running counts behind a tag page: its companions (related tags) and its entries per month.

Counting them from the entries costs a scan of every entry carrying the tag (about 0.4 s
for a tag on 70,000 entries), so they are kept as counts, current in the same transaction
as the change: :class:`~tags.models.TagPair` (published entries carrying both tags),
:class:`~tags.models.TagMonth` (published entries carrying the tag, per month in the site's
time zone) and :class:`~tags.models.CountedEntry` (what each published entry contributed
last time, so that a change takes it back without counting anything else).

:func:`recount` is called by :func:`articles.writes.entries_changed`, which every writer of
entries, taggings or tags calls; :func:`rebuild` starts again from the taggings
(``manage.py reindex``, after a change of ``TIME_ZONE``).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

from django.apps import apps as installed_apps
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

READ_BATCH = 2000
WRITE_BATCH = 500

Contribution = tuple[date, tuple[int, ...]]


def _models(apps=None):
    """Tag, TaggedEntry, TagPair, TagMonth, CountedEntry: of ``apps`` in a migration."""
    names = ("Tag", "TaggedEntry", "TagPair", "TagMonth", "CountedEntry")
    return [(apps or installed_apps).get_model("tags", name) for name in names]


def contributions(entry_ids: list[int], apps=None) -> dict[int, Contribution]:
    """What each published, tagged entry of ``entry_ids`` counts for now (1 query)."""
    _, TaggedEntry, *_ = _models(apps)
    published, tags = {}, defaultdict(set)
    for entry_id, published_at, tag_id in (
        TaggedEntry.objects.filter(
            content_object_id__in=entry_ids,
            content_object__status="published",
            content_object__published_at__isnull=False,
        )
        .order_by()
        .values_list("content_object_id", "content_object__published_at", "tag_id")
    ):
        published[entry_id] = published_at
        tags[entry_id].add(tag_id)
    months = {
        pk: timezone.localtime(moment).date().replace(day=1) for pk, moment in published.items()
    }
    return {pk: (months[pk], tuple(sorted(ids))) for pk, ids in tags.items()}


def add(pairs: Counter, months: Counter, contribution: Contribution, sign: int) -> None:
    month, tag_ids = contribution  # tag ids sorted
    for position, tag_id in enumerate(tag_ids):
        months[tag_id, month] += sign
        for other_id in tag_ids[position + 1 :]:
            pairs[tag_id, other_id] += sign


@transaction.atomic  # its own when called outside one (a save in autocommit mode)
def recount(entry_ids: Iterable[int], apps=None) -> None:
    """Bring the counts up to date for ``entry_ids`` (created, changed or deleted)."""
    *_, CountedEntry = _models(apps)
    ids = sorted({int(pk) for pk in entry_ids if pk is not None})
    pairs, months = Counter(), Counter()
    for start in range(0, len(ids), READ_BATCH):
        chunk = ids[start : start + READ_BATCH]
        before = {
            row.entry_id: (row.month, tuple(row.tag_ids))
            for row in CountedEntry.objects.select_for_update().filter(entry_id__in=chunk)
        }
        now = contributions(chunk, apps)
        changed = [pk for pk in chunk if before.get(pk) != now.get(pk)]
        if not changed:
            continue
        for pk in changed:
            if pk in before:
                add(pairs, months, before[pk], -1)
            if pk in now:
                add(pairs, months, now[pk], +1)
        CountedEntry.objects.filter(entry_id__in=[pk for pk in changed if pk in before]).delete()
        CountedEntry.objects.bulk_create(
            CountedEntry(entry_id=pk, month=now[pk][0], tag_ids=list(now[pk][1]))
            for pk in changed
            if pk in now
        )
    _apply(pairs, months, apps)


def _apply(pairs: Counter, months: Counter, apps=None) -> None:
    """Add the nonzero ``pairs`` and ``months`` deltas to the stored counts."""
    Tag, _, TagPair, TagMonth, _ = _models(apps)
    pairs = {key: delta for key, delta in pairs.items() if delta}
    months = {key: delta for key, delta in months.items() if delta}
    if not pairs and not months:
        return
    # A tag deleted meanwhile took its counts with it: what it contributed is not taken back.
    mentioned = {tag_id for key in pairs for tag_id in key} | {tag_id for tag_id, _ in months}
    existing = set(Tag.objects.filter(pk__in=mentioned).values_list("pk", flat=True))
    pair_rows = sorted((a, b, n) for (a, b), n in pairs.items() if a in existing and b in existing)
    month_rows = sorted((tag_id, m, n) for (tag_id, m), n in months.items() if tag_id in existing)
    _upsert(TagPair, ("tag_id", "other_id"), pair_rows)
    _upsert(TagMonth, ("tag_id", "month"), month_rows)
    touched = sorted({row[0] for row in pair_rows} | {row[0] for row in month_rows})
    for start in range(0, len(touched), WRITE_BATCH):
        chunk = touched[start : start + WRITE_BATCH]
        TagPair.objects.filter(tag_id__in=chunk, count__lte=0).delete()
        TagMonth.objects.filter(tag_id__in=chunk, count__lte=0).delete()


def _upsert(model, key: tuple[str, str], rows: list[tuple]) -> None:
    """Add each row's count to the stored one, inserting missing rows (sorted: lock order)."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in (*key, "count"))
    conflict = ", ".join(connection.ops.quote_name(name) for name in key)
    count = connection.ops.quote_name("count")
    add_to_stored = f"{count} = {table}.{count} + excluded.{count}"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), WRITE_BATCH):
            chunk = rows[start : start + WRITE_BATCH]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "
                f"ON CONFLICT ({conflict}) DO UPDATE SET {add_to_stored}",
                [value for row in chunk for value in row],
            )


@transaction.atomic
def rebuild(apps=None) -> None:
    """Count everything again from the taggings."""
    _, TaggedEntry, TagPair, TagMonth, CountedEntry = _models(apps)
    TagPair.objects.all().delete()
    TagMonth.objects.all().delete()
    CountedEntry.objects.all().delete()
    tagged = TaggedEntry.objects.order_by("content_object_id").values_list("content_object_id")
    recount(tagged.distinct().values_list("content_object_id", flat=True), apps)


def entries_with_all(tags) -> int | None:
    """How many published entries carry every one of ``tags``, from the running counts:
    one tag, the sum of its months; two, their pair. None for more (not kept: count them)."""
    _, _, TagPair, TagMonth, _ = _models()
    ids = sorted({tag.pk for tag in tags})
    if len(ids) == 1:
        total = TagMonth.objects.filter(tag_id=ids[0]).aggregate(total=Sum("count"))["total"]
        return total or 0
    if len(ids) == 2:
        pair = TagPair.objects.filter(tag_id=ids[0], other_id=ids[1]).values_list("count")
        return next(iter(pair), (0,))[0]
    return None
