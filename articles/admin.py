from django.contrib import admin

from tags.forms import HashtagsFormMixin

from .models import Campaign, CampaignPost, Excerpt, PostSource, PressLink, Source


class EntryAdmin(admin.ModelAdmin):
    """Tags are typed as hashtags and saved through the tags app's one write path."""

    form = HashtagsFormMixin
    exclude = ["tags"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.save_hashtags()


class ExcerptInline(admin.StackedInline):
    model = Excerpt
    extra = 1


class PostSourceInline(admin.TabularInline):
    model = PostSource
    extra = 1
    raw_id_fields = ["press_link"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "home_url"]
    search_fields = ["name", "domain"]


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
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CampaignPost)
class CampaignPostAdmin(EntryAdmin):
    list_display = ["title", "campaign", "episode", "author", "status", "published_at"]
    list_filter = ["status", "campaign", "author"]
    search_fields = ["title", "lead", "body", "tags__name"]
    inlines = [PostSourceInline]
    readonly_fields = ["created_at", "updated_at"]
    list_select_related = ["campaign", "author"]
