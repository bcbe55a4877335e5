"""Time of rendering press links with :func:`articles.markup.render_markup`.

Usage: ``.venv/bin/python bench/markup.py [--links 1000] [--repeat 3]``

Each press link has three excerpts of about 450 characters (a URL, emphasis, a hashtag or
two, French punctuation) and a commentary of about 300 characters; each of the four texts is
rendered on its own, as the templates do. The same texts then go through a naive chain: a
new Markdown instance for every text, ``bleach.clean`` and ``bleach.linkify``. Both totals
are printed, the best of ``--repeat`` runs, in wall-clock time and in CPU time of this
process (the machine may be shared: CPU time and the ratio to the naive chain vary less),
with the share of bleach in render_markup's; the target is under 2 s for 1,000 links.
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
    """Of one run of render_markup, the CPU seconds spent in bleach (the rest is Markdown)."""
    from articles import markup

    spent = [0.0]
    originals = {name: getattr(markup, name) for name in ("sanitise", "sanitise_tree")}

    def timed(function):
        def run(value):
            start = time.process_time()
            try:
                return function(value)
            finally:
                spent[0] += time.process_time() - start

        return run

    for name, function in originals.items():
        setattr(markup, name, timed(function))
    try:
        best_time(ours(), links, 1)
    finally:
        for name, function in originals.items():
            setattr(markup, name, function)
    return spent[0]


def best_time(render, links: list[list[str]], repeat: int) -> tuple[float, float]:
    """The best wall-clock time and the best CPU time of ``repeat`` runs."""
    for text in links[0]:  # warm up: build the per-thread Markdown, import everything
        render(text)
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        for link in links:
            for text in link:
                render(text)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


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
    ours_wall, ours_cpu = best_time(ours(), links, args.repeat)
    bleach_cpu = sanitising_time(links)
    naive_wall, naive_cpu = best_time(naive_chain(), links, args.repeat)
    per_thousand = ours_cpu * 1000 / args.links
    verdict = "met" if per_thousand < TARGET_SECONDS else "NOT met"
    print(
        f"render_markup: {ours_wall:.3f} s wall, {ours_cpu:.3f} s CPU "
        f"({ours_cpu / texts * 1e3:.3f} ms a text), of which bleach about {bleach_cpu:.3f} s CPU"
    )
    print(
        f"naive chain:   {naive_wall:.3f} s wall, {naive_cpu:.3f} s CPU "
        f"({naive_cpu / texts * 1e3:.3f} ms a text): "
        f"{naive_cpu / ours_cpu:.2f}x the CPU time of render_markup"
    )
    print(
        f"target: under {TARGET_SECONDS:.0f} s of CPU for 1,000 links: {per_thousand:.2f} s, "
        f"{verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
