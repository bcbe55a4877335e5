"""The fast path of render_markup writes exactly what the slow, obvious path writes.

A text without raw HTML is sanitised from the tree Markdown built (no HTML5 parse of
Markdown's own output) and written by :func:`~articles.markup.sanitiser.serialise`.
Both are checked here against bleach's ordinary route: serialise, parse, clean, serialise.
"""

import random
import xml.etree.ElementTree as etree

import pytest
from markdown.serializers import to_html_string

from articles import markup
from articles.markup.sanitiser import sanitise, sanitise_tree
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
    output, _press = markup._convert(text, frozenset({1}), "fr", render=False)
    return sanitise(output)


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


def attribute_rendered_both_ways(value: str) -> tuple[str, str]:
    root = etree.Element("div")
    link = etree.SubElement(root, "a", {"href": "https://x.org/?" + value, "title": value})
    link.text = "x"
    return sanitise_tree(root), sanitise(to_html_string(link))


@pytest.mark.parametrize(
    "value",
    [
        "&#12a;",
        "&#x4g;b",
        "&#;",
        "&#x;",
        "&#0;",
        "&#1114112;",
        "&#0000041;",
        "&hellip;",
        "&#1000000;",
        "&#X10FFFF;",
    ],
)
def test_character_references_in_values_are_written_as_bleach_writes_them(value):
    tree, string = attribute_rendered_both_ways(value + " &lt;&amp;x \"q\" 's' &eacute;")
    assert tree == string


def test_attribute_values_are_written_as_bleach_writes_them():
    """Character references, quotes and "<" in values: the tree route and bleach's agree."""
    rng = random.Random(7)
    pieces = ["&", "#", "x", "X", "1", "41", "110000", "amp", "lt", "hellip", ";", '"', "'"]
    pieces += ["<", ">", "=", " ", "\t", "é", "a", "g", "0000000041", "&amp;", "&#", "&#1"]
    for _ in range(3000):
        value = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        tree, string = attribute_rendered_both_ways(value)
        assert tree == string, repr(value)


def test_french_spacing_precheck_never_misses_a_kept_span():
    """space_french looks for URLs and placeholders only in texts _MAYBE_KEPT_RE finds."""
    import random

    from articles.markup.typography import _KEPT_RE, _MAYBE_KEPT_RE

    rng = random.Random(3)
    alphabet = "hHfFmMwWtTpPsSaAiIlLoO:.&\x02\x03#;w /"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        assert not _KEPT_RE.search(text) or _MAYBE_KEPT_RE.search(text), repr(text)


def test_the_sanitising_path_imports_only_public_names():
    """No private module or name of bleach or Markdown (see articles/markup/sanitiser.py)."""
    import ast
    from pathlib import Path

    documented_shim = {"Filter"}  # bleach.html5lib_shim: only what bleach's docs use
    modules = sorted(Path(markup.__file__).parent.glob("*.py"))
    assert len(modules) >= 5  # the pipeline, bounds, hashtags, sanitise, typography
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module.split(".")[0] in (
                "bleach",
                "markdown",
            ):
                names = {alias.name for alias in node.names}
                assert not any(part.startswith("_") for part in node.module.split(".")), path
                assert not any(name.startswith("_") for name in names), path
                if node.module == "bleach.html5lib_shim":
                    assert names <= documented_shim, path
            elif isinstance(node, ast.Import):
                assert not any("._" in alias.name for alias in node.names), path
