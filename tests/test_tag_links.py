"""Tag links, written in one place: same URLs as reverse(), escaped labels, "(...)"."""

import ast
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse, set_script_prefix
from django.utils import translation
from django.utils.html import escape

from tags.links import entry_tags_html, tag_link, tag_url
from tags.models import Tag, TaggedEntry

AWKWARD_SLUGS = [
    "amazon",
    "santé",
    "etats-unis",
    "conseild'état-fr",
    "règlement_général_sur_la_protection_des_données_(rgpd)",
    "a+b",
    "c#",
    "100%",
    "emoji✊",
    'quote"s',
    "l'été?",
]


@pytest.mark.parametrize("slug", AWKWARD_SLUGS)
def test_tag_url_is_what_reverse_gives(slug):
    assert tag_url(slug) == reverse("tag_detail", args=[slug])


def test_tag_url_follows_the_script_prefix():
    set_script_prefix("/review/")
    try:
        assert tag_url("santé") == reverse("tag_detail", args=["santé"])
        assert tag_url("santé").startswith("/review/tags/")
    finally:
        set_script_prefix("/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lists, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ul":
            self.lists.append(attrs.get("class"))
        if tag == "a":
            self.links.append([attrs["href"], ""])

    def handle_data(self, data):
        if self.links and self.lasttag == "a":
            self.links[-1][1] += data


def taggings(names, themes=()):
    made = []
    for position, name in enumerate([*names, *themes]):
        tag = Tag(name=name, slug=name.casefold(), pk=position + 1)
        theme = name in themes
        made.append(TaggedEntry(tag=tag, position=position, as_tag=not theme, as_theme=theme))
    return made


def test_entry_tags_fold_after_twelve_and_list_themes_apart():
    names = [f"t{n}" for n in range(15)]
    parser = Links()
    parser.feed(entry_tags_html(taggings(names, themes=["santé"])))
    assert parser.lists == ["tags", "tags folded", "themes"]
    assert [text.strip() for _, text in parser.links] == [f"#{n}" for n in names] + ["##santé"]
    assert parser.links[-1][0] == reverse("tag_detail", args=["santé"])
    html = entry_tags_html(taggings(names))
    assert html.index("(...)") > html.index('href="/tags/t11/"')
    assert html.index("(...)") < html.index('href="/tags/t12/"')


def test_entry_tags_escape_labels_and_show_the_reader_language():
    hostile = taggings(['<script>alert("x")</script>'])
    assert "<script>" not in entry_tags_html(hostile)
    assert "&lt;script&gt;" in entry_tags_html(hostile)
    bilingual = taggings(["RGPD"])
    bilingual[0].tag.labels = {"fr": "RGPD", "en": "GDPR"}
    with translation.override("en"):
        assert ">#GDPR<" in entry_tags_html(bilingual)
    with translation.override("fr"):
        assert ">#RGPD<" in entry_tags_html(bilingual)


def test_no_tags_no_list():
    assert entry_tags_html([]) == ""


@override_settings(TAGS_SHOWN=2)
def test_the_number_shown_is_a_setting():
    parser = Links()
    parser.feed(entry_tags_html(taggings(["a", "b", "c"])))
    assert parser.lists == ["tags", "tags folded"]


def test_a_tag_link_escapes_its_label_and_title_and_follows_changes():
    tag = Tag(name="x", slug="l'été?", labels={"fr": '<b>"été"</b>'})
    with translation.override("fr"):
        html = tag_link(tag, "#", title='3 "entries" <i>')
        url = escape(tag_url(tag.slug))
        assert html == (
            f'<a href="{url}" rel="tag" title="3 &quot;entries&quot; &lt;i&gt;">'
            "#&lt;b&gt;&quot;été&quot;&lt;/b&gt;</a>"
        )
        tag.labels = {"fr": "été"}
        assert tag_link(tag, "##").endswith('rel="tag">##été</a>')  # not a stale memo


def html_strings(path: Path) -> list[str]:
    """The text of a template, or the strings of a module but its docstrings."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        return [text]
    tree = ast.parse(text)
    documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, documented) and ast.get_docstring(node) is not None
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    ]


def test_tag_links_are_written_in_one_place():
    """(A hashtag in a text is a link element of its Markdown tree: articles/markup/.)"""
    root = Path(__file__).resolve().parent.parent
    folders = ["templates", "articles", "tags", "search", "accounts", "pressreview"]
    writing = sorted(
        path.relative_to(root).as_posix()
        for folder in folders
        for path in (root / folder).rglob("*")
        if path.suffix in (".py", ".html")
        if any('rel="tag"' in text for text in html_strings(path))
    )
    assert writing == ["tags/links.py"]
