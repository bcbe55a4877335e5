"""Rendering is bounded: no text up to a field's limit is slow or breaks the pipeline.

The families of adversarial input are in ``tests/markup_families.py`` (also timed by
``bench/markup_worst.py``); a property-based generator hunts for more. Ordinary texts are
never touched by the bounds (``articles/markup/bounds.py``).
"""

import gc
import time
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.markup import render_markup
from articles.markup.bounds import (
    MAX_FOOTNOTE_CALLS,
    MAX_NESTING,
    MAX_RAW_TAGS,
    STAND_INS,
    bound_brackets,
    bound_markup,
    restore_stand_ins,
)
from articles.models import TEXT_LIMITS
from tests.conftest import SEEDS
from tests.markup_families import FAMILIES, typical, variants
from tests.markup_helpers import parse
from tests.test_markup_hostile import assert_safe_html

DEMO = Path(__file__).resolve().parent.parent / "articles" / "demo"
LONGEST = max(TEXT_LIMITS.values())
# Not a speed target (bench/markup_worst.py measures that): a bound that only a superlinear
# blow-up crosses (unbounded, these texts take tens of seconds), with room for a loaded
# machine. Ordinary texts of this length take ~0.1 s, the worst families under 0.8 s.
CPU_SECONDS = 2.5


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def ordinary_texts() -> list[str]:
    """Every text of the demo content, the seeds when present, and typical markup."""
    texts = [text for path in sorted(DEMO.glob("*.toml"))
             for text in _strings(tomllib.loads(path.read_text(encoding="utf-8")))]  # fmt: skip
    texts += [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    texts += [typical(length) for length in (100, 1_000, LONGEST)]
    return texts


def visible_text(html: str) -> str:
    return "".join(parse(html).itertext())


def rendered_checked(text: str) -> str:
    """``text`` rendered, in under :data:`CPU_SECONDS` of CPU, as allowed HTML only."""
    gc.disable()  # a collection of the whole test session's objects is not the renderer's
    try:
        started = time.process_time()
        output = str(render_markup(text, sources={1: "a", 2: "b"}))
        spent = time.process_time() - started
    finally:
        gc.enable()
    assert spent < CPU_SECONDS, f"{spent:.2f} s of CPU for {len(text):,} characters"
    assert not set(output) & set(STAND_INS), "a stand-in reached the HTML"
    assert_safe_html(output)
    return output


# --- Ordinary texts are never bounded ----------------------------------------------------------


def test_ordinary_texts_pass_unchanged():
    texts = ordinary_texts()
    assert len(texts) > 100
    for text in texts:
        assert bound_markup(text) == text


# --- What each bound does ----------------------------------------------------------------------


def test_unclosed_brackets_are_shown_as_typed_and_links_still_work():
    text = "[" * 3000 + " voir [Le Monde](https://lemonde.fr/) et [rouge]ceci[/rouge]"
    bounded = bound_brackets(text)
    assert bounded != text and restore_stand_ins(bounded) == text
    output = rendered_checked(text)
    assert visible_text(output) == "[" * 3000 + " voir Le Monde et ceci"
    assert 'href="https://lemonde.fr/"' in output and "hl-rouge" in output


def test_deep_nesting_keeps_the_outer_pairs():
    output = rendered_checked("[" * 4000 + "x" + "]" * 4000 + " [a](https://x.org/)")
    assert visible_text(output) == "[" * 4000 + "x" + "]" * 4000 + " a"
    assert output.count("<a ") == 1


def test_unclosed_link_parentheses_are_shown_as_typed():
    text = "[a](" * 2500
    assert visible_text(rendered_checked(text)) == text


def test_a_short_text_with_brackets_is_left_to_markdown():
    text = "[a [b] c](https://x.org/) [^1] [1]"
    assert bound_markup(text) == text


def test_list_and_quote_markers_nest_at_most_max_nesting_deep():
    output = rendered_checked("- " * 2000 + "x")
    assert output.count("<ul>") == MAX_NESTING
    assert visible_text(output).strip() == "- " * (2000 - MAX_NESTING) + "x"
    output = rendered_checked("> 1. " * 1000 + "x")
    assert output.count("<blockquote>") + output.count("<ol>") == MAX_NESTING


def test_calls_of_one_footnote_past_the_limit_are_shown_as_typed():
    output = rendered_checked("Note[^1]. " * (MAX_FOOTNOTE_CALLS + 2) + "\n\n[^1]: la note")
    assert output.count('class="footnote-ref"') == MAX_FOOTNOTE_CALLS
    assert visible_text(output).count("[^1]") == 2


def test_raw_tags_past_the_limit_are_shown_as_typed():
    output = rendered_checked("<del>x</del> " * (MAX_RAW_TAGS // 2 + 3))
    assert output.count("<del>") == MAX_RAW_TAGS // 2
    assert output.count("&lt;del&gt;") == 3


def test_nesting_deeper_than_the_stack_is_shown_as_plain_text():
    text = "*a " * 3000 + "x" + " a*" * 3000
    output = rendered_checked(text)
    assert "<em>" not in output and visible_text(output) == text


def test_stand_in_characters_typed_in_a_text_are_dropped():
    assert visible_text(rendered_checked("a" + STAND_INS + "b")) == "ab"


# --- Every family at the longest field's limit ---------------------------------------------------


@pytest.mark.parametrize(
    ("family", "index", "make"),
    variants(),
    ids=[f"{family}-{index}" for family, index, _make in variants()],
)
def test_adversarial_family_renders_fast_and_safe(family, index, make):
    rendered_checked(make(LONGEST))


def test_families_cover_what_the_issue_names():
    names = {"[", "![", "[a](", "[^", "*", "_", "`", "<", "&", "#", "[rouge]"}
    assert names | {"long words", "lists", "quotes"} <= set(FAMILIES)


# --- A property-based hunt for slow or crashing inputs -------------------------------------------

UNITS = list("[]()!^*_`<>&#\\:\"'-=/|~. \n") + [
    "[rouge]", "[/rouge]", "a", "é", "http://x.y/", "> ", "- ", "1. ", "    ", "#[fr]", "[en]",
    "&#", "<a ", "<!--", "-->", "[^1]", "[^1]: ", "\n\n", "![", "](", "<http://", "**", "[1]",
]  # fmt: skip
unit = st.lists(st.sampled_from(UNITS), min_size=1, max_size=5).map("".join)


@st.composite
def hostile_texts(draw) -> str:
    """Up to three short units of markup, each repeated many times, cut to a length."""
    length = draw(st.integers(min_value=1_000, max_value=TEXT_LIMITS["commentary"]))
    parts = draw(st.lists(st.tuples(unit, st.integers(1, 2_000)), min_size=1, max_size=3))
    text = ""
    while len(text) < length:
        for chunk, times in parts:
            text += chunk * times
    return text[:length]


@settings(
    max_examples=40,
    deadline=None,  # rendered_checked measures CPU time, which load on the machine spares
    derandomize=True,  # the same examples on every run: CI stays reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(hostile_texts())
def test_no_generated_text_is_slow_or_breaks(text):
    rendered_checked(text)
