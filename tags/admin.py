from django.contrib import admin
from taggit.models import Tag as TaggitTag

from .models import Tag, TaggedEntry

admin.site.unregister(TaggitTag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "labels"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug"]
    fields = ["name", "slug", "labels"]


@admin.register(TaggedEntry)
class TaggedEntryAdmin(admin.ModelAdmin):
    list_display = ["content_object", "tag", "position", "as_tag", "as_theme"]
    list_filter = ["as_theme", "as_tag"]
    search_fields = ["tag__name", "tag__slug"]
    raw_id_fields = ["content_object", "tag"]
