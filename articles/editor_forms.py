"""Forms of the activists' editor: a press link with its excerpts, a campaign post."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tags.forms import HashtagField

from .editing import LinkData
from .normalize import http_url

MAX_EXCERPT_LENGTH = 5000
MAX_EXCERPTS = 50


class WebURLField(forms.URLField):
    """An absolute http(s) address; typed without a scheme, https is assumed."""

    default_error_messages = {
        "invalid": _("Enter a web address starting with http:// or https://."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and not http_url(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value


class PressLinkForm(forms.Form):
    url = WebURLField(label=_("Address of the article"))
    title = forms.CharField(label=_("Title"), max_length=500)
    publication = forms.CharField(
        label=_("Publication"),
        max_length=200,
        required=False,
        help_text=_("Names the publication when its site is new here."),
    )
    article_date = forms.DateField(
        label=_("Date of the article"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    image_url = WebURLField(label=_("Image"), required=False)
    commentary = forms.CharField(
        label=_("Commentary"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6, "data-preview": "commentary"}),
    )
    hashtags = HashtagField(widget=forms.TextInput(attrs={"autocomplete": "off", "size": 60}))
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].widget.attrs.update({"autofocus": True, "data-fetch": "url"})
        self.fields["hashtags"].widget.attrs["data-autocomplete"] = "tags"

    def link_data(self, excerpts: list[str], publish: bool) -> LinkData:
        data = self.cleaned_data
        return LinkData(
            url=data["url"],
            title=data["title"].strip(),
            commentary=data["commentary"],
            image_url=data["image_url"],
            article_date=data["article_date"],
            excerpts=excerpts,
            hashtags=data["hashtags"],
            publication=data["publication"].strip(),
            publish=publish,
        )


class ExcerptForm(forms.Form):
    text = forms.CharField(
        label=_("Excerpt"),
        max_length=MAX_EXCERPT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _(
                "An excerpt is at most %(limit_value)d characters long (it has %(show_value)d)."
            )
        },
    )


class BaseExcerptFormSet(forms.BaseFormSet):
    def texts(self) -> list[str]:
        """The excerpts kept, in the order given, blank ones dropped."""
        kept = [
            form
            for form in self.ordered_forms
            if form.cleaned_data.get("text", "").strip() and form not in self.deleted_forms
        ]
        return [form.cleaned_data["text"].strip() for form in kept]


ExcerptFormSet = forms.formset_factory(
    ExcerptForm,
    formset=BaseExcerptFormSet,
    extra=1,
    can_order=True,
    can_delete=True,
    max_num=MAX_EXCERPTS,
    validate_max=True,
)


def excerpt_formset(data=None, texts: list[str] | None = None) -> ExcerptFormSet:
    initial = [{"text": text, "ORDER": number} for number, text in enumerate(texts or [], 1)]
    return ExcerptFormSet(data, initial=initial or None, prefix="excerpts")
