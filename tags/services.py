"""Attaching parsed hashtags to entries: the one write path for tags."""

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal

from .models import Tag, TaggedEntry
from .parser import EntryTag

# Sent with ``entry`` at the end of :func:`set_entry_tags`, changed or not (the search
# index listens: bulk writes of taggings send no ``post_save``).
entry_tags_saved = Signal()
# Sent with ``entry_ids`` when taggings were rewritten in bulk (a merge of two tags).
entries_retagged = Signal()


def tags_for(entry_tags: list[EntryTag]) -> dict[str, Tag]:
    """The stored tag of each parsed tag, by key; new ones created with their first spelling.

    Labels per language that a stored tag does not have yet are added to it. The key
    of a tag renamed or merged away gives the tag it became (no new tag is made).
    """
    keys = list(dict.fromkeys(tag.key for tag in entry_tags))
    found, missing = resolve_keys(keys)
    existing = dict(zip([key for key in keys if key not in missing], found, strict=True))
    for parsed in entry_tags:
        tag = existing.get(parsed.key)
        if tag is None:
            tag = Tag(name=parsed.name, labels=dict(parsed.labels))
            tag.save()
            existing[tag.slug] = tag
        elif parsed.labels and any(lang not in tag.labels for lang in parsed.labels):
            tag.labels = {**parsed.labels, **tag.labels}
            tag.save(update_fields=["labels"])
    return existing


@transaction.atomic
def set_entry_tags(entry, entry_tags: list[EntryTag]) -> bool:
    """Make ``entry_tags`` the tags of ``entry``, in that order; False if they already were."""
    current = [
        (slug, as_tag, as_theme)
        for slug, as_tag, as_theme in TaggedEntry.objects.filter(content_object=entry)
        .order_by("position", "pk")
        .values_list("tag__slug", "as_tag", "as_theme")
    ]
    stored = tags_for(entry_tags)
    # Two keys may lead to one tag (one of them merged away): one tagging, flags merged.
    merged: dict[int, list] = {}
    for parsed in entry_tags:
        tag = stored[parsed.key]
        slot = merged.setdefault(tag.pk, [tag, False, False])
        slot[1], slot[2] = slot[1] or parsed.as_tag, slot[2] or parsed.as_theme
    wanted = [(tag.slug, as_tag, as_theme) for tag, as_tag, as_theme in merged.values()]
    if current == wanted:
        entry_tags_saved.send(sender=type(entry), entry=entry)
        return False
    TaggedEntry.objects.filter(content_object=entry).delete()
    TaggedEntry.objects.bulk_create(
        TaggedEntry(
            content_object=entry, tag=tag, position=position, as_tag=as_tag, as_theme=as_theme
        )
        for position, (tag, as_tag, as_theme) in enumerate(merged.values())
    )
    from articles.stream.changes import note_change  # bulk_create sends no post_save

    note_change()
    entry_tags_saved.send(sender=type(entry), entry=entry)
    return True


def split_for_display(taggings, shown: int | None = None):
    """``(shown, folded, themes)`` of an entry's taggings, in their written order.

    At most ``shown`` tags (``settings.TAGS_SHOWN``) are listed; the rest are
    folded behind "(...)". Themes are listed apart.
    """
    limit = settings.TAGS_SHOWN if shown is None else shown
    ordered = sorted(taggings, key=lambda tagging: (tagging.position, tagging.pk or 0))
    # A tag marked as a theme (Tag.is_theme) is shown with the themes wherever it is.
    listed = [tagging.tag for tagging in ordered if tagging.as_tag and not tagging.tag.is_theme]
    themes = [tagging.tag for tagging in ordered if tagging.as_theme or tagging.tag.is_theme]
    return listed[:limit], listed[limit:], themes


class UnknownTag(LookupError):
    """A tag named in a URL does not exist."""


def tags_from_path(spec: str) -> list[Tag]:
    """The tags of a ``/tags/<a>+<b>/`` path part, in its order, without repeats.

    Each part is read with :func:`tags.parser.tag_key`, so ``Amazon`` finds the
    tag ``amazon``. Raises :class:`UnknownTag` if a part names no tag.
    """
    from .parser import tag_key

    keys = list(dict.fromkeys(tag_key(part) for part in spec.split("+") if part.strip()))
    if not keys:
        raise UnknownTag(spec)
    tags, missing = resolve_keys(keys)
    if missing:
        raise UnknownTag(missing[0])
    return list({tag.pk: tag for tag in tags}.values())


def resolve_keys(keys: list[str]) -> tuple[list[Tag], list[str]]:
    """``(tags, unknown keys)`` of tag ``keys``, in order; the key of a tag renamed or
    merged away gives the tag it became (:class:`~tags.models.TagRedirect`)."""
    from .models import TagRedirect

    found = {tag.slug: tag for tag in Tag.objects.filter(slug__in=keys)}
    missing = [key for key in keys if key not in found]
    if missing:
        for redirect in TagRedirect.objects.filter(old_slug__in=missing).select_related("tag"):
            found[redirect.old_slug] = redirect.tag
    return [found[key] for key in keys if key in found], [key for key in keys if key not in found]


def hashtag_line(entry) -> str:
    """An entry's tags written back as hashtags: its tag list, then its themes."""
    from .parser import write_hashtag

    taggings = list(entry.tagged_items.select_related("tag").order_by("position", "pk"))
    listed = [write_hashtag(t.tag.name, t.tag.labels) for t in taggings if t.as_tag]
    themes = [write_hashtag(t.tag.name, t.tag.labels, theme=True) for t in taggings if t.as_theme]
    return " ".join(listed + themes)
