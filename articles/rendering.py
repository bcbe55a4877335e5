"""Keeping an entry's stored HTML and tags in step with its texts.

Every text a person types is rendered into its stored HTML field by the model's ``save()``
(:mod:`articles.models`). What needs the whole entry is done here, by :func:`sync_entry`,
which every writer calls once an entry is saved with its excerpts or sources: the admin,
``load_demo``, the web editor, importers.

An entry's tags are **the tags typed in its tag field** (:attr:`Entry.tag_line`) **followed
by the hashtags written in its texts**, duplicates merged. Removing a hashtag from a text
removes the tag, unless it is also typed in the tag field.
"""

from collections.abc import Iterable

from django.db import transaction

from tags.parser import EntryTag, tags_in, write_hashtag
from tags.services import set_entry_tags

from .markup import missing_references as _missing_in_text
from .markup import tag_href
from .models import Campaign, CampaignPost, Entry, Excerpt, PressLink
from .stream.changes import note_change


def entry_texts(entry: Entry) -> list[str]:
    """What the person typed in ``entry``, in reading order of its tags."""
    specific = entry.specific
    if isinstance(specific, PressLink):
        excerpts = specific.excerpts.order_by("position", "pk").values_list("text", flat=True)
        return [specific.commentary, *excerpts]
    return [specific.lead, specific.body]


def tag_line_of(typed: str | Iterable[EntryTag]) -> str:
    """Tags typed in a tag field (text, or parsed by :class:`tags.forms.HashtagField`),
    written back as one canonical line of hashtags."""
    parsed = tags_in(typed) if isinstance(typed, str) else list(typed)
    return " ".join(
        write_hashtag(tag.name, tag.labels, theme=theme)
        for tag in parsed
        for theme, wanted in ((False, tag.as_tag), (True, tag.as_theme))
        if wanted
    )


def combined_tags(tag_line: str, *texts: str) -> list[EntryTag]:
    """An entry's tags: those of its ``tag_line``, then the hashtags of its ``texts``.

    A hashtag that no tag page can have (a ``/`` or ``+`` in it) stays text, and is no tag.
    """
    return [tag for tag in tags_in(tag_line, *texts) if tag_href(tag.key) is not None]


def entry_tags(entry: Entry) -> list[EntryTag]:
    """The tags ``entry`` should carry (:func:`combined_tags` of its tag line and texts)."""
    return combined_tags(entry.tag_line, *entry_texts(entry))


def _render_excerpts(link: PressLink) -> bool:
    """Render the excerpts whose stored HTML is out of date (a ``bulk_create``...)."""
    changed = []
    for excerpt in link.excerpts.all():
        before = excerpt.html
        excerpt.render()
        if excerpt.html != before:
            changed.append(excerpt)
    if changed:
        Excerpt.objects.bulk_update(changed, ["html"])
        note_change()  # bulk writes send no post_save: the stream's cached pages are stale
    return bool(changed)


def _render_entry(specific) -> bool:
    """Render ``specific``'s own texts; store them if they changed."""
    fields = ["commentary_html"] if isinstance(specific, PressLink) else ["lead_html", "body_html"]
    before = [getattr(specific, name) for name in fields]
    specific.render()
    if [getattr(specific, name) for name in fields] == before:
        return False
    type(specific).objects.filter(pk=specific.pk).update(
        **{name: getattr(specific, name) for name in fields}
    )
    note_change()
    return True


@transaction.atomic
def sync_entry(entry: Entry, typed_tags: str | Iterable[EntryTag] | None = None) -> bool:
    """Render again what depends on the whole of ``entry`` and set its tags.

    ``typed_tags``: what the tag field holds now (a hashtag line, or the parsed tags);
    ``None`` keeps the stored :attr:`Entry.tag_line`. The post body is rendered with the
    post's current sources, excerpts saved in bulk get their HTML, and the entry's tags
    become :func:`entry_tags` (through :func:`tags.services.set_entry_tags`). Returns
    whether anything had to change.
    """
    specific = entry.specific
    changed = False
    if typed_tags is not None:
        line = tag_line_of(typed_tags)
        if line != specific.tag_line:
            specific.tag_line = entry.tag_line = line
            Entry.objects.filter(pk=specific.pk).update(tag_line=line)
            changed = True  # not shown: the tags it makes are, and set_entry_tags notes them
    if isinstance(specific, PressLink):
        changed = _render_excerpts(specific) or changed
    changed = _render_entry(specific) or changed
    return set_entry_tags(specific, entry_tags(specific)) or changed


def missing_references(post: CampaignPost) -> list[int]:
    """The numbers ``[N]`` the post's lead and body cite that no source item has."""
    numbers = post.source_numbers()
    missing = set(_missing_in_text(post.lead, numbers)) | set(_missing_in_text(post.body, numbers))
    return sorted(missing)


def rerender_all(batch_size: int = 500) -> dict[str, int]:
    """Render every stored HTML again, in batches; how many rows of each kind changed."""
    counts = {}
    counts["campaigns"] = _rerender(Campaign.objects.all(), ["description_html"], batch_size)
    counts["excerpts"] = _rerender(Excerpt.objects.all(), ["html"], batch_size)
    counts["press links"] = _rerender(PressLink.objects.all(), ["commentary_html"], batch_size)
    posts = CampaignPost.objects.prefetch_related("sources")
    counts["campaign posts"] = _rerender(posts, ["lead_html", "body_html"], batch_size)
    return counts


def _rerender(queryset, fields: list[str], batch_size: int) -> int:
    model = queryset.model
    changed = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(queryset.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
            if not batch:
                return changed
            stale = []
            for obj in batch:
                before = [getattr(obj, name) for name in fields]
                if isinstance(obj, CampaignPost):
                    obj.render({source.number for source in obj.sources.all()})
                else:
                    obj.render()
                if [getattr(obj, name) for name in fields] != before:
                    stale.append(obj)
            if stale:
                model.objects.bulk_update(stale, fields)
                note_change()
            changed += len(stale)
            last_pk = batch[-1].pk
