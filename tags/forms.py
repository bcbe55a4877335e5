from django import forms
from django.utils.translation import gettext_lazy as _

from .parser import MAX_TAG_LENGTH, find_hashtags, merge_hashtags
from .services import hashtag_line


class HashtagField(forms.CharField):
    """Tags typed as hashtags: ``#Amazon #travail ##santé #[fr]Santé[en]Health``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Tags"))
        kwargs.setdefault("help_text", _("Hashtags: #tag, ##theme, #[fr]label[en]label."))
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 80}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        words = [word for word in value.split() if word != "(...)"]
        found = find_hashtags(value)
        too_long = [w for w in words if len(w.lstrip("#")) > MAX_TAG_LENGTH and "[" not in w]
        if too_long:
            raise forms.ValidationError(
                _("A tag is at most %(max)d characters long."), params={"max": MAX_TAG_LENGTH}
            )
        if len(found) != len(words):
            raise forms.ValidationError(
                _("Write each tag as #tag (or ##theme), separated by spaces.")
            )
        return merge_hashtags(found)


class HashtagsFormMixin(forms.ModelForm):
    """Adds a ``hashtags`` field to a ModelForm of an entry; saving sets its tags."""

    hashtags = HashtagField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["hashtags"] = hashtag_line(self.instance)
