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
5. each entry's revision (the key of its cached HTML) and the stream version
   (:mod:`articles.stream.changes`), which renews the other cache keys and every ETag.

An id whose entry no longer exists is a deletion: its counts are taken back and its search
document dropped. No signal does any of this: a row written without this call stays stale,
and ``tests/test_writers.py`` checks that every writer leaves the site as the editor does.
"""

from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from tags import counts

from ..models import Campaign, Entry
from ..stream.changes import note_change
from .documents import index_entries
from .texts import EntryTexts, render_campaign

BATCH = 500


class EntryChanges:
    """:func:`entries_changed` fed a batch at a time, for a writer that writes many batches.

    Each :meth:`add` starts rendering the batch's texts (in the workers, if any) and stores
    the batch before it, so the workers render while the writer writes its next batch;
    :meth:`close` stores the last one, then the tag counts and the stream version, once.
    Use it inside the writer's transaction.
    """

    def __init__(self, *, texts: bool = True):
        self.texts = texts
        self.ids: set[int] = set()
        self.pending: tuple[list[int], EntryTexts | None] | None = None
        self.tags = {}  # stored tags by key, shared by the batches
        self.rendered = Counter()

    def add(self, entry_ids: Iterable[int]) -> None:
        ids = sorted({int(pk) for pk in entry_ids if pk is not None})
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            self.ids.update(chunk)
            following = (chunk, EntryTexts(chunk) if self.texts else None)
            self._store()
            self.pending = following

    def _store(self) -> None:
        if self.pending is None:
            return
        chunk, batch = self.pending
        self.pending = None
        if batch is not None:
            self.rendered += batch.store(self.tags)
        index_entries(chunk)
        Entry.objects.filter(pk__in=chunk).update(revision=F("revision") + 1)

    def close(self) -> Counter:
        """Finish: the last batch, the tag counts, the stream version; rows re-rendered."""
        self._store()
        counts.recount(self.ids)
        note_change()
        return self.rendered


@transaction.atomic
def entries_changed(entry_ids: Iterable[int], *, texts: bool = True) -> Counter:
    """Bring all that derives from the entries ``entry_ids`` up to date (see the module).

    ``texts=False`` when none of their texts or tag lines changed (a source, a campaign, a
    tag or an author renamed): their HTML and tags are left as they are. Returns how many
    rows of each kind got a new HTML.
    """
    changes = EntryChanges(texts=texts)
    changes.add(entry_ids)
    return changes.close()


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
