"""Forms of the activists' editor: a press link with its excerpts, a campaign post."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tags.forms import HashtagField

from ..models import TEXT_LIMITS, Campaign, PressLink
from ..normalize import http_url
from .posts import SourceData

MAX_EXCERPTS = 50
MAX_SOURCES = 100


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


class EntryForm(forms.Form):
    """What both editors' forms have: the tags and the version token of the entry edited."""

    hashtags = HashtagField(
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "size": 60, "data-autocomplete": "tags"}
        )
    )
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def entry_data(self, data_class, **more):
        """``data_class`` (``LinkData``, ``PostData``) of the cleaned fields and ``more``."""
        fields = {name: value for name, value in self.cleaned_data.items() if name != "version"}
        return data_class(**fields, **more)


class PressLinkForm(EntryForm):
    url = WebURLField(
        label=_("Address of the article"),
        widget=forms.URLInput(attrs={"autofocus": True, "data-fetch": "url"}),
    )
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
        max_length=TEXT_LIMITS["commentary"],
        widget=forms.Textarea(attrs={"rows": 6, "data-preview": "commentary"}),
    )


class ExcerptForm(forms.Form):
    text = forms.CharField(
        label=_("Excerpt"),
        max_length=TEXT_LIMITS["excerpt"],
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _(
                "An excerpt is at most %(limit_value)d characters long (it has %(show_value)d)."
            )
        },
    )


class BaseExcerptFormSet(forms.BaseFormSet):
    def texts(self) -> list[str]:
        """The excerpts kept, in the order given (deleted and blank ones dropped)."""
        return [
            form.cleaned_data["text"]
            for form in self.ordered_forms
            if form.cleaned_data.get("text")
        ]


def ordered_formset(form, formset, max_num: int):
    """Rows added one at a time, reordered and deleted by the editor, ``max_num`` at most."""
    options = {"extra": 1, "can_order": True, "can_delete": True, "validate_max": True}
    return forms.formset_factory(form, formset=formset, max_num=max_num, **options)


ExcerptFormSet = ordered_formset(ExcerptForm, BaseExcerptFormSet, MAX_EXCERPTS)


def excerpt_formset(data=None, texts: list[str] | None = None) -> ExcerptFormSet:
    initial = [{"text": text, "ORDER": number} for number, text in enumerate(texts or [], 1)]
    return ExcerptFormSet(data, initial=initial or None, prefix="excerpts")


class CampaignPostForm(EntryForm):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.all())
    episode = forms.IntegerField(label=_("Episode"), min_value=1, max_value=32767)
    title = forms.CharField(label=_("Title"), max_length=500)
    lead = forms.CharField(
        label=_("Lead"),
        required=False,
        max_length=TEXT_LIMITS["campaign post lead"],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body = forms.CharField(
        label=_("Body"),
        required=False,
        max_length=TEXT_LIMITS["campaign post body"],
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown, hashtags, [rouge]highlights[/rouge], and [1] to cite source 1."),
    )


class PostSourceForm(forms.Form):
    label = forms.CharField(label=_("Source"), max_length=500)
    url = WebURLField(label=_("Address"), required=False)
    press_link = forms.ModelChoiceField(
        queryset=PressLink.objects.all(), required=False, widget=forms.HiddenInput
    )


class BasePostSourceFormSet(forms.BaseFormSet):
    def sources(self) -> list[SourceData]:
        """The numbered sources in the order given (number = position), blank ones dropped."""
        return [
            SourceData(*(form.cleaned_data[name] for name in ("label", "url", "press_link")))
            for form in self.ordered_forms
            if form.cleaned_data.get("label")
        ]


PostSourceFormSet = ordered_formset(PostSourceForm, BasePostSourceFormSet, MAX_SOURCES)


def source_formset(data=None, sources=None) -> PostSourceFormSet:
    initial = [
        {
            "label": source.label,
            "url": source.url,
            "press_link": source.press_link_id,
            "press_link_title": source.press_link.title if source.press_link else "",
            "ORDER": number,
        }
        for number, source in enumerate(sources or [], 1)
    ]
    return PostSourceFormSet(data, initial=initial or None, prefix="sources")
