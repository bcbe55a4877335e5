"""The sanitising step of :mod:`articles.markup`: one bleach Cleaner, explicit allow-lists.

Markdown does not sanitise. Its output goes through bleach's sanitizer filter with the
allow-lists below and :class:`~articles.markup.typography.LinkRelFilter`, either as HTML
(:func:`sanitise`: bleach's ``Cleaner.clean``, for texts with raw HTML) or as the tree
Markdown built (:func:`sanitise_tree`), which skips the HTML5 parse of a string Markdown
has just written (about two thirds of bleach's time).

Only bleach's documented API is used (``Cleaner``, ``BleachSanitizerFilter``,
``html5lib_shim.Filter``; html5lib's token dicts): the writing of tokens is done here,
checked against ``Cleaner.clean`` by ``tests/test_markup_fastpath.py``.
"""

import html
import re
import threading
import xml.etree.ElementTree as etree
from html.entities import html5 as html5_entities
from xml.sax.saxutils import escape

from bleach.sanitizer import BleachSanitizerFilter, Cleaner

from articles.markup.typography import LinkRelFilter, url_scheme
from articles.normalize import http_url

HIGHLIGHT_COLOURS = ("rouge", "vert", "bleu", "orange")

_TAG_NAMES = "p br em strong a blockquote ul ol li mark code pre sup sub hr del ins s div span img"
ALLOWED_TAGS = frozenset(_TAG_NAMES.split())
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel", "id", "class"},
    "img": {"src", "alt", "title"},
    "div": {"id", "class"},
    "sup": {"id", "class"},
    "li": {"id", "class"},
    "ol": {"class", "start"},
    "mark": {"class"},
    "span": {"class"},
}
ALLOWED_CLASSES = frozenset(
    {"hashtag", "ref", "hl", "footnote", "footnote-ref", "footnote-backref"}
    | {f"hl-{colour}" for colour in HIGHLIGHT_COLOURS}
)
# Only the ids this module and the footnotes extension write: no clobbering of page ids.
_ID_RE = re.compile(r"(?:fn(?:ref\d*)?:[\w.-]+|ref-\d+(?:-\d+)?)\Z")
_VALUE_CHECKS = {
    "class": lambda value: bool(value.split()) and set(value.split()) <= ALLOWED_CLASSES,
    "id": lambda value: bool(_ID_RE.match(value)),
    "href": lambda value: url_scheme(value) in ALLOWED_PROTOCOLS | {""},
    "src": lambda value: url_scheme(value) in {"http", "https"} and bool(http_url(value)),
    "start": lambda value: value.isdigit() and len(value) < 7,
}


def allowed_attribute(tag: str, name: str, value: str) -> bool:
    """Whether bleach keeps attribute ``name="value"`` on ``<tag>``."""
    if name not in ALLOWED_ATTRIBUTES.get(tag, ()):
        return False
    check = _VALUE_CHECKS.get(name)
    return check is None or check(html.unescape(value))


def serialise(tokens) -> str:
    """Sanitised tokens as HTML, written as bleach's Cleaner writes them (values always
    quoted, ``<`` escaped in them, character references kept, no tag omitted). No allowed
    attribute is a boolean one, which bleach would write without a value."""
    out: list[str] = []
    write = out.append
    for token in tokens:
        kind = token["type"]
        if kind == "Characters":
            write(escape(token["data"]))
        elif kind in ("StartTag", "EmptyTag"):
            write("<" + token["name"])
            for (_namespace, key), value in token["data"].items():
                write(f" {key}={_attribute_value(value)}")
            write(">")
        elif kind == "EndTag":
            write(f"</{token['name']}>")
        elif kind == "Entity":
            write(f"&{token['name']};")
        else:  # a comment (stripped by the sanitizer), a doctype: never in Markdown's tree
            raise ValueError(f"unexpected token {kind}")
    return "".join(out)


