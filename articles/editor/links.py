"""Saving what the editor sends: the one write path for press links and campaign posts.

Every save runs in one transaction, locks the entry's row, and refuses to overwrite a
version the editing person did not see (:class:`EditConflict`): the version token is the
entry's ``updated_at``, sent back by the form. A URL already stored raises
:class:`DuplicateLink` with the entry that has it.
"""

import difflib
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import can_create, is_editor
from tags.parser import EntryTag

from ..models import Entry, Excerpt, PressLink
from ..normalize import normalize_url
from ..permissions import can_delete, can_edit
from ..sources import source_for_url
from ..writes import delete_entries, entries_changed
from ..writes.texts import tag_line_of


@dataclass
class DuplicateLink(Exception):
    """The URL is already stored, as ``existing``."""

    existing: PressLink


@dataclass
class Change:
    label: str
    saved: str
    yours: str

    @property
    def diff(self) -> list[str]:
        """A line diff, for texts of more than one line."""
        if "\n" not in self.saved and "\n" not in self.yours:
            return []
        return list(
            difflib.unified_diff(self.saved.splitlines(), self.yours.splitlines(), lineterm="", n=1)
        )[2:]


@dataclass
class EditConflict(Exception):
    """Someone saved ``entry`` since the form was opened; ``changes`` lists the differences."""

    entry: Entry
    changes: list[Change] = field(default_factory=list)

    @property
    def version(self) -> str:
        return version_of(self.entry)


def version_of(entry: Entry) -> str:
    """The token a form sends back to prove which version it edited."""
    return entry.updated_at.isoformat() if entry.updated_at else ""


def find_duplicate(url: str, exclude_pk: int | None = None) -> PressLink | None:
    """The press link already stored under ``url`` (normalised), if any."""
    if not url:
        return None
    links = PressLink.objects.filter(normalized_url=normalize_url(url))
    if exclude_pk:
        links = links.exclude(pk=exclude_pk)
    return links.select_related("author").first()


@dataclass
class LinkData:
    """What the press-link form sends, cleaned."""

    url: str
    title: str
    commentary: str = ""
    image_url: str = ""
    article_date: date | None = None
    excerpts: list[str] = field(default_factory=list)
    hashtags: list[EntryTag] = field(default_factory=list)
    publication: str = ""
    publish: bool = False


def _snapshot(link, excerpts: list[str], tag_line: str, published: bool) -> dict[str, str]:
    """A press link's editable content (saved, or as sent), as the texts a person compares."""
    return {
        _("Address"): link.url,
        _("Title"): link.title,
        _("Excerpts"): "\n---\n".join(excerpts),
        _("Commentary"): link.commentary,
        _("Tags"): tag_line,
        _("Image"): link.image_url,
        _("Article date"): link.article_date.isoformat() if link.article_date else "",
        _("Status"): status_label(published),
    }


def _saved_snapshot(link: PressLink) -> dict[str, str]:
    excerpts = [excerpt.text for excerpt in link.excerpts.order_by("position", "pk")]
    return _snapshot(link, excerpts, link.tag_line, link.status == Entry.Status.PUBLISHED)


def status_label(published: bool) -> str:
    return (Entry.Status.PUBLISHED if published else Entry.Status.DRAFT).label


def fill(entry: Entry, data, fields: tuple[str, ...]) -> None:
    """Copy ``fields``, the typed tags and the status of ``data`` into ``entry``.

    Publishing sets the publication time; going back to draft clears it.
    """
    for name in fields:
        setattr(entry, name, getattr(data, name))
    entry.tag_line = tag_line_of(data.hashtags)
    if data.publish and entry.status != Entry.Status.PUBLISHED:
        entry.status = Entry.Status.PUBLISHED
        entry.published_at = timezone.now()
    elif not data.publish:
        entry.status = Entry.Status.DRAFT
        entry.published_at = None


def entry_to_save(model, user, entry: Entry | None, version: str | None, snapshot, yours: dict):
    """A new ``model`` entry by ``user`` (``entry`` None), or ``entry``'s row locked for the edit.

    :class:`EditConflict` if the entry changed since ``version`` and its ``snapshot()``
    differs from ``yours``, the snapshot of what the person sent.
    """
    if entry is None:
        if not can_create(user, model._meta.model_name):
            raise PermissionDenied
        return model(author=user)
    if not can_edit(user, entry):
        raise PermissionDenied
    locked = model.objects.select_for_update().filter(pk=entry.pk).first()
    if locked is None:  # deleted since the form was sent
        raise Http404(_("This entry was deleted meanwhile."))
    if version != version_of(locked):
        changes = [
            Change(label, saved, yours[label])
            for label, saved in snapshot(locked).items()
            if saved.strip() != yours[label].strip()
        ]
        if changes:
            raise EditConflict(locked, changes)
    return locked


@transaction.atomic
def save_press_link(
    data: LinkData, *, user, link: PressLink | None = None, version: str | None = None
) -> PressLink:
    """Create (``link`` None) or update a press link with ``data``, by ``user``.

    Raises :class:`~django.core.exceptions.PermissionDenied`, :class:`DuplicateLink` or
    :class:`EditConflict`; nothing is changed then.
    """
    yours = _snapshot(data, data.excerpts, tag_line_of(data.hashtags), data.publish)
    link = entry_to_save(PressLink, user, link, version, _saved_snapshot, yours)
    duplicate = find_duplicate(data.url, exclude_pk=link.pk)
    if duplicate is not None:
        raise DuplicateLink(duplicate)
    if data.publish and link.author_id != user.pk and not is_editor(user):
        raise PermissionDenied
    fill(link, data, ("url", "title", "commentary", "image_url", "article_date"))
    link.source = source_for_url(data.url)
    also_shown = []  # the other links of a publication named here
    if link.source is not None and data.publication and link.source.name == link.source.domain:
        link.source.name = data.publication[:200]  # a new publication, named by its page
        link.source.save(update_fields=["name"])
        also_shown = list(link.source.links.values_list("pk", flat=True))
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:  # the same URL saved meanwhile by someone else
        duplicate = find_duplicate(data.url, exclude_pk=link.pk)
        if duplicate is None:
            raise
        raise DuplicateLink(duplicate) from None
    link.excerpts.all().delete()
    Excerpt.objects.bulk_create(
        Excerpt(link=link, position=position, text=text)
        for position, text in enumerate(data.excerpts)
    )
    # Renders the texts and sets the entry's tags: those typed, then the hashtags of the
    # commentary and excerpts; the search index, the tag counts, the stream version.
    entries_changed([link.pk])
    if also_shown:
        entries_changed(also_shown, texts=False)
    link.refresh_from_db()
    return link


@transaction.atomic
def delete_entry(entry: Entry, *, user) -> None:
    if not can_delete(user, entry):
        raise PermissionDenied
    delete_entries([entry.pk])
