"""The admin: every save and delete here ends with :func:`articles.writes.entries_changed`
of the entries it concerns, as in the editor."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from taggit.models import Tag as TaggitTag

from tags.forms import HashtagsFormMixin
from tags.management import TagError, clean_name, rename_tag
from tags.models import Tag, TaggedEntry, TagRedirect
from tags.parser import tag_key

from .models import Campaign, CampaignPost, Entry, Excerpt, PostSource, PressLink, Source
from .sources import source_for_url
from .writes import campaign_changed, entries_changed
from .writes.texts import missing_references, tag_line_of

# Typed URLs without a scheme are read as https (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class EntryForm(HashtagsFormMixin):
    """The tag field shows the tags typed in it; the hashtags of the texts are added."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["hashtags"] = self.instance.tag_line


class ShownAdmin(admin.ModelAdmin):
    """An admin of rows readers see: each save or delete ends with ``entries_changed`` of
    the entries showing them (``Entry`` lookup ``shown_by``, followed ``__in`` the rows);
    ``texts``: whether their texts may change."""

    shown_by: str
    texts = False

    def entries_of(self, rows) -> list[int]:
        entries = Entry.objects.filter(**{f"{self.shown_by}__in": rows})
        return list(entries.values_list("pk", flat=True).distinct())

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        entries_changed(self.entries_of([obj.pk]), texts=self.texts)

    def delete_model(self, request, obj):
        ids = self.entries_of([obj.pk])
        super().delete_model(request, obj)
        entries_changed(ids, texts=self.texts)

    def delete_queryset(self, request, queryset):
        ids = self.entries_of(queryset.values("pk"))
        super().delete_queryset(request, queryset)
        entries_changed(ids, texts=self.texts)


class EntryAdmin(ShownAdmin):
    """Tags are typed as hashtags; the entry's HTML and tags follow once all is saved."""

    form = EntryForm
    exclude = ["tags"]
    formfield_overrides = URL_FIELDS
    shown_by = "pk"
    texts = True

    def save_model(self, request, obj, form, change):
        obj.tag_line = tag_line_of(form.cleaned_data["hashtags"])
        admin.ModelAdmin.save_model(self, request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        entries_changed([form.instance.pk])  # the inlines (excerpts, sources) are saved


class ExcerptInline(admin.StackedInline):
    model = Excerpt
    extra = 1


class PostSourceInline(admin.TabularInline):
    model = PostSource
    extra = 1
    formfield_overrides = URL_FIELDS
    raw_id_fields = ["press_link"]


@admin.register(Source)
class SourceAdmin(ShownAdmin):
    list_display = ["name", "domain", "home_url"]
    search_fields = ["name", "domain"]
    list_filter = [("home_url", admin.EmptyFieldListFilter)]
    formfield_overrides = URL_FIELDS
    shown_by = "presslink__source"


@admin.register(Excerpt)
class ExcerptAdmin(ShownAdmin):
    list_display = ["__str__", "link", "position"]
    search_fields = ["text", "link__title"]
    list_filter = ["link__source"]
    raw_id_fields = ["link"]
    shown_by = "presslink__excerpts"
    texts = True  # its HTML, and its hashtags are tags of the link


@admin.register(PostSource)
class PostSourceAdmin(ShownAdmin):
    list_display = ["__str__", "post", "press_link"]
    search_fields = ["label", "url", "post__title"]
    list_filter = ["post__campaign", ("press_link", admin.EmptyFieldListFilter)]
    raw_id_fields = ["post", "press_link"]
    formfield_overrides = URL_FIELDS
    shown_by = "campaignpost__sources"
    texts = True  # "[N]" of the post becomes a link, or stops being one

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

    def save_model(self, request, obj, form, change):
        if obj.source is None and obj.url:
            obj.source = source_for_url(obj.url)  # as the editor: from the domain
        super().save_model(request, obj, form, change)


@admin.register(Campaign)
class CampaignAdmin(ShownAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    list_filter = ["posts__status"]
    prepopulated_fields = {"slug": ["name"]}
    shown_by = "campaignpost__campaign"

    def save_model(self, request, obj, form, change):
        admin.ModelAdmin.save_model(self, request, obj, form, change)
        campaign_changed(obj)  # its description's HTML, its posts as shown


@admin.register(CampaignPost)
class CampaignPostAdmin(EntryAdmin):
    list_display = ["title", "campaign", "episode", "author", "status", "published_at"]
    list_filter = ["status", "campaign", "author"]
    search_fields = ["title", "lead", "body", "tags__name"]
    inlines = [PostSourceInline]
    readonly_fields = ["created_at", "updated_at"]
    list_select_related = ["campaign", "author"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_missing_references(request, form.instance)


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


# -- authors and tags: their names are shown with the entries ----------------------

admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class AuthorAdmin(ShownAdmin, UserAdmin):
    shown_by = "author"


admin.site.unregister(TaggitTag)


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "labels", "is_theme"]

    def clean_name(self):
        try:
            name = clean_name(self.cleaned_data["name"])
        except TagError as error:
            raise forms.ValidationError(str(error)) from None
        clash = Tag.objects.filter(slug=tag_key(name)).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("There is already a tag #%(name)s: merge the two tags instead.") % {"name": name}
            )
        return name


@admin.register(Tag)
class TagAdmin(ShownAdmin):
    form = TagAdminForm
    list_display = ["name", "slug", "labels", "is_theme"]
    list_filter = ["is_theme"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug"]
    fields = ["name", "slug", "labels", "is_theme"]
    shown_by = "tagged_items__tag"

    def save_model(self, request, obj, form, change):
        if change and "name" in form.changed_data:
            # A rename keeps the old URL working (TagRedirect), as on the manage page.
            new_name = obj.name
            obj.name = form.initial["name"]
            rename_tag(obj, new_name)
        super().save_model(request, obj, form, change)


@admin.register(TaggedEntry)
class TaggedEntryAdmin(admin.ModelAdmin):
    """Read only: an entry's tags are those of its tag line and texts (edit the entry)."""

    list_display = ["content_object", "tag", "position", "as_tag", "as_theme"]
    list_filter = ["as_theme", "as_tag"]
    search_fields = ["tag__name", "tag__slug"]
    raw_id_fields = ["content_object", "tag"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TagRedirect)
class TagRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "tag", "created_at"]
    search_fields = ["old_slug", "tag__slug"]
    raw_id_fields = ["tag"]
