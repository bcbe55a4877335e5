"""Every consequence of changing entries, in one place: :func:`entries_changed`.

A writer (web editor, admin, importers, JSON backup, demo loader, tag management, and the
API and editions to come) writes what a person typed — an entry's fields, its excerpts or
numbered sources, its tag line — then calls :func:`entries_changed` with the ids of the
entries it touched, inside its own transaction. That call brings everything derived from
them up to date, for a batch as cheaply as for one entry:

1. the stored HTML of every text (:mod:`.texts`; a post's ``[N]`` linked to its sources);
2. the entry's tags: its tag line, then the hashtags of its texts (:func:`tags.services.set_tags`);
3. the running tag counts behind tag pages (:func:`tags.counts.recount`);
4. the search index (:mod:`.documents`);
5. the stream version (:mod:`articles.stream.changes`), which renews every cache key and ETag.

An id whose entry no longer exists is a deletion: its counts are taken back and its search
document dropped. No signal does any of this: a row written without this call stays stale,
and ``tests/test_writers.py`` checks that every writer leaves the site as the editor does.
"""

from collections import Counter
from collections.abc import Iterable

from django.db import transaction

from tags import counts

from ..models import Campaign, Entry
from ..stream.changes import note_change
from .documents import index_entries
from .texts import render_campaign, render_entries

BATCH = 500

__all__ = ["entries_changed", "delete_entries", "campaign_changed", "BATCH"]


@transaction.atomic
def entries_changed(entry_ids: Iterable[int], *, texts: bool = True) -> Counter:
    """Bring all that derives from the entries ``entry_ids`` up to date (see the module).

    ``texts=False`` when none of their texts or tag lines changed (a source, a campaign, a
    tag or an author renamed): their HTML and tags are left as they are. Returns how many
    rows of each kind got a new HTML.
    """
    ids = sorted({int(pk) for pk in entry_ids if pk is not None})
    rendered = Counter()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        if texts:
            rendered += render_entries(chunk)
        index_entries(chunk)
    counts.recount(ids)
    note_change()
    return rendered


@transaction.atomic
def delete_entries(entry_ids: Iterable[int]) -> int:
    """Delete the entries ``entry_ids`` and all that derives from them; how many went."""
    ids = list(entry_ids)
    deleted = Entry.objects.filter(pk__in=ids).delete()[1].get("articles.Entry", 0)
    entries_changed(ids, texts=False)
    return deleted


@transaction.atomic
def campaign_changed(campaign: Campaign) -> bool:
    """After a campaign is saved: its description's HTML (whether it changed), its posts."""
    rendered = render_campaign(campaign)
    entries_changed(campaign.posts.values_list("pk", flat=True), texts=False)
    return rendered
