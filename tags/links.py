"""Tag links: their URL, and the one place their HTML is written (:func:`tag_link`).

:func:`tag_url` gives what ``reverse("tag_detail", args=[slug])`` gives (a test checks it
on awkward slugs), reversing once per URL prefix instead of once per tag: a stream page
shows hundreds of tags.
"""

import functools
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
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
    return _path(_around_slug(), slug)


def _path(around: tuple[str, str], slug: str) -> str:
    return f"{around[0]}{quote(slug, safe=_SAFE)}{around[1]}"


def tag_link(tag, mark: str = "#", title: str = "") -> SafeString:
    """The link to ``tag``'s stream, its label (in the reader's language) after ``mark``."""
    return _link(_around_slug(), tag.slug, tag.label(), mark, title and conditional_escape(title))


@functools.lru_cache(maxsize=16384)
def _link(around: tuple[str, str], slug: str, label: str, mark: str, title: str) -> SafeString:
    # Memoised: the same tags come back on most entries. The key holds everything the link
    # shows (the URL prefix, the slug, the label...), so a change of tag makes a new key.
    extra = format_html(' title="{}"', title) if title else ""
    return format_html('<a href="{}" rel="tag"{}>{}{}</a>', _path(around, slug), extra, mark, label)


def _items(tags, mark: str) -> SafeString:
    """``<li>`` tag links; white space between them, where a long tag list may wrap."""
    return format_html_join("\n", "<li>{}</li>", ((tag_link(tag, mark),) for tag in tags))


def entry_tags_html(taggings) -> SafeString:
    """An entry's tag list (the first ``TAGS_SHOWN``, the rest behind "(...)") and themes."""
    shown, folded, themes = split_for_display(taggings)
    tags = themes_html = more = ""
    if folded:
        more = format_html(
            '<li class="more"><details><summary title="{}">(...)</summary>'
            '<ul class="tags folded">{}</ul></details></li>',
            gettext("Show all tags"),
            _items(folded, "#"),
        )
    if shown:
        tags = format_html(
            '<ul class="tags" aria-label="{}">{}{}</ul>', gettext("Tags"), _items(shown, "#"), more
        )
    if themes:
        themes_html = format_html(
            '<ul class="themes" aria-label="{}">{}</ul>', gettext("Themes"), _items(themes, "##")
        )
    return format_html("{}{}{}", tags, "\n" if tags and themes_html else "", themes_html)
