"""Attaching parsed hashtags to entries: the one write path for tags."""

from django.conf import settings
from django.db import transaction

from .models import Tag, TaggedEntry
from .parser import EntryTag


def tags_for(entry_tags: list[EntryTag]) -> dict[str, Tag]:
    """The stored tag of each parsed tag, by key; new ones created with their first spelling.

    Labels per language that a stored tag does not have yet are added to it.
    """
    keys = [tag.key for tag in entry_tags]
    existing = {tag.slug: tag for tag in Tag.objects.filter(slug__in=keys)}
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
    wanted = [(parsed.key, parsed.as_tag, parsed.as_theme) for parsed in entry_tags]
    stored = tags_for(entry_tags)
    if current == wanted:
        return False
    TaggedEntry.objects.filter(content_object=entry).delete()
    TaggedEntry.objects.bulk_create(
        TaggedEntry(
            content_object=entry,
            tag=stored[parsed.key],
            position=position,
            as_tag=parsed.as_tag,
            as_theme=parsed.as_theme,
        )
        for position, parsed in enumerate(entry_tags)
    )
    from articles.changes import note_change  # bulk_create sends no post_save

    note_change()
    return True


def split_for_display(taggings, shown: int | None = None):
    """``(shown, folded, themes)`` of an entry's taggings, in their written order.

    At most ``shown`` tags (``settings.TAGS_SHOWN``) are listed; the rest are
    folded behind "(...)". Themes are listed apart.
    """
    limit = settings.TAGS_SHOWN if shown is None else shown
    ordered = sorted(taggings, key=lambda tagging: (tagging.position, tagging.pk or 0))
    listed = [tagging.tag for tagging in ordered if tagging.as_tag]
    themes = [tagging.tag for tagging in ordered if tagging.as_theme]
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
    found = {tag.slug: tag for tag in Tag.objects.filter(slug__in=keys)}
    missing = [key for key in keys if key not in found]
    if missing:
        raise UnknownTag(missing[0])
    return [found[key] for key in keys]


def hashtag_line(entry) -> str:
    """An entry's tags written back as hashtags: its tag list, then its themes."""
    from .parser import write_hashtag

    taggings = list(entry.tagged_items.select_related("tag").order_by("position", "pk"))
    listed = [write_hashtag(t.tag.name, t.tag.labels) for t in taggings if t.as_tag]
    themes = [write_hashtag(t.tag.name, t.tag.labels, theme=True) for t in taggings if t.as_theme]
    return " ".join(listed + themes)
