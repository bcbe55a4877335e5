"""Tag management for editors: rename, merge, labels per language, theme.

Each function checks its input and raises :class:`TagError` (a message for the editor)
before changing anything, in one transaction. The caller then calls
:func:`articles.writes.entries_changed` with :func:`entries_of` the tag (taken before a
merge). The old URL of a renamed or merged tag leads to the tag it became
(:class:`~tags.models.TagRedirect`).
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Tag, TaggedEntry, TagRedirect
from .parser import MAX_TAG_LENGTH, find_hashtags, tag_key


class TagError(ValueError):
    """Why a tag cannot be changed so (a sentence for the editor)."""


def clean_name(name: str) -> str:
    """``name`` as a tag is written without its ``#``; :class:`TagError` if it is not one."""
    name = (name or "").strip().lstrip("#")
    if not name:
        raise TagError(_("Give the tag a name."))
    if len(name) > MAX_TAG_LENGTH:
        raise TagError(_("A tag is at most %(max)d characters long.") % {"max": MAX_TAG_LENGTH})
    found = find_hashtags(f"#{name}")
    if len(found) != 1 or found[0].name != name or found[0].labels:
        raise TagError(
            _("“%(name)s” is not a tag: letters, digits and _ joined by - ' or . only.")
            % {"name": name}
        )
    return name


def entries_of(tag: Tag) -> list[int]:
    """The ids of the entries carrying ``tag``."""
    return list(tag.tagged_entries.values_list("content_object_id", flat=True))


def _add_redirect(old_slug: str, tag: Tag) -> None:
    """Lead ``old_slug`` to ``tag``."""
    if old_slug == tag.slug:
        return
    TagRedirect.objects.update_or_create(old_slug=old_slug, defaults={"tag": tag})


@transaction.atomic
def rename_tag(tag: Tag, new_name: str) -> Tag:
    """Give ``tag`` the spelling ``new_name``; its old key (if it changes) redirects to it."""
    new_name = clean_name(new_name)
    new_key = tag_key(new_name)
    if new_key != tag.slug and Tag.objects.filter(slug=new_key).exists():
        raise TagError(
            _("There is already a tag #%(name)s: merge the two tags instead.") % {"name": new_name}
        )
    old_slug = tag.slug
    tag.name = new_name
    tag.save()
    TagRedirect.objects.filter(old_slug=tag.slug).delete()
    _add_redirect(old_slug, tag)
    return tag


@transaction.atomic
def merge_tags(source: Tag, target: Tag) -> Tag:
    """Re-tag every entry of ``source`` with ``target``, then delete ``source``.

    An entry carrying both keeps one tagging, in the tag list or among the
    themes if either was. ``source``'s URL and its old keys redirect to ``target``.
    """
    if source.pk == target.pk:
        raise TagError(_("A tag cannot be merged into itself."))
    source = Tag.objects.select_for_update().get(pk=source.pk)
    target = Tag.objects.select_for_update().get(pk=target.pk)
    entry_ids = entries_of(source)
    both = TaggedEntry.objects.filter(tag=target, content_object_id__in=entry_ids)
    for tagging in both.select_related(None):
        old = TaggedEntry.objects.get(tag=source, content_object_id=tagging.content_object_id)
        tagging.as_tag = tagging.as_tag or old.as_tag
        tagging.as_theme = tagging.as_theme or old.as_theme
        tagging.position = min(tagging.position, old.position)
        tagging.save(update_fields=["as_tag", "as_theme", "position"])
    TaggedEntry.objects.filter(
        tag=source, content_object_id__in=both.values("content_object_id")
    ).delete()
    TaggedEntry.objects.filter(tag=source).update(tag=target)
    if any(lang not in target.labels for lang in source.labels):
        target.labels = {**source.labels, **target.labels}
        target.save(update_fields=["labels"])
    TagRedirect.objects.filter(tag=source).update(tag=target)
    old_slug = source.slug
    source.delete()
    _add_redirect(old_slug, target)
    return target


def clean_labels(labels: dict[str, str]) -> dict[str, str]:
    """Labels by language code of :setting:`LANGUAGES`, empty ones dropped."""
    languages = {code for code, _name in settings.LANGUAGES}
    cleaned = {}
    for language, label in labels.items():
        if language not in languages:
            raise TagError(_("Unknown language: %(code)s.") % {"code": language})
        label = (label or "").strip().lstrip("#")
        if label:
            if len(label) > MAX_TAG_LENGTH or any(char.isspace() for char in label):
                raise TagError(
                    _("A label is one word of at most %(max)d characters.")
                    % {"max": MAX_TAG_LENGTH}
                )
            cleaned[language] = label
    return cleaned


@transaction.atomic
def set_labels(tag: Tag, labels: dict[str, str]) -> Tag:
    """Make ``labels`` the spellings of ``tag`` per language (empty: the name is shown)."""
    tag.labels = clean_labels(labels)
    tag.save(update_fields=["labels"])
    return tag


@transaction.atomic
def set_theme(tag: Tag, is_theme: bool) -> Tag:
    """Mark ``tag`` as a theme (shown with the themes of its entries), or not."""
    tag.is_theme = bool(is_theme)
    tag.save(update_fields=["is_theme"])
    return tag
