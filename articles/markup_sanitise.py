"""The sanitising step of :mod:`articles.markup`: one bleach Cleaner, explicit allow-lists.

Markdown does not sanitise. Whatever it produced goes through :data:`CLEANER` (bleach's
sanitizer filter with the allow-lists below, then bleach's serializer), in one of two ways:

* :func:`sanitise` parses an HTML string first (bleach's ordinary ``clean``), for texts in
  which Markdown passed raw HTML through;
* :func:`sanitise_tree` walks the element tree Markdown built, when the text held no raw
  HTML at all: the same sanitizer and serializer see the same tokens, and the HTML5 parse
  of a string Markdown has just serialised (about half of bleach's time) is skipped.
"""

import html
import re
import threading
import xml.etree.ElementTree as etree
from xml.sax.saxutils import escape

from bleach._vendor.html5lib.constants import booleanAttributes, spaceCharacters, voidElements
from bleach.html5lib_shim import BleachHTMLSerializer
from bleach.sanitizer import BleachSanitizerFilter, Cleaner
from markdown.serializers import _escape_attrib_html

from articles.markup_typography import LinkRelFilter, url_scheme
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


class FlatSerializer(BleachHTMLSerializer):
    """bleach's serializer, writing the same HTML in one pass instead of three generators.

    bleach's ``BleachHTMLSerializer`` wraps html5lib's serializer (which yields a dozen
    pieces per tag) in a generator that re-escapes attribute values. For the options
    bleach's Cleaner sets (attribute values always quoted, ``<`` escaped in them, entities
    left as they are, no optional tags omitted), this writes each token at once, with the
    very same escaping (``tests/test_markup_serializer.py`` compares them).
    """

    def render(self, treewalker, encoding=None) -> str:
        if encoding is not None or not (
            self.quote_attr_values == "always"
            and self.escape_lt_in_attrs
            and self.escape_rcdata
            and not self.resolve_entities
            and not self.omit_optional_tags
            and not self.use_trailing_solidus
            and not self.alphabetical_attributes
            and not self.strip_whitespace
            and not self.sanitize
        ):
            return super().render(treewalker, encoding)  # options this class does not cover
        out: list[str] = []
        write = out.append
        for token in treewalker:
            kind = token["type"]
            if kind == "Characters":
                write(escape(token["data"]))
            elif kind == "SpaceCharacters":
                write(token["data"])
            elif kind in ("StartTag", "EmptyTag"):
                name = token["name"]
                write("<" + name)
                for (_namespace, key), value in token["data"].items():
                    write(" " + key)
                    minimized = self.minimize_boolean_attributes and (
                        key in booleanAttributes.get(name, ()) or key in booleanAttributes[""]
                    )
                    if not minimized:
                        write("=" + self._attribute_value(value))
                write(">")
            elif kind == "EndTag":
                write(f"</{token['name']}>")
            elif kind == "Comment":
                write(f"<!--{token['data']}-->")
            elif kind == "Entity":
                write(f"&{token['name']};")
            else:  # a doctype, or a parse error: never in a fragment bleach cleaned
                out.extend(super().serialize([token]))
        return "".join(out)

    def _attribute_value(self, value: str) -> str:
        value = value.replace("&", "&amp;").replace("<", "&lt;")
        quote = self.quote_char
        if self.use_best_quote_char:
            if "'" in value and '"' not in value:
                quote = '"'
            elif '"' in value and "'" not in value:
                quote = "'"
        if quote == "'":  # bleach's wrapper leaves such a value as html5lib wrote it
            return "'" + value.replace("'", "&#39;") + "'"
        value = value.replace('"', "&quot;")
        if "&" in value:  # without one, bleach's escape_base_amp gives the value back
            value = "".join(self.escape_base_amp(value))
        return '"' + value + '"'


_SPACES = "".join(spaceCharacters)


def tree_tokens(root: etree.Element) -> list[dict]:
    """The tokens of the children of ``root``, as bleach's parse of Markdown's HTML gives them.

    The same tokens (white space at either end of a text apart, void elements as empty
    tags, attributes in their order) from a plain walk of a tree made by Markdown.
    Attribute values are escaped the way Markdown writes them, since bleach's tokenizer
    leaves character references in them as they are: the sanitizer sees the same values.
    """
    tokens: list[dict] = []
    if root.text:
        _add_text(tokens, root.text)
    for child in root:
        _add_element(tokens, child)
    return tokens


def _add_element(tokens: list[dict], element: etree.Element) -> None:
    name = element.tag
    if not isinstance(name, str):  # a comment or processing instruction: dropped by bleach
        tokens.append({"type": "Comment", "data": element.text or ""})
    else:
        attributes = {
            (None, key): _escape_attrib_html(value) for key, value in element.attrib.items()
        }
        if name in voidElements:  # its content, if any, is not written (as bleach's walker)
            tokens.append({"type": "EmptyTag", "name": name, "namespace": None, "data": attributes})
        else:
            tokens.append({"type": "StartTag", "name": name, "namespace": None, "data": attributes})
            if element.text:
                _add_text(tokens, element.text)
            for child in element:
                _add_element(tokens, child)
            tokens.append({"type": "EndTag", "name": name, "namespace": None})
    if element.tail:
        _add_text(tokens, element.tail)


def _add_text(tokens: list[dict], data: str) -> None:
    middle = data.lstrip(_SPACES)
    if len(middle) < len(data):
        tokens.append({"type": "SpaceCharacters", "data": data[: len(data) - len(middle)]})
    core = middle.rstrip(_SPACES)
    if core:
        tokens.append({"type": "Characters", "data": core})
    if len(core) < len(middle):
        tokens.append({"type": "SpaceCharacters", "data": middle[len(core) :]})


class TreeCleaner(Cleaner):
    """A bleach :class:`~bleach.sanitizer.Cleaner` that also cleans an element tree."""

    def clean_tree(self, root: etree.Element) -> str:
        """The children of ``root`` (an ElementTree built by Markdown) as sanitised HTML.

        This is :meth:`Cleaner.clean` without its first step, the HTML5 parse: the tokens
        are read from ``root`` (:func:`tree_tokens`) instead of a tree parsed from a string.
        """
        filtered = BleachSanitizerFilter(
            source=tree_tokens(root),
            allowed_tags=self.tags,
            attributes=self.attributes,
            strip_disallowed_tags=self.strip,
            strip_html_comments=self.strip_comments,
            css_sanitizer=self.css_sanitizer,
            allowed_protocols=self.protocols,
        )
        for filter_class in self.filters:
            filtered = filter_class(source=filtered)
        return self.serializer.render(filtered)


# Built once. bleach's cleaner keeps parser state while it works, so calls take turns.
CLEANER = TreeCleaner(
    tags=ALLOWED_TAGS,
    attributes=allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=False,
    strip_comments=True,
    filters=[LinkRelFilter],
)
CLEANER.serializer = FlatSerializer(
    **{option: getattr(CLEANER.serializer, option) for option in BleachHTMLSerializer.options}
)
_CLEANER_LOCK = threading.Lock()


def sanitise(text: str) -> str:
    """``text`` (HTML) through :data:`CLEANER`, one thread at a time."""
    with _CLEANER_LOCK:
        return CLEANER.clean(text)


def sanitise_tree(root: etree.Element) -> str:
    """The content of ``root`` (a Markdown tree without raw HTML) through :data:`CLEANER`."""
    with _CLEANER_LOCK:
        return CLEANER.clean_tree(root)
