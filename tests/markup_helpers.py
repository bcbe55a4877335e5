"""Helpers shared by the tests of articles.markup."""

from bleach._vendor import html5lib  # the HTML5 parser bleach itself uses
from django.urls import reverse

from articles.markup import render_markup

NOFOLLOW = 'rel="nofollow noopener ugc"'
NNBSP, NBSP = "\u202f", "\u00a0"


def en(text: str, **options) -> str:
    return str(render_markup(text, language="en", **options))


def fr(text: str, **options) -> str:
    return str(render_markup(text, language="fr", **options))


def tag_link(key: str, label: str) -> str:
    href = reverse("tag_detail", args=[key])
    return f'<a class="hashtag" href="{href}" rel="tag">#{label}</a>'


def ref_link(number: int, anchor_id: str | None = None) -> str:
    anchor_id = anchor_id or f"ref-{number}"
    return f'<a class="ref" href="#source-{number}" id="{anchor_id}">[{number}]</a>'


def parse(output: str):
    return html5lib.parseFragment(output, treebuilder="etree", namespaceHTMLElements=False)
