"""Bounds on what reaches Markdown, so that rendering stays linear whatever a text holds.

Python-Markdown looks for the ``]`` closing a link's ``[`` (and the ``)`` closing its ``(``)
by walking the paragraph from each ``[``: unclosed or deeply nested brackets make that
quadratic (``"[" * 4000`` took 3.4 s). :func:`bound_brackets` adds up, paragraph by
paragraph, the walks Markdown would make; past :data:`WALK_BUDGET` times the paragraph's
length, the brackets that cannot make a link become private-use stand-ins that no pattern
reads (put back by :func:`restore_stand_ins`): a ``[`` or a link's ``(`` that nothing
closes, and ``[…]`` pairs nested deeper than :data:`MAX_LINK_NESTING`.

The other bounds show as typed what would exhaust the stack or cost a square:
list and quote markers past :data:`MAX_NESTING` on a line (Markdown nests blocks by
recursion), calls of one footnote past :data:`MAX_FOOTNOTE_CALLS` (each is numbered by
counting those before it), raw HTML tags past :data:`MAX_RAW_TAGS` (each parsed again by
the sanitiser).
"""

import itertools
import re

WALK_BUDGET = 4  # times the paragraph's length, beyond which brackets are bounded
MAX_LINK_NESTING = 3  # [![image](src)](href) is 2 deep
MAX_NESTING = 8  # quote and list markers opening blocks on one line
MAX_FOOTNOTE_CALLS = 10  # calls of one footnote (each numbers its own back link)
MAX_RAW_TAGS = 200  # raw HTML tags of a text

OPEN_BRACKET, CLOSE_BRACKET, OPEN_PAREN, OPEN_ANGLE = "\ue002", "\ue003", "\ue004", "\ue005"
STAND_INS = OPEN_BRACKET + CLOSE_BRACKET + OPEN_PAREN + OPEN_ANGLE
# Back in the HTML, where a "<" of the text is "&lt;" (in text and attributes alike).
_RESTORE = str.maketrans(
    {OPEN_BRACKET: "[", CLOSE_BRACKET: "]", OPEN_PAREN: "(", OPEN_ANGLE: "&lt;"}
)

_PARAGRAPH_BREAK_RE = re.compile(r"(\n[ \t]*\n)")
_TOKEN_RE = re.compile(r"\\.|[\[\]()]", re.DOTALL)  # an escaped character is no bracket


def bound_brackets(text: str) -> str:
    """``text`` with the brackets that would make Markdown's work superlinear stood in for."""
    if text.count("[") < 2:  # one walk at the most
        return text
    return "".join(_bound_paragraph(part) for part in _PARAGRAPH_BREAK_RE.split(text))


_NESTED_MARKERS_RE = re.compile(
    rf"^((?:[ \t]*(?:>|(?:[*+-]|\d+\.)[ \t])){{{MAX_NESTING}}}[ \t]*)"
    r"(>|[*+-](?=[ \t])|\d+\.(?=[ \t]))",
    re.MULTILINE,
)
# A call, or a definition when it starts a line and a colon follows.
_FOOTNOTE_RE = re.compile(r"(^ {0,3})?\[\^([^\]\n]+)\](:)?", re.MULTILINE)


def bound_nesting(text: str) -> str:
    """``text`` with the quote and list markers past :data:`MAX_NESTING` on a line escaped."""
    if len(text) < 2 * MAX_NESTING:
        return text
    return _NESTED_MARKERS_RE.sub(
        lambda match: f"{match.group(1)}{match.group(2)[:-1]}\\{match.group(2)[-1]}", text
    )


def bound_footnote_refs(text: str) -> str:
    """``text`` with the calls of a footnote past :data:`MAX_FOOTNOTE_CALLS` shown as typed."""
    if text.count("[^") <= MAX_FOOTNOTE_CALLS:
        return text
    calls: dict[str, int] = {}

    def bound(match: re.Match) -> str:
        line_start, label, colon = match.groups()
        if line_start is not None and colon:
            return match.group()  # a definition
        calls[label] = calls.get(label, 0) + 1
        if calls[label] > MAX_FOOTNOTE_CALLS:
            return match.group().replace("[", OPEN_BRACKET, 1)
        return match.group()

    return _FOOTNOTE_RE.sub(bound, text)


_RAW_TAG_RE = re.compile(r"<(?=[A-Za-z/!?])")


def bound_raw_html(text: str) -> str:
    """``text`` with the raw HTML tags past :data:`MAX_RAW_TAGS` shown as typed."""
    if text.count("<") <= MAX_RAW_TAGS:
        return text
    first_past = next(itertools.islice(_RAW_TAG_RE.finditer(text), MAX_RAW_TAGS, None), None)
    if first_past is None:
        return text
    cut = first_past.start()
    return text[:cut] + _RAW_TAG_RE.sub(OPEN_ANGLE, text[cut:])


def bound_markup(text: str) -> str:
    """``text`` as Markdown may be given it: every bound of this module applied."""
    return bound_raw_html(bound_footnote_refs(bound_nesting(bound_brackets(text))))


def restore_stand_ins(html: str) -> str:
    """The HTML of a bounded text with its stand-ins turned back into brackets."""
    return html.translate(_RESTORE)


def _bound_paragraph(paragraph: str) -> str:
    end = len(paragraph)
    opened: list[int] = []  # positions of the "[" not closed yet
    pairs: dict[int, int] = {}  # "[" position: its "]" position
    parens: list[int] = []
    closing_paren: dict[int, int] = {}
    link_parens: list[int] = []  # a "(" right after a "]": Markdown walks to its ")"
    brackets: list[tuple[int, str]] = []
    for match in _TOKEN_RE.finditer(paragraph):
        char, position = match.group(), match.start()
        if char == "[":
            opened.append(position)
            brackets.append((position, char))
        elif char == "]":
            if opened:
                pairs[opened.pop()] = position
                brackets.append((position, char))
            if paragraph.startswith("(", position + 1):
                link_parens.append(position + 1)
        elif char == "(":
            parens.append(position)
        elif char == ")" and parens:
            closing_paren[parens.pop()] = position
    walks = sum(pairs.get(position, end) - position for position, char in brackets if char == "[")
    walks += sum(closing_paren.get(position, end) - position for position in link_parens)
    if walks <= WALK_BUDGET * end:
        return paragraph
    chars = list(paragraph)
    for position in opened:  # never closed: no link can start there
        chars[position] = OPEN_BRACKET
    depth = 0  # nesting among the pairs only
    for position, char in brackets:
        if char == "]":
            depth -= 1
        elif position in pairs:
            depth += 1
            if depth > MAX_LINK_NESTING:
                chars[position], chars[pairs[position]] = OPEN_BRACKET, CLOSE_BRACKET
    for position in link_parens:
        if position not in closing_paren and chars[position - 1] == "]":
            chars[position] = OPEN_PAREN
    return "".join(chars)
