from django.contrib import admin, messages
from django.db import models
from django.utils.translation import ngettext

from tags.forms import HashtagsFormMixin

from .models import Campaign, CampaignPost, Excerpt, PostSource, PressLink, Source
from .rendering import missing_references, sync_entry

# Typed URLs without a scheme are read as https (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class EntryForm(HashtagsFormMixin):
    """The tag field shows the tags typed in it; the hashtags of the texts are added."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["hashtags"] = self.instance.tag_line


class EntryAdmin(admin.ModelAdmin):
    """Tags are typed as hashtags; the entry is synced (HTML, tags) once all is saved."""

    form = EntryForm
    exclude = ["tags"]
    formfield_overrides = URL_FIELDS

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        sync_entry(form.instance, form.cleaned_data["hashtags"])
        self.warn(request, form.instance)

    def warn(self, request, entry) -> None:
        """Tell the editor what the saved entry gets wrong (nothing by default)."""


class ExcerptInline(admin.StackedInline):
    model = Excerpt
    extra = 1


class PostSourceInline(admin.TabularInline):
    model = PostSource
    extra = 1
    formfield_overrides = URL_FIELDS
    raw_id_fields = ["press_link"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "home_url"]
    search_fields = ["name", "domain"]
    list_filter = [("home_url", admin.EmptyFieldListFilter)]
    formfield_overrides = URL_FIELDS


@admin.register(Excerpt)
class ExcerptAdmin(admin.ModelAdmin):
    list_display = ["__str__", "link", "position"]
    search_fields = ["text", "link__title"]
    list_filter = ["link__source"]
    raw_id_fields = ["link"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)  # renders the excerpt
        sync_entry(obj.link)  # its hashtags are tags of the link


@admin.register(PostSource)
class PostSourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "post", "press_link"]
    search_fields = ["label", "url", "post__title"]
    list_filter = ["post__campaign", ("press_link", admin.EmptyFieldListFilter)]
    raw_id_fields = ["post", "press_link"]
    formfield_overrides = URL_FIELDS

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warn_missing_references(request, obj.post)


@admin.register(PressLink)
class PressLinkAdmin(EntryAdmin):
    list_display = ["title", "source", "author", "status", "published_at"]
    list_filter = ["status", "source", "author", "published_at"]
    search_fields = ["title", "url", "commentary", "excerpts__text", "tags__name"]
    date_hierarchy = "published_at"
    raw_id_fields = ["source"]
    inlines = [ExcerptInline]
    readonly_fields = ["normalized_url", "created_at", "updated_at"]
    list_select_related = ["source", "author"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    list_filter = ["posts__status"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CampaignPost)
class CampaignPostAdmin(EntryAdmin):
    list_display = ["title", "campaign", "episode", "author", "status", "published_at"]
    list_filter = ["status", "campaign", "author"]
    search_fields = ["title", "lead", "body", "tags__name"]
    inlines = [PostSourceInline]
    readonly_fields = ["created_at", "updated_at"]
    list_select_related = ["campaign", "author"]

    def warn(self, request, entry) -> None:
        warn_missing_references(request, entry)


def warn_missing_references(request, post: CampaignPost) -> None:
    """A warning naming the ``[N]`` of the post that no source item answers."""
    missing = missing_references(post)
    if missing:
        numbers = ", ".join(f"[{number}]" for number in missing)
        message = ngettext(
            "Reference %(numbers)s has no item in the sources: it is shown as plain text.",
            "References %(numbers)s have no item in the sources: they are shown as plain text.",
            len(missing),
        ) % {"numbers": numbers}
        messages.warning(request, message)
