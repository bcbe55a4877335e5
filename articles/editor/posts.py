"""Saving campaign posts from the editor (the press-link side is :mod:`articles.editor.links`)."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.roles import is_editor
from tags.parser import EntryTag

from ..models import Campaign, CampaignPost, Entry, PostSource, PressLink
from ..permissions import can_see
from ..writes import entries_changed
from ..writes.texts import tag_line_of
from .links import entry_to_save, fill, status_label


class EpisodeTaken(Exception):
    """The campaign already has a post with this episode number."""


@dataclass
class SourceData:
    label: str
    url: str = ""
    press_link: PressLink | None = None


@dataclass
class PostData:
    campaign: Campaign
    episode: int
    title: str
    lead: str = ""
    body: str = ""
    sources: list[SourceData] = field(default_factory=list)
    hashtags: list[EntryTag] = field(default_factory=list)
    publish: bool = False


def _snapshot(post, sources, tag_line: str, published: bool) -> dict[str, str]:
    """A post's editable content (saved, or as sent), as the texts a person compares."""
    lines = []
    for number, source in enumerate(sources, 1):
        link = f" (#{source.press_link.pk})" if source.press_link else ""
        lines.append(f"[{number}] {source.label} {source.url}{link}".rstrip())
    return {
        _("Campaign"): str(post.campaign),
        _("Episode"): str(post.episode),
        _("Title"): post.title,
        _("Lead"): post.lead,
        _("Body"): post.body,
        _("Sources"): "\n".join(lines),
        _("Tags"): tag_line,
        _("Status"): status_label(published),
    }


def _saved_snapshot(post: CampaignPost) -> dict[str, str]:
    sources = post.sources.select_related("press_link").order_by("number")
    return _snapshot(post, sources, post.tag_line, post.status == Entry.Status.PUBLISHED)


def search_links(user, text: str, limit: int = 10, window: int = 4000):
    """Stored press links matching every word of ``text`` (title or address), newest first.

    Without a text index, the table is read newest first in growing windows of ids, so a
    common word is answered from the newest rows and only a rare one reads them all.
    """
    words = text.split()[:6]
    if not words:
        return []
    matching = PressLink.objects.select_related("source")
    if not is_editor(user):  # published links and the person's own drafts
        matching = matching.filter(Q(status=Entry.Status.PUBLISHED) | Q(author_id=user.pk))
    for word in words:
        matching = matching.filter(Q(title__icontains=word) | Q(url__icontains=word))
    top = PressLink.objects.order_by("-pk").values_list("pk", flat=True).first()
    found: list[PressLink] = []
    while top is not None and top > 0 and len(found) < limit:
        bottom = max(top - window, 0)
        batch = matching.filter(pk__gt=bottom, pk__lte=top).order_by("-pk")[: limit - len(found)]
        found.extend(batch)
        top, window = bottom, window * 2
    return found


@transaction.atomic
def save_campaign_post(
    data: PostData, *, user, post: CampaignPost | None = None, version: str | None = None
) -> CampaignPost:
    """Create or update a campaign post and its numbered sources; all or nothing.

    Raises PermissionDenied, :class:`EpisodeTaken` or
    :class:`~articles.editor.links.EditConflict`.
    """
    yours = _snapshot(data, data.sources, tag_line_of(data.hashtags), data.publish)
    post = entry_to_save(CampaignPost, user, post, version, _saved_snapshot, yours)
    for source in data.sources:
        if source.press_link is not None and not can_see(user, source.press_link):
            raise PermissionDenied
    taken = CampaignPost.objects.filter(campaign=data.campaign, episode=data.episode)
    if taken.exclude(pk=post.pk).exists():
        raise EpisodeTaken
    fill(post, data, ("campaign", "episode", "title", "lead", "body"))
    try:
        with transaction.atomic():
            post.save()
    except IntegrityError:  # the same episode saved meanwhile
        raise EpisodeTaken from None
    post.sources.all().delete()
    PostSource.objects.bulk_create(
        PostSource(post=post, number=number, **vars(source))
        for number, source in enumerate(data.sources, 1)
    )
    # Renders the lead and body with the new sources and sets the post's tags: those
    # typed, then the hashtags of the lead and body; the search index, counts, version.
    entries_changed([post.pk])
    post.refresh_from_db()
    return post
