"""No app code writes HTML by formatting a string: templates and ``format_html`` do.

An f-string, a ``%`` format or a ``str.format`` whose text holds an HTML tag (``<`` and a
tag name) before a value fails here: such code escapes by hand, or forgets to. The
entries of pages, feeds and search results come from the templates; tag links from
:func:`tags.links.tag_link` (``format_html``).
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["articles", "tags", "search", "accounts", "pressreview"]
# A Netscape bookmarks file, written for export, not a page (articles/importers/).
ALLOWED = {"articles/importers/bookmarks.py"}

HOLE = "\x00"  # where a value goes
# "<" then a tag name, "</" included; not a regex's named group "(?P<name>".
TAG = re.compile(r"(?<!\?P)</?[A-Za-z][A-Za-z0-9-]*")
PERCENT = re.compile(r"%(\([^)]*\))?[-#0 +]*(\*|\d+)?(\.(\*|\d+))?[diouxXeEfFgGcrsa]")
BRACES = re.compile(r"\{[^{}]*\}")


def formatted_text(node: ast.AST) -> str | None:
    """The text a string-formatting ``node`` writes, values as HOLE; None if it is not one."""
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else HOLE for part in node.values
        )
    if (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Mod)
        and isinstance(node.left, ast.Constant)
        and isinstance(node.left.value, str)
    ):
        return PERCENT.sub(HOLE, node.left.value)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return BRACES.sub(HOLE, node.func.value.value)
    return None


def builds_html(text: str) -> bool:
    tag = TAG.search(text)
    return tag is not None and HOLE in text[tag.start() :]


def html_formatting(source: str) -> list[int]:
    """Lines of ``source`` where a string is formatted into HTML."""
    found = []
    for node in ast.walk(ast.parse(source)):
        text = formatted_text(node)
        if text is not None and builds_html(text):
            found.append(node.lineno)
    return sorted(found)


def app_files() -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    )


def test_the_app_code_is_read():
    names = {path.relative_to(ROOT).as_posix() for path in app_files()}
    assert {"articles/feeds/views.py", "tags/links.py", "search/services.py"} <= names


@pytest.mark.parametrize("path", app_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_html_is_built_by_formatting_a_string(path):
    if path.relative_to(ROOT).as_posix() in ALLOWED:
        return
    assert html_formatting(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "code",
    [
        'f"<li>{x}</li>"',
        "f'<a href=\"{url}\">'",
        'f"<p>→ {link}{source}</p>"',
        '"<b>%s</b>" % x',
        "\"<a href='%(url)s'>\" % values",
        '"<li>{}</li>".format(x)',
        '"<a href=\\"{url}\\">{text}</a>".format(url=u, text=t)',
        'f"{a}</p>\\n<p>{b}"',
        '(\'<div class="x">\' f"{y}")',  # implicit concatenation
    ],
)
def test_html_formatting_is_found(code):
    assert html_formatting(code) == [1]


@pytest.mark.parametrize(
    "code",
    [
        'f"tag:{authority},{date}:entry-{pk}"',
        'f"{before}{slug}{after}"',
        'rf"(?P<hashes>\\#\\#?)(?P<body>{body})"',
        'format_html("<li>{}</li>", x)',
        'f"a < b is {a < b}"',
        '"<li></li>"',
        '"%d%% done" % n',
        'f"<!-- {comment} -->"',
    ],
)
def test_other_strings_are_left_alone(code):
    assert html_formatting(code) == []