def _attribute_value(value: str) -> str:
    """``value`` as bleach writes it, escaped as Markdown escapes it (:func:`tree_tokens`).

    Such a value has no bare quote, "<" or "&" (the first two are escaped again all the
    same): bleach keeps each of its character references that it can read (a number, or a
    name HTML5 knows without a ";") and escapes the "&" of the others.
    """
    value = value.replace('"', "&quot;").replace("<", "&lt;")
    return '"' + _REFERENCE_RE.sub(_reference, value) + '"'


_REFERENCE_RE = re.compile(r"&(?:#([0-9]+|[xX][0-9a-fA-F]+)(?=;)|([0-9a-zA-Z]+)(?=;))?")


def _reference(match: re.Match) -> str:
    number, name = match.groups()
    if number:
        digits = number.lstrip("xX0")  # (int() refuses over 4,300 decimal digits)
        code = int(digits, 16 if number[0] in "xX" else 10) if 0 < len(digits) < 8 else 0
        return match[0] if 0 < code < 0x110000 else "&amp;" + match[0][1:]
    return match[0] if name in html5_entities else "&amp;" + match[0][1:]


# html5lib's void elements (those bleach's tree walker writes as empty tags), Markdown's
# escaping of attribute values: the same tokens as bleach's parse.
_VOID = "area base br col command embed event-source hr img input link meta param source track"
VOID_ELEMENTS = frozenset(f"{_VOID} wbr".split())
_AMP_RE = re.compile(r"&(?!(?:\#[0-9]+|\#x[0-9a-f]+|[0-9a-z]+);)", re.IGNORECASE)


def _markdown_attribute(value: str) -> str:
    """``value`` escaped as Markdown's HTML serializer writes an attribute value."""
    value = _AMP_RE.sub("&amp;", value)
    return value.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def tree_tokens(root: etree.Element, tokens: list[dict] | None = None) -> list[dict]:
    """The tokens of the content of ``root``, as bleach's parse of Markdown's HTML gives them
    (but for white space in tokens of its own, which is written the same).

    Attribute values are escaped the way Markdown writes them, since bleach's tokenizer
    leaves character references in them as they are: the sanitizer sees the same values.
    """
    tokens = [] if tokens is None else tokens
    if root.text:
        tokens.append({"type": "Characters", "data": root.text})
    for child in root:
        name = child.tag
        if not isinstance(name, str):  # a comment or processing instruction: dropped by bleach
            tokens.append({"type": "Comment", "data": child.text or ""})
        else:
            attributes = {
                (None, key): _markdown_attribute(value) for key, value in child.attrib.items()
            }
            start = {"type": "StartTag", "name": name, "namespace": None, "data": attributes}
            if name in VOID_ELEMENTS:  # its content, if any, is not written (as bleach's walker)
                tokens.append({**start, "type": "EmptyTag"})
            else:
                tokens.append(start)
                tree_tokens(child, tokens)
                tokens.append({"type": "EndTag", "name": name, "namespace": None})
        if child.tail:
            tokens.append({"type": "Characters", "data": child.tail})
    return tokens


# Built once. bleach's cleaner keeps parser state while it works, so calls take turns.
CLEANER = Cleaner(
    tags=ALLOWED_TAGS,
    attributes=allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=False,
    strip_comments=True,
    filters=[LinkRelFilter],
)
_CLEANER_LOCK = threading.Lock()


def sanitise(text: str) -> str:
    """``text`` (HTML) through :data:`CLEANER`, one thread at a time."""
    with _CLEANER_LOCK:
        return CLEANER.clean(text)


def sanitise_tree(root: etree.Element) -> str:
    """The content of ``root`` (a Markdown tree without raw HTML), as :data:`CLEANER` would
    clean the HTML of the tree, without parsing that HTML."""
    tokens = BleachSanitizerFilter(
        source=tree_tokens(root),
        allowed_tags=CLEANER.tags,
        attributes=CLEANER.attributes,
        allowed_protocols=CLEANER.protocols,
        strip_disallowed_tags=CLEANER.strip,
        strip_html_comments=CLEANER.strip_comments,
    )
    for filter_class in CLEANER.filters:
        tokens = filter_class(source=tokens)
    return serialise(tokens)
