"""The bookmarklet: opens the editor on the current page, its title and the selected text."""

import json

from django.urls import reverse

# Selections longer than an excerpt may be are cut (the editor refuses over 5,000 characters).
SELECTION_LIMIT = 5000

TEMPLATE = (
    "javascript:(function(){{var d=document,"
    "s=String(window.getSelection?window.getSelection():'').slice(0,{limit}),"
    "u={base}+'?url='+encodeURIComponent(location.href)"
    "+'&title='+encodeURIComponent(d.title)"
    "+'&excerpt='+encodeURIComponent(s);"
    "if(!window.open(u,'_blank')){{location.href=u;}}}})();"
)


def bookmarklet(editor_url: str) -> str:
    """The ``javascript:`` URL opening ``editor_url`` (an absolute URL) pre-filled."""
    return TEMPLATE.format(base=json.dumps(editor_url), limit=SELECTION_LIMIT)


def bookmarklet_for(request) -> str:
    return bookmarklet(request.build_absolute_uri(reverse("link_new")))
