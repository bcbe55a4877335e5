"""URLs and HTML of tag links, built without a template: a stream page shows hundreds.

:func:`tag_url` gives what ``reverse("tag_detail", args=[slug])`` gives (a test checks it
on awkward slugs), reversing once per URL prefix instead of once per tag.
"""

from html import escape
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .services import split_for_display

_SAFE = "!$&'()*+,;=" + "/~:@"  # what reverse() leaves unquoted in a path
_PLACEHOLDER = "TAG"
_prefixes: dict[tuple[str, str], tuple[str, str]] = {}


def _around_slug() -> tuple[str, str]:
    key = (get_script_prefix(), settings.ROOT_URLCONF)
    if key not in _prefixes:
        url = reverse("tag_detail", args=[_PLACEHOLDER])
        before, _, after = url.rpartition(_PLACEHOLDER)
        _prefixes[key] = (before, after)
    return _prefixes[key]


def tag_url(slug: str) -> str:
    """The path of the stream of the tag (or ``a+b`` tags) ``slug``."""
    before, after = _around_slug()
    return f"{before}{quote(slug, safe=_SAFE)}{after}"


def tag_items_html(tags, mark: str, separator: str = "\n") -> SafeString:
    """``<li>`` links to ``tags``, each label after ``mark`` (``#`` or ``##``), escaped.

    The default separator is white space between items: where a long tag list may wrap.

    Plain string building (``html.escape``, as Django's ``escape``): the stream and the
    search results show hundreds of tags, and ``format_html`` costs several times more.
    """
    items = (
        f'<li><a href="{escape(tag_url(tag.slug))}" rel="tag">{mark}{escape(tag.label())}</a></li>'
        for tag in tags
    )
    return mark_safe(separator.join(items))  # noqa: S308 - every value is escaped above


def entry_tags_html(taggings) -> SafeString:
    """An entry's tag list (the first ``TAGS_SHOWN``, the rest behind "(...)") and themes."""
    shown, folded, themes = split_for_display(taggings)
    parts = []
    if shown:
        more = ""
        if folded:
            more = format_html(
                '<li class="more"><details><summary title="{}">(...)</summary>'
                '<ul class="tags folded">{}</ul></details></li>',
                gettext("Show all tags"),
                tag_items_html(folded, "#"),
            )
        parts.append(
            format_html(
                '<ul class="tags" aria-label="{}">{}{}</ul>',
                gettext("Tags"),
                tag_items_html(shown, "#"),
                more,
            )
        )
    if themes:
        parts.append(
            format_html(
                '<ul class="themes" aria-label="{}">{}</ul>',
                gettext("Themes"),
                tag_items_html(themes, "##"),
            )
        )
    return mark_safe("\n".join(parts))  # every part comes from format_html
