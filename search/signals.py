"""Keeping the index current whoever writes: admin, editor, importers, demo loader.

Every save or delete of an entry, an excerpt, a tagging, a tag or a source
re-indexes the entries it touches, in the same transaction. Deletes cascading
from an entry are left alone: the entry's document goes with it, and the
entry's own delete takes its part of the tag counts back.
"""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete

from articles.models import CampaignPost, Entry, Excerpt, PressLink, Source
from tags.models import Tag, TaggedEntry
from tags.services import entries_retagged, entry_tags_saved

from .indexing import index_entries


def _started_here(origin, model) -> bool:
    """True when the delete was asked of ``model`` itself, not cascaded from an entry."""
    if isinstance(origin, QuerySet):
        return origin.model is model
    return isinstance(origin, model)


def _first_time(origin, entry_id) -> bool:
    """False when a queryset delete already re-indexed ``entry_id`` (one pass per entry)."""
    if not isinstance(origin, QuerySet):
        return True
    seen = origin.__dict__.setdefault("_search_indexed", set())
    if entry_id in seen:
        return False
    seen.add(entry_id)
    return True


def entry_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_entries([instance.pk])


def entry_deleted(sender, instance, **kwargs):
    index_entries([instance.pk])


def excerpt_changed(sender, instance, raw=False, origin=None, signal=None, **kwargs):
    if raw or (signal is post_delete and not _started_here(origin, Excerpt)):
        return
    if _first_time(origin, instance.link_id):
        index_entries([instance.link_id])


def tagging_changed(sender, instance, raw=False, origin=None, signal=None, **kwargs):
    if raw or (signal is post_delete and not _started_here(origin, TaggedEntry)):
        return
    if _first_time(origin, instance.content_object_id):
        index_entries([instance.content_object_id])


def tags_saved(sender, entry, **kwargs):
    index_entries([entry.pk])


def retagged(sender, entry_ids, **kwargs):
    index_entries(entry_ids)


def tag_saved(sender, instance, created=False, raw=False, **kwargs):
    if not (raw or created):
        index_entries(
            TaggedEntry.objects.filter(tag=instance).values_list("content_object_id", flat=True)
        )


def tag_deleting(sender, instance, **kwargs):
    instance._search_entry_ids = list(
        TaggedEntry.objects.filter(tag=instance).values_list("content_object_id", flat=True)
    )


def tag_deleted(sender, instance, **kwargs):
    index_entries(getattr(instance, "_search_entry_ids", []))


def source_saved(sender, instance, created=False, raw=False, **kwargs):
    if not (raw or created):
        index_entries(PressLink.objects.filter(source=instance).values_list("pk", flat=True))


def connect() -> None:
    for model in (Entry, PressLink, CampaignPost):
        post_save.connect(entry_saved, sender=model, dispatch_uid=f"search-{model.__name__}")
        post_delete.connect(
            entry_deleted, sender=model, dispatch_uid=f"search-{model.__name__}-deleted"
        )
    for signal in (post_save, post_delete):
        signal.connect(excerpt_changed, sender=Excerpt, dispatch_uid="search-excerpt")
        signal.connect(tagging_changed, sender=TaggedEntry, dispatch_uid="search-tagging")
    entry_tags_saved.connect(tags_saved, dispatch_uid="search-entry-tags")
    entries_retagged.connect(retagged, dispatch_uid="search-retagged")
    post_save.connect(tag_saved, sender=Tag, dispatch_uid="search-tag")
    pre_delete.connect(tag_deleting, sender=Tag, dispatch_uid="search-tag-deleting")
    post_delete.connect(tag_deleted, sender=Tag, dispatch_uid="search-tag-deleted")
    post_save.connect(source_saved, sender=Source, dispatch_uid="search-source")
