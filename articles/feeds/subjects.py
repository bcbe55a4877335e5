"""The streams a reader can follow (the whole review, tags, a source, a campaign, an author)
as :class:`Subject`: what each holds, its page, its name; the feeds and the pages' feed
links are built from them."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext

from tags.services import UnknownTag, tags_from_path

from ..models import Campaign, Source
from ..stream import queries as stream

FORMATS = ("atom", "rss")


class NoSuchStream(ObjectDoesNotExist):
    """The tag, source, campaign or author a feed address names does not exist."""


def site_name() -> str:
    return settings.PRESSREVIEW_SITE_NAME or gettext("Press review")


@dataclass(frozen=True)
class Subject:
    """One stream: ``kind`` names its feed URLs (``<kind>_feed_atom``), ``args`` fill them."""

    kind: str
    entries: QuerySet = field(repr=False)
    page_url: str
    name: str
    description: str
    args: tuple = ()
    key: str = ""  # what else its feed shows (tag labels): part of the feed's ETag

    @property
    def title(self) -> str:
        return site_name() if self.kind == "stream" else f"{self.name} · {site_name()}"

    def feed_url(self, format: str) -> str:
        return reverse(f"{self.kind}_feed_{format}", args=self.args)


def whole_stream() -> Subject:
    return Subject(
        kind="stream",
        entries=stream.published(),
        page_url=reverse("home"),
        name=site_name(),
        description=gettext("The latest entries of the press review."),
    )


def _get(queryset, **lookup):
    try:
        return queryset.get(**lookup)
    except ObjectDoesNotExist:
        raise NoSuchStream(*lookup.values()) from None


def for_tags(spec: str) -> Subject:
    """The entries carrying every tag of ``spec`` (``a+b``)."""
    try:
        return tags_stream(tags_from_path(spec))
    except UnknownTag as error:
        raise NoSuchStream(gettext("No tag %(tag)s.") % {"tag": error.args[0]}) from None


def for_source(domain: str) -> Subject:
    return source_stream(_get(Source.objects, domain=domain.lower()))


def for_campaign(slug: str) -> Subject:
    return campaign_stream(_get(Campaign.objects, slug=slug))


def for_author(username: str) -> Subject:
    return author_stream(_get(stream.authors(), username=username))


def tags_stream(tags) -> Subject:
    """The entries carrying all of ``tags``; ``args`` hold the canonical ``a+b`` form."""
    canonical = "+".join(tag.slug for tag in tags)
    name = " + ".join(f"#{tag.label()}" for tag in tags)
    return Subject(
        kind="tag",
        entries=stream.with_all_tags(stream.published(), tags),
        page_url=reverse("tag_detail", args=[canonical]),
        name=name,
        description=gettext("The latest entries tagged %(tags)s.") % {"tags": name},
        args=(canonical,),
        key=repr([(tag.name, tag.labels) for tag in tags]),
    )


def source_stream(source: Source) -> Subject:
    return Subject(
        kind="source",
        entries=stream.published().filter(presslink__source=source),
        page_url=source.get_absolute_url(),
        name=source.name,
        description=gettext("The latest links to %(source)s.") % {"source": source.name},
        args=(source.domain,),
        key=source.name,
    )


def campaign_stream(campaign: Campaign) -> Subject:
    return Subject(
        kind="campaign",
        entries=stream.published().filter(campaignpost__campaign=campaign),
        page_url=campaign.get_absolute_url(),
        name=campaign.name,
        description=gettext("The latest posts of the campaign %(campaign)s.")
        % {"campaign": campaign.name},
        args=(campaign.slug,),
        key=campaign.name,
    )


def author_stream(author) -> Subject:
    name = author.get_full_name() or author.username
    return Subject(
        kind="author",
        entries=stream.published().filter(author=author),
        page_url=reverse("author_detail", args=[author.username]),
        name=name,
        description=gettext("The latest entries by %(author)s.") % {"author": name},
        args=(author.username,),
        key=name,
    )


def newest(subject: Subject, size: int | None = None) -> list[int]:
    """The ids of the ``size`` newest entries of ``subject``: one narrow ordered query."""
    size = settings.FEED_SIZE if size is None else size
    return list(subject.entries.values_list("pk", flat=True)[:size])
