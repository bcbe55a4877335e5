"""Compact rendering of a search result's tags: one pass in Python, no template per result."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from tags.links import tag_items_html
from tags.services import split_for_display

register = template.Library()

RESULT_TAGS = 8


@register.simple_tag
def result_tags(result):
    """The first tags and the themes of a search ``result`` (its taggings), as HTML lists."""
    shown, folded, themes = split_for_display(result.taggings, RESULT_TAGS)
    parts = []
    if shown:
        items = tag_items_html(shown, "#", separator="")
        more = format_html('<li class="more">(+{})</li>', len(folded)) if folded else ""
        parts.append(
            format_html('<ul class="tags" aria-label="{}">{}{}</ul>', _("Tags"), items, more)
        )
    if themes:
        items = tag_items_html(themes, "##", separator="")
        parts.append(format_html('<ul class="themes" aria-label="{}">{}</ul>', _("Themes"), items))
    return format_html_join("", "{}", ((part,) for part in parts))
