"""Attaching parsed hashtags to entries: the one write path for tags."""

from collections import defaultdict

from django.conf import settings

from .models import Tag, TaggedEntry, TagRedirect
from .parser import EntryTag, tag_key, write_hashtag


def tags_for(entry_tags: list[EntryTag], known: dict[str, Tag] | None = None) -> dict[str, Tag]:
    """The stored tag of each parsed tag, by key; new ones created with their first spelling.

    Labels per language that a stored tag does not have yet are added to it. The key
    of a tag renamed or merged away gives the tag it became (no new tag is made).
    A tag created meanwhile by another writer is taken as it is. ``known``: tags by key
    already read in this transaction (added to).
    """
    existing = known if known is not None else {}
    first: dict[str, EntryTag] = {}
    for parsed in entry_tags:
        if parsed.key not in existing:
            first.setdefault(parsed.key, parsed)
    found, missing = resolve_keys(list(first))
    existing.update(zip([key for key in first if key not in missing], found, strict=True))
    if missing:
        Tag.objects.bulk_create(
            [
                Tag(name=first[key].name, slug=key, labels=dict(first[key].labels))
                for key in missing
            ],
            ignore_conflicts=True,
        )
        existing.update((tag.slug, tag) for tag in Tag.objects.filter(slug__in=missing))
    for parsed in entry_tags:
        tag = existing[parsed.key]
        if parsed.labels and any(lang not in tag.labels for lang in parsed.labels):
            tag.labels = {**parsed.labels, **tag.labels}
            tag.save(update_fields=["labels"])
    return existing


def set_tags(wanted: dict[int, list[EntryTag]], known: dict[str, Tag] | None = None) -> list[int]:
    """Make ``wanted[entry_id]`` the tags of each entry, in that order; the ids that changed.

    Two keys may lead to one tag (one of them merged away): one tagging, flags merged.
    Only the taggings of entries whose tags differ are rewritten (3 queries plus the
    tags created). ``known``: as for :func:`tags_for`.
    """
    if not wanted:
        return []
    current = defaultdict(list)
    for entry_id, slug, as_tag, as_theme in (
        TaggedEntry.objects.filter(content_object_id__in=list(wanted))
        .order_by("content_object_id", "position", "pk")
        .values_list("content_object_id", "tag__slug", "as_tag", "as_theme")
    ):
        current[entry_id].append((slug, as_tag, as_theme))
    stored = tags_for([parsed for entry_tags in wanted.values() for parsed in entry_tags], known)
    changed, rows = [], []
    for entry_id, entry_tags in wanted.items():
        merged: dict[int, list] = {}
        for parsed in entry_tags:
            tag = stored[parsed.key]
            slot = merged.setdefault(tag.pk, [tag, False, False])
            slot[1], slot[2] = slot[1] or parsed.as_tag, slot[2] or parsed.as_theme
        if current.get(entry_id, []) == [(tag.slug, a, t) for tag, a, t in merged.values()]:
            continue
        changed.append(entry_id)
        rows += [
            TaggedEntry(
                content_object_id=entry_id,
                tag_id=tag.pk,
                position=n,
                as_tag=as_tag,
                as_theme=as_theme,
            )
            for n, (tag, as_tag, as_theme) in enumerate(merged.values())
        ]
    TaggedEntry.objects.filter(content_object_id__in=changed).delete()
    TaggedEntry.objects.bulk_create(rows, batch_size=1000)
    return changed


def split_for_display(taggings):
    """``(shown, folded, themes)`` of an entry's taggings, in their written order: at most
    ``settings.TAGS_SHOWN`` tags shown, the rest folded behind "(...)", themes apart."""
    ordered = sorted(taggings, key=lambda tagging: (tagging.position, tagging.pk or 0))
    # A tag marked as a theme (Tag.is_theme) is shown with the themes wherever it is.
    listed = [tagging.tag for tagging in ordered if tagging.as_tag and not tagging.tag.is_theme]
    themes = [tagging.tag for tagging in ordered if tagging.as_theme or tagging.tag.is_theme]
    return listed[: settings.TAGS_SHOWN], listed[settings.TAGS_SHOWN :], themes


class UnknownTag(LookupError):
    """A tag named in a URL does not exist."""


def tags_from_path(spec: str) -> list[Tag]:
    """The tags of a ``/tags/<a>+<b>/`` path part, in its order, without repeats.

    Each part is read with :func:`tags.parser.tag_key`, so ``Amazon`` finds the
    tag ``amazon``. Raises :class:`UnknownTag` if a part names no tag.
    """
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
    found = {tag.slug: tag for tag in Tag.objects.filter(slug__in=keys)}
    missing = [key for key in keys if key not in found]
    if missing:
        for redirect in TagRedirect.objects.filter(old_slug__in=missing).select_related("tag"):
            found[redirect.old_slug] = redirect.tag
    return [found[key] for key in keys if key in found], [key for key in keys if key not in found]


def hashtag_line(entry) -> str:
    """An entry's tags written back as hashtags: its tag list, then its themes."""
    taggings = list(entry.tagged_items.select_related("tag").order_by("position", "pk"))
    listed = [write_hashtag(t.tag.name, t.tag.labels) for t in taggings if t.as_tag]
    themes = [write_hashtag(t.tag.name, t.tag.labels, theme=True) for t in taggings if t.as_theme]
    return " ".join(listed + themes)
