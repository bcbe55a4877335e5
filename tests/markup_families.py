"""Adversarial texts for the markup pipeline, by family, and a typical text to compare with.

Each family is a list of variants; a variant makes a text of any length from a unit
repeated (a run), nested, or mixed with words. The markup tests render every variant at
each field's limit; ``bench/markup_worst.py`` times them per 10,000 characters against
:func:`typical` of the same length.
"""

from collections.abc import Callable

TYPICAL_PARAGRAPH = (
    "Le groupe #Amazon a annoncé *mardi* la fermeture d’un entrepôt, selon "
    "[Le Monde](https://www.lemonde.fr/economie/article/2021/03/17/x.html) : « 1 800 "
    "emplois » sont menacés ; https://reporterre.net/Dark-stores en parle aussi. "
    "Pourquoi ? Les syndicats dénoncent **un plan social déguisé** [1]. #travail ##santé\n"
    "> « Nous n’avons rien vu venir », dit une salariée.\n\n"
)


def typical(length: int) -> str:
    """Ordinary markup (links, emphasis, hashtags, a quote, French punctuation)."""
    return (TYPICAL_PARAGRAPH * (length // len(TYPICAL_PARAGRAPH) + 1))[:length]


def run(unit: str) -> Callable[[int], str]:
    return lambda length: (unit * (length // len(unit) + 1))[:length]


def nested(opening: str, closing: str, middle: str = "x") -> Callable[[int], str]:
    def make(length: int) -> str:
        depth = max(1, (length - len(middle)) // (len(opening) + len(closing)))
        return (opening * depth + middle + closing * depth)[:length]

    return make


def called(head: str, unit: str) -> Callable[[int], str]:
    """``head`` once, then ``unit`` repeated (a footnote and its calls)."""
    return lambda length: (head + unit * (length // len(unit) + 1))[:length]


def worded(unit: str) -> Callable[[int], str]:
    """``unit`` between words, as hostile text hides in a normal-looking one."""
    return run(f"{unit} mot ")


FAMILIES: dict[str, list[Callable[[int], str]]] = {
    "[": [run("["), nested("[", "]"), run("[a"), worded("[")],
    "![": [run("!["), nested("![", "]"), run("![a]")],
    "[a](": [run("[a]("), run("[a](b"), nested("[a](", ")"), run('[a](" (')],
    "[^": [run("[^"), run("[^1]"), run("[^1]: x"), called("[^1]: note\n\n", "x[^1] ")],
    "*": [run("*"), run("*a"), run("**a "), nested("*", "*"), run("***a"), nested("*a ", " a*")],
    "_": [run("_"), run("_a"), run("__a "), nested("_", "_"), nested("__a ", " a__")],
    "`": [run("`"), run("`a"), run("``a "), nested("`", "`")],
    "<": [run("<"), run("<a "), run("<del>"), nested("<span>", "</span>"), run("<!--")],
    "&": [run("&"), run("&#"), run("&amp;"), run("&#x")],
    "#": [run("#"), run("#a"), run("##a "), run("#[fr]a[en]"), run("#[fr]")],
    "[rouge]": [run("[rouge]"), run("[rouge]x"), nested("[rouge]", "[/rouge]"), run("[/rouge]")],
    "long words": [run("a"), run("https://x.org/" + "a" * 50), run("é")],
    "lists": [run("- "), run("1. "), run("- > "), run("- a\n  "), run("* x\n\n    ")],
    "quotes": [run("> "), run(">"), run("> - "), run("> x\n")],
}


def variants() -> list[tuple[str, int, Callable[[int], str]]]:
    """``(family, index, make)`` for every variant of every family."""
    return [
        (family, index, make)
        for family, makers in FAMILIES.items()
        for index, make in enumerate(makers)
    ]
