from django.contrib import admin
from django.db import models

from tags.forms import HashtagsFormMixin

from .models import Campaign, CampaignPost, Excerpt, PostSource, PressLink, Source

# Typed URLs without a scheme are read as https (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class EntryAdmin(admin.ModelAdmin):
    """Tags are typed as hashtags and saved through the tags app's one write path."""

    form = HashtagsFormMixin
    exclude = ["tags"]
    formfield_overrides = URL_FIELDS

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.save_hashtags()


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


@admin.register(PostSource)
class PostSourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "post", "press_link"]
    search_fields = ["label", "url", "post__title"]
    list_filter = ["post__campaign", ("press_link", admin.EmptyFieldListFilter)]
    raw_id_fields = ["post", "press_link"]
    formfield_overrides = URL_FIELDS


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
