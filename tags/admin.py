from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from taggit.models import Tag as TaggitTag

from .management import TagError, clean_name, rename_tag
from .models import Tag, TaggedEntry, TagRedirect
from .parser import tag_key

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
class TagAdmin(admin.ModelAdmin):
    form = TagAdminForm
    list_display = ["name", "slug", "labels", "is_theme"]
    list_filter = ["is_theme"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug"]
    fields = ["name", "slug", "labels", "is_theme"]

    def save_model(self, request, obj, form, change):
        if change and "name" in form.changed_data:
            # A rename keeps the old URL working (TagRedirect), as on the manage page.
            new_name = obj.name
            obj.name = form.initial["name"]
            rename_tag(obj, new_name)
        super().save_model(request, obj, form, change)


@admin.register(TaggedEntry)
class TaggedEntryAdmin(admin.ModelAdmin):
    list_display = ["content_object", "tag", "position", "as_tag", "as_theme"]
    list_filter = ["as_theme", "as_tag"]
    search_fields = ["tag__name", "tag__slug"]
    raw_id_fields = ["content_object", "tag"]


@admin.register(TagRedirect)
class TagRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "tag", "created_at"]
    search_fields = ["old_slug", "tag__slug"]
    raw_id_fields = ["tag"]
