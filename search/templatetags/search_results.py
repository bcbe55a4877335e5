"""Compact rendering of a search result's tags: one pass in Python, no template per result."""

from functools import cache
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from tags.services import split_for_display

register = template.Library()

RESULT_TAGS = 8
_SAFE = "!$&'()*+,;=/~:@"  # what reverse() leaves unquoted in a path


@cache
def _tag_url_pattern() -> tuple[str, str]:
    head, _sep, tail = reverse("tag_detail", args=["SLUG"]).rpartition("SLUG")
    return head, tail


def tag_url(slug: str) -> str:
    """``reverse("tag_detail", args=[slug])`` without the resolver's cost per tag."""
    head, tail = _tag_url_pattern()
    return f"{head}{quote(slug, safe=_SAFE)}{tail}"


@register.simple_tag
def result_tags(entry):
    """The first tags and the themes of ``entry`` (its prefetched taggings), as HTML lists."""
    shown, folded, themes = split_for_display(entry.tagged_items.all(), RESULT_TAGS)
    parts = []
    if shown:
        items = format_html_join(
            "",
            '<li><a href="{}" rel="tag">#{}</a></li>',
            ((tag_url(t.slug), t.label()) for t in shown),
        )
        more = format_html('<li class="more">(+{})</li>', len(folded)) if folded else ""
        parts.append(
            format_html('<ul class="tags" aria-label="{}">{}{}</ul>', _("Tags"), items, more)
        )
    if themes:
        items = format_html_join(
            "",
            '<li><a href="{}" rel="tag">##{}</a></li>',
            ((tag_url(t.slug), t.label()) for t in themes),
        )
        parts.append(format_html('<ul class="themes" aria-label="{}">{}</ul>', _("Themes"), items))
    return format_html_join("", "{}", ((part,) for part in parts))
