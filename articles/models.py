"""The press review: sources, press links and campaign posts, all entries of one stream."""

import re

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from .fields import StoredHTMLField

# The longest text of each field a person writes: at its limit, a text renders in well
# under a second whatever it holds (articles.markup.bounds; bench/markup_worst.py). The
# editors, the admin and the importers all refuse a longer one.
TEXT_LIMITS = {
    "excerpt": 5_000,
    "commentary": 20_000,
    "campaign post lead": 5_000,
    "campaign post body": 30_000,
    "campaign description": 5_000,
}

# A citation link written by articles.markup: '<a class="ref" href="#source-3" id="ref-3">'.
_CITATION_RE = re.compile(r'<a class="ref" href="#source-(\d+)"')


class Source(models.Model):
    """A publication (Le Monde, The Guardian...), known by its domain."""

    name = models.CharField(_("name"), max_length=200)
    domain = models.CharField(_("domain"), max_length=253, unique=True)
    home_url = models.URLField(_("home page"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("source_detail", args=[self.domain])


class Campaign(models.Model):
    """A series of campaign posts ("Stop Amazon")."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(
        _("description"), blank=True, max_length=TEXT_LIMITS["campaign description"]
    )
    description_html = StoredHTMLField(_("description (HTML)"))

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaign_detail", args=[self.slug])


class Entry(models.Model):
    """Anything of the stream: a press link or a campaign post."""

    class Kind(models.TextChoices):
        LINK = "link", _("press link")
        POST = "post", _("campaign post")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="entries",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    tags = TaggableManager(through="tags.TaggedEntry", blank=True, verbose_name=_("tags"))
    # The tags typed in the tag field, as hashtags; the entry's tags are these plus the
    # hashtags written in its texts (articles.writes).
    tag_line = models.TextField(_("tags typed"), blank=True, editable=False)
    # A search result's title and passage, matched words marked (safe HTML, set by
    # search.services.search_page); the entry template shows them instead of the texts.
    title_html = passage_html = None

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="entry_stream"),
            models.Index(fields=["author", "status", "-published_at"], name="entry_by_author"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.specific.get_absolute_url()

    @property
    def title(self) -> str:
        return self.specific.title

    @property
    def specific(self):
        """The press link or campaign post this entry is."""
        if type(self) is not Entry:  # already the press link or campaign post
            return self
        return self.presslink if self.kind == self.Kind.LINK else self.campaignpost


class PressLink(Entry):
    """An annotated link to a press article."""

    url = models.URLField(_("URL"), max_length=2000, blank=True)
    normalized_url = models.CharField(
        _("normalised URL"), max_length=2000, unique=True, null=True, editable=False
    )
    title = models.CharField(_("title"), max_length=500)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="links",
    )
    commentary = models.TextField(_("commentary"), blank=True, max_length=TEXT_LIMITS["commentary"])
    commentary_html = StoredHTMLField(_("commentary (HTML)"))
    image_url = models.URLField(_("image URL"), max_length=2000, blank=True)
    article_date = models.DateField(_("article date"), null=True, blank=True)

    class Meta:
        verbose_name = _("press link")
        verbose_name_plural = _("press links")
        indexes = [
            # A source's stream and counts read the ids of its links from the index alone.
            models.Index(fields=["source", "entry_ptr"], name="link_by_source"),
        ]

    def save(self, *args, **kwargs):
        from .normalize import normalize_url

        self.kind = Entry.Kind.LINK
        self.normalized_url = normalize_url(self.url) if self.url else None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("link_detail", args=[self.pk])


class Excerpt(models.Model):
    """A passage quoted from the article; a link has them in order."""

    link = models.ForeignKey(PressLink, on_delete=models.CASCADE, related_name="excerpts")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("excerpt"), max_length=TEXT_LIMITS["excerpt"])
    html = StoredHTMLField(_("excerpt (HTML)"))

    class Meta:
        verbose_name = _("excerpt")
        verbose_name_plural = _("excerpts")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text[:80]


class CampaignPost(Entry):
    """A long campaign post ("Episode 4: ..."), citing numbered sources."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="posts"
    )
    episode = models.PositiveSmallIntegerField(_("episode"))
    title = models.CharField(_("title"), max_length=500)
    lead = models.TextField(_("lead"), blank=True, max_length=TEXT_LIMITS["campaign post lead"])
    lead_html = StoredHTMLField(_("lead (HTML)"))
    body = models.TextField(_("body"), blank=True, max_length=TEXT_LIMITS["campaign post body"])
    body_html = StoredHTMLField(_("body (HTML)"))

    class Meta:
        verbose_name = _("campaign post")
        verbose_name_plural = _("campaign posts")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "episode"], name="one_post_per_episode"),
        ]

    def save(self, *args, **kwargs):
        self.kind = Entry.Kind.POST
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("post_detail", args=[self.campaign.slug, self.episode])

    @cached_property
    def cited_numbers(self) -> frozenset[int]:
        """The source numbers the stored lead and body link to (``[N]`` with a source)."""
        html = f"{self.lead_html}{self.body_html}"
        return frozenset(int(number) for number in _CITATION_RE.findall(html))

    def source_numbers(self) -> set[int]:
        """The numbers of this post's "Sources et Ressources" items (none before it is saved)."""
        if self.pk is None:
            return set()
        return set(self.sources.values_list("number", flat=True))


class PostSource(models.Model):
    """Item ``[number]`` of a campaign post's "Sources et Ressources" list."""

    post = models.ForeignKey(CampaignPost, on_delete=models.CASCADE, related_name="sources")
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=500)
    url = models.URLField(_("URL"), max_length=2000, blank=True)
    press_link = models.ForeignKey(
        PressLink,
        verbose_name=_("press link"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cited_by",
    )

    class Meta:
        verbose_name = _("numbered source")
        verbose_name_plural = _("numbered sources")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="one_source_per_number"),
        ]

    def __str__(self):
        return f"[{self.number}] {self.label}"


class StreamState(models.Model):
    """One row counting the changes to what the stream shows.

    Its ``version`` goes up after every committed change to an entry, its excerpts,
    sources or tags (:mod:`articles.stream.changes`), so anything computed from the stream can be
    cached under it: cached counts, ``ETag`` values. It lives in the database so that
    every server process sees the same version.
    """

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("stream state")
        verbose_name_plural = _("stream state")

    def __str__(self):
        return f"v{self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
