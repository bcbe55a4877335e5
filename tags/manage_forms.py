"""Forms of the tag management page; the work is done by :mod:`tags.management`."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .management import TagError, clean_labels, clean_name
from .models import Tag
from .parser import MAX_TAG_LENGTH, tag_key


class RenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=MAX_TAG_LENGTH + 1)

    def clean_name(self):
        try:
            return clean_name(self.cleaned_data["name"])
        except TagError as error:
            raise forms.ValidationError(str(error)) from None


class MergeForm(forms.Form):
    target = forms.CharField(
        label=_("Merge into the tag"),
        max_length=MAX_TAG_LENGTH + 1,
        help_text=_("Every entry of this tag is re-tagged with that one; this tag is deleted."),
    )

    def __init__(self, *args, tag: Tag, **kwargs):
        self.tag = tag
        super().__init__(*args, **kwargs)

    def clean_target(self):
        key = tag_key(self.cleaned_data["target"])
        target = Tag.objects.filter(slug=key).first()
        if target is None:
            raise forms.ValidationError(_("There is no tag #%(key)s.") % {"key": key})
        if target.pk == self.tag.pk:
            raise forms.ValidationError(_("A tag cannot be merged into itself."))
        return target


class LabelsForm(forms.Form):
    def __init__(self, *args, tag: Tag, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"label_{code}"] = forms.CharField(
                label=name,
                required=False,
                max_length=MAX_TAG_LENGTH + 1,
                initial=tag.labels.get(code, ""),
            )

    def clean(self):
        labels = {
            code: self.cleaned_data.get(f"label_{code}", "") for code, _name in settings.LANGUAGES
        }
        try:
            self.cleaned_data["labels"] = clean_labels(labels)
        except TagError as error:
            raise forms.ValidationError(str(error)) from None
        return self.cleaned_data


class ThemeForm(forms.Form):
    is_theme = forms.BooleanField(label=_("Show this tag with the themes"), required=False)
