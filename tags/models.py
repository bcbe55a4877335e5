"""Tags: case-insensitive identity, the first spelling shown, labels per language."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from taggit.models import ItemBase, TagBase

from .parser import MAX_TAG_LENGTH, tag_key


class Tag(TagBase):
    """A hashtag. ``slug`` is its identity (:func:`tags.parser.tag_key`) and its URL."""

    name = models.CharField(_("name"), max_length=MAX_TAG_LENGTH)
    slug = models.CharField(_("key"), max_length=MAX_TAG_LENGTH + 8, unique=True)
    labels = models.JSONField(
        _("labels per language"),
        default=dict,
        blank=True,
        help_text=_('For example {"fr": "Santé", "en": "Health"}.'),
    )
    is_theme = models.BooleanField(
        _("theme"),
        default=False,
        help_text=_("Shown with the themes of the entries carrying it."),
    )

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["slug"]

    def slugify(self, tag, i=None):
        return tag_key(tag)

    def save(self, *args, **kwargs):
        self.slug = tag_key(self.name)
        super().save(*args, **kwargs)

    def label(self, language: str | None = None) -> str:
        """The spelling shown to a reader of ``language`` (the current one by default)."""
        if self.labels:
            language = (language or get_language() or "").split("-")[0].lower()
            if language in self.labels:
                return self.labels[language]
        return self.name


class TaggedEntry(ItemBase):
    """One tag on one entry: listed among its tags, among its themes, or both."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_entries")
    content_object = models.ForeignKey(
        "articles.Entry", on_delete=models.CASCADE, related_name="tagged_items"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    as_tag = models.BooleanField(_("in the tag list"), default=True)
    as_theme = models.BooleanField(_("theme"), default=False)

    class Meta:
        verbose_name = _("tagging")
        verbose_name_plural = _("taggings")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="one_tagging_per_tag"),
        ]
        indexes = [models.Index(fields=["tag", "content_object"], name="tagging_by_tag")]


class TagRedirect(models.Model):
    """The key of a tag renamed or merged away, leading to the tag it became."""

    old_slug = models.CharField(_("old key"), max_length=MAX_TAG_LENGTH + 8, unique=True)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("tag redirect")
        verbose_name_plural = _("tag redirects")
        ordering = ["old_slug"]

    def __str__(self):
        return f"{self.old_slug} → {self.tag.slug}"


# Running counts of tags.counts: kept current by it, never written by hand.


class TagPair(models.Model):
    """How many published entries carry both ``tag`` and ``other`` (``tag_id < other_id``)."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tag", "other"], name="one_pair_count")]
        indexes = [models.Index(fields=["other"], name="pairs_by_other")]

    def __str__(self):
        return f"{self.tag_id} + {self.other_id}: {self.count}"


class TagMonth(models.Model):
    """How many published entries carry ``tag``, per month of publication."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="month_counts")
    month = models.DateField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tag", "month"], name="one_month_count")]

    def __str__(self):
        return f"{self.tag_id} {self.month:%Y-%m}: {self.count}"


class CountedEntry(models.Model):
    """What a published entry adds to the counts: its month and its tags' ids.

    A plain id, not a foreign key: the row must outlive its entry, so that deleting the
    entry can take its contribution back.
    """

    entry_id = models.BigIntegerField(primary_key=True)
    month = models.DateField()
    tag_ids = models.JSONField(default=list)

    def __str__(self):
        return f"{self.entry_id} {self.month:%Y-%m}: {self.tag_ids}"
