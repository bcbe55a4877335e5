"""Time of rendering press links with :func:`articles.markup.render_markup`.

Usage: ``.venv/bin/python bench/markup.py [--links 1000] [--repeat 3]``

Each press link has three excerpts of about 450 characters (a URL, emphasis, a hashtag or
two, French punctuation) and a commentary of about 300 characters; each of the four texts is
rendered on its own, as the templates do. The same texts then go through a naive chain: a
new Markdown instance for every text, ``bleach.clean`` and ``bleach.linkify``. Both totals
are printed, the best of ``--repeat`` runs, with the share of bleach in render_markup's; the
target is under 2 s for 1,000 links.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 2.0

EXCERPT = (
    "Des pommes rutilantes viennent d’être rangées sur leur gondole au milieu des fruits et "
    "légumes (lien {n}) : https://www.lemonde.fr/economie/article/2021/03/17/dark-store-{n}"
    "_6073393_3234.html. Dans les allées de ce supermarché, les chariots se croisent sous le "
    "halo *industriel* d’une dizaine de néons ; mais il n’y a **aucun client**… Ou plutôt si, "
    "un seul : le géant américain #Amazon, qui vient satisfaire ici les besoins de courses "
    "de ses internautes voulant être livrés « dans les deux heures » ! #logistique"
)
COMMENTARY = (
    "Pourquoi les « dark stores » se multiplient-ils à Paris ? Voir aussi l’enquête "
    "https://reporterre.net/Dark-stores-{n} et le rapport [1]. La ville *peut* encore "
    "s’y opposer : le PLU le permet. #[fr]Urbanisme_(PLU)[en]Urban_planning ##travail"
)


def press_links(count: int) -> list[list[str]]:
    """``count`` press links, each as its three excerpts and its commentary."""
    return [
        [EXCERPT.format(n=f"{n}-{part}") for part in range(3)] + [COMMENTARY.format(n=n)]
        for n in range(count)
    ]


def naive_chain():
    """The chain render_markup replaces: a Markdown per text, bleach.clean, bleach.linkify."""
    import bleach
    import markdown

    from articles.markup import ALLOWED_ATTRIBUTES, ALLOWED_PROTOCOLS, ALLOWED_TAGS

    def render(text: str) -> str:
        converted = markdown.markdown(text, extensions=["sane_lists", "nl2br", "footnotes"])
        cleaned = bleach.clean(
            converted,
            tags=ALLOWED_TAGS,
            attributes={tag: list(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
            protocols=ALLOWED_PROTOCOLS,
        )
        return bleach.linkify(cleaned)

    return render


def ours():
    from articles.markup import render_markup

    return lambda text: render_markup(text, sources={1: "source"}, language="fr")


def sanitising_time(links: list[list[str]]) -> float:
    """Of one run of render_markup, the seconds spent in bleach (the rest is Markdown)."""
    from articles import markup

    spent = [0.0]
    sanitise = markup.sanitise

    def timed(text: str) -> str:
        start = time.perf_counter()
        try:
            return sanitise(text)
        finally:
            spent[0] += time.perf_counter() - start

    markup.sanitise = timed
    try:
        best_time(ours(), links, 1)
    finally:
        markup.sanitise = sanitise
    return spent[0]


def best_time(render, links: list[list[str]], repeat: int) -> float:
    for text in links[0]:  # warm up: build the per-thread Markdown, import everything
        render(text)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        for link in links:
            for text in link:
                render(text)
        timings.append(time.perf_counter() - start)
    return min(timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--links", type=int, default=1000, help="press links to render")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best one counts")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressreview.settings")
    import django

    django.setup()

    links = press_links(args.links)
    texts = sum(len(link) for link in links)
    characters = sum(len(text) for link in links for text in link)
    print(f"{args.links} press links: {texts} texts, {characters:,} characters")
    ours_seconds = best_time(ours(), links, args.repeat)
    bleach_seconds = sanitising_time(links)
    naive_seconds = best_time(naive_chain(), links, args.repeat)
    verdict = "met" if ours_seconds * 1000 / args.links < TARGET_SECONDS else "NOT met"
    print(
        f"render_markup: {ours_seconds:.3f} s ({ours_seconds / texts * 1e3:.3f} ms a text), "
        f"of which bleach about {bleach_seconds:.3f} s; "
        f"target of {TARGET_SECONDS:.0f} s for 1,000 links {verdict}"
    )
    print(
        f"naive chain:   {naive_seconds:.3f} s ({naive_seconds / texts * 1e3:.3f} ms a text), "
        f"{naive_seconds / ours_seconds:.2f}x the time of render_markup"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
