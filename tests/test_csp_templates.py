"""No template holds what the Content-Security-Policy refuses: inline script or style.

The browser test (``test_csp_browser.py``) visits the pages; this one reads every template,
the pages it cannot reach easily (password reset, errors) included.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(
    path
    for folder in ["templates", "articles", "tags", "search", "accounts"]
    for path in (ROOT / folder).rglob("*.html")
)
FORBIDDEN = {
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "event handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_the_templates_are_found():
    names = {path.name for path in TEMPLATES}
    assert {"base.html", "link_form.html", "profile.html", "tag_detail.html"} <= names


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_inline_script_or_style(path):
    text = path.read_text(encoding="utf-8")
    found = [name for name, pattern in FORBIDDEN.items() if pattern.search(text)]
    assert found == []


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<p style="color: red">',
        "<style>p {}</style>",
        '<a href="javascript:go()">',
    ],
)
def test_the_patterns_catch_what_they_look_for(markup):
    assert any(pattern.search(markup) for pattern in FORBIDDEN.values())


def test_a_script_file_is_allowed():
    markup = '<script src="/static/js/editor.js" defer></script>'
    assert not any(pattern.search(markup) for pattern in FORBIDDEN.values())
