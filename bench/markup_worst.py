"""Worst-case rendering time per 10,000 characters, by family of adversarial input.

Usage: ``.venv/bin/python bench/markup_worst.py [--length 10000] [--repeat 3]``

Every variant of every family of ``tests/markup_families.py`` (runs and nestings of ``[``,
``![``, ``[a](``, ``[^``, ``*``, ``_``, backticks, ``<``, ``&``, ``#``, ``[rouge]``, long
words, deep lists and quotes) is rendered at ``--length`` characters by
:func:`articles.markup.render_markup`, best CPU time of ``--repeat``; each family prints
its worst variant beside a typical text of the same length. The target: the worst within
10 times the typical. Then the worst variant of all at each field's limit (the field must
render in well under a second).
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 10


def cpu_ms(render, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        render(text)
        best = min(best, time.process_time() - started)
    return best * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--length", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressreview.settings")
    import django

    django.setup()
    from articles.markup import render_markup
    from articles.models import TEXT_LIMITS
    from tests.markup_families import FAMILIES, typical

    def render(text: str) -> str:
        return render_markup(text, sources=range(1, 4))

    render(typical(args.length))  # each trigger set's Markdown is made once per thread
    typical_ms = cpu_ms(render, typical(args.length), args.repeat * 3)
    print(f"CPU ms per {args.length:,} characters (best of {args.repeat}); "
          f"typical text: {typical_ms:.1f} ms")  # fmt: skip
    print(f"{'family':<12} {'worst':>8} {'ratio':>6}  worst variant")
    failures = []
    for family, makers in FAMILIES.items():
        timed = [(cpu_ms(render, make(args.length), args.repeat), index, make)
                 for index, make in enumerate(makers)]  # fmt: skip
        worst_ms, index, make = max(timed, key=lambda item: item[0])
        ratio = worst_ms / typical_ms
        sample = make(args.length)[:24]
        print(f"{family:<12} {worst_ms:8.1f} {ratio:6.1f}  #{index} {sample!r}")
        if ratio > TARGET_RATIO:
            failures.append(family)
    print("\nAt each field's limit, the slowest variant of all and a typical text:")
    for field, limit in sorted(TEXT_LIMITS.items(), key=lambda item: item[1]):
        hostile, family = max(
            (cpu_ms(render, make(limit), 2), family)
            for family, makers in FAMILIES.items()
            for make in makers
        )
        ordinary = cpu_ms(render, typical(limit), 1)
        print(f"  {field:<22} {limit:>7,} characters: {hostile:7.1f} ms ({family}), "
              f"typical {ordinary:.1f} ms")  # fmt: skip
    verdict = "every family within" if not failures else f"OVER on {', '.join(failures)}:"
    print(f"\n{verdict} {TARGET_RATIO}x the typical text")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
