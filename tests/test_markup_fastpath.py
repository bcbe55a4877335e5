"""The fast path of render_markup writes exactly what the slow, obvious path writes.

A text without raw HTML is sanitised from the tree Markdown built (no HTML5 parse of
Markdown's own output) and written by :class:`~articles.markup_sanitise.FlatSerializer`.
Both are checked here against bleach's ordinary route: serialise, parse, clean, serialise.
"""

import pytest
from bleach.sanitizer import Cleaner

from articles import markup
from articles.markup_sanitise import CLEANER, FlatSerializer, sanitise
from bench.markup import COMMENTARY, EXCERPT
from tests.test_markup_hostile import HOSTILE

MARKDOWN = [
    EXCERPT.format(n=1),
    COMMENTARY.format(n=2),
    "Un *mot*, un **autre**, un `code` et\\* une étoile.\n\n> Une citation\n> sur deux lignes",
    "- un\n- deux\n\n1. trois\n2. quatre\n\n---\n\n    du code ; ici ?",
    "Note[^1] et autre[^n].\n\n[^1]: La note.\n[^n]: L’autre, avec [un lien](https://x.org).",
    "[rouge]Rouge [vert]vert[/vert][/rouge] [bleu]bleu[/rouge] [orange]orange",
    "Voir [1], [2] et [1] : #Amazon ##santé #[fr]Santé[en]Health #Casino, fin.",
    'AT&T et https://x.org/?a=1&b=2&lt=3 et [lien](https://x.org/?q="x\'y")',
    "Image ![alt \"x\"](https://x.org/i.png 'titre') et ![b](/local.png)",
    "« Pourquoi ? » demanda-t-il ; puis : « Non ! » ⛔️ ❓ ✊ ’\u00a0!",
    '[x][a] et [y][]\n\n[a]: https://a.org "T"\n[y]: mailto:y@x.org',
    "Ligne  \ncassée\npuis\n\n\n\nfin zz1337820767766393qq",
]
NO_RAW_HTML = MARKDOWN + [text for text in HOSTILE.values() if "<" not in text and "&" not in text]


def string_path(text: str) -> str:
    """render_markup's output the obvious way: Markdown's HTML, parsed and cleaned by bleach."""
    root, md, _press = markup._tree(text, frozenset({1}), "fr")
    return "" if root is None else sanitise(md.serialize(root))


@pytest.mark.parametrize("text", NO_RAW_HTML)
def test_the_tree_path_writes_what_the_string_path_writes(text, monkeypatch):
    expected = string_path(text)
    parsed = []
    monkeypatch.setattr(markup, "sanitise", lambda html: parsed.append(html) or sanitise(html))
    assert str(markup.render_markup(text, sources={1: "x"})) == expected
    assert parsed == []  # this text took the tree path


def test_raw_html_takes_the_string_path(monkeypatch):
    parsed = []
    monkeypatch.setattr(markup, "sanitise", lambda html: parsed.append(html) or sanitise(html))
    markup.render_markup("Un <em>mot</em>")
    markup.render_markup("Une entité &amp; une autre")
    assert len(parsed) == 2


def bleach_cleaner() -> Cleaner:
    """A Cleaner like CLEANER with bleach's own serializer."""
    return Cleaner(
        tags=CLEANER.tags,
        attributes=CLEANER.attributes,
        protocols=CLEANER.protocols,
        strip=CLEANER.strip,
        strip_comments=CLEANER.strip_comments,
        filters=CLEANER.filters,
    )


@pytest.mark.parametrize("text", list(HOSTILE.values()) + MARKDOWN)
def test_flat_serializer_writes_what_bleach_writes(text):
    html = markup.PressMarkdown().convert(text)  # raw HTML and all, unsanitised
    assert isinstance(CLEANER.serializer, FlatSerializer)
    assert CLEANER.clean(html) == bleach_cleaner().clean(html)
    for attribute in ('<a title="a&quot;b">x</a>', "<a title='a\"b'>x</a>", '<a title="&amp;lt">'):
        assert CLEANER.clean(attribute) == bleach_cleaner().clean(attribute)


def test_french_spacing_precheck_never_misses_a_kept_span():
    """space_french looks for URLs and placeholders only in texts _MAYBE_KEPT_RE finds."""
    import random

    from articles.markup_typography import _KEPT_RE, _MAYBE_KEPT_RE

    rng = random.Random(3)
    alphabet = "hHfFmMwWtTpPsSaAiIlLoO:.&\x02\x03#;w /"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        assert not _KEPT_RE.search(text) or _MAYBE_KEPT_RE.search(text), repr(text)
