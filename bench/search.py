"""Search and tag pages on 100,000 press links: ``.venv/bin/python bench/search.py``.

Usage: ``bench/search.py [--quick] [--refill] [--reindex] [--repeat N]``

Uses ``BENCH_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/pressreview_bench``, shared with the other
benchmarks), filled by :mod:`bench.fill` like ``make bench``, then indexed with
:func:`search.indexing.reindex_all` (the fill writes rows in bulk, which no
signal sees). The generated texts use a small vocabulary, so a rare word is
written into the commentary of a few links (saved the ordinary way, so
indexed by the signals). Pages are requested in-process, DEBUG off, in turns.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RARE_WORD = "néonicotinoïdes"
RARE_LINKS = 25


def parse_args(argv=None) -> argparse.Namespace:
    from bench.run import bench_parser, parse_bench_args

    parser = bench_parser(__doc__)
    parser.add_argument("--reindex", action="store_true", help="rebuild the index even if full")
    return parse_bench_args(parser, argv)


def ensure_indexed(force: bool) -> None:
    from articles.models import Entry
    from articles.writes.documents import reindex_all
    from search.models import SearchDocument

    if not force and SearchDocument.objects.count() == Entry.objects.count():
        print("Search index complete: --reindex to rebuild it")
        return
    start = time.perf_counter()
    count = reindex_all()
    print(f"Indexed {count:,} entries in {time.perf_counter() - start:.1f} s")
    from bench import fill

    fill.analyze()


def ensure_rare_word() -> None:
    """``RARE_LINKS`` links, spread over the years, mention ``RARE_WORD``."""
    from articles.models import PressLink

    links = PressLink.objects.order_by("pk")
    if links.filter(commentary__contains=RARE_WORD).count() >= RARE_LINKS:
        return
    step = max(1, links.count() // RARE_LINKS)
    for link in list(links[::step][:RARE_LINKS]):
        link.commentary = f"{link.commentary} Les {RARE_WORD} en question.".strip()
        link.save()


def pages():
    from django.db.models import Count

    from bench.measure import MID_SHARE, Page, tag_path
    from search.models import SearchDocument
    from tags.models import Tag

    total = SearchDocument.objects.count()
    tags = list(Tag.objects.annotate(n=Count("tagged_entries")).order_by("-n", "slug"))
    common = tags[0]
    mid = min(tags[2:], key=lambda tag: abs(tag.n - MID_SHARE * total))
    searches = [
        ("search common word", "amazon"),
        ("search rare word", RARE_WORD),
        ("search common word, 2nd page", "amazon", 2),
        ("search phrase + tag", f'"salariés grève" #{tags[1].slug}'),
        ("search source, no words", "source:lemonde.fr"),
    ]
    found = []
    for name, q, *page in searches:
        params = {"q": q} | ({"page": page[0]} if page else {})
        found.append(Page(name, "/search/?" + urlencode(params), page[0] if page else 1, 0))
    found.append(Page(f"tag page {common.slug} ({common.n:,})", tag_path(common), 1, common.n))
    found.append(Page(f"tag page {mid.slug} ({mid.n:,})", tag_path(mid), 1, mid.n))
    pair = f"tag page {common.slug}+{tags[1].slug}"
    found.append(Page(pair, tag_path(common, tags[1]), 1, 0))
    found.append(Page("tags: cloud and index", "/tags/", 1, len(tags)))
    return found


def stats_costs(repeat: int) -> list[tuple[str, float, float]]:
    """Median ms of a tag's related tags + timeline (SVG included): read from the running
    counts (one tag), and counted from its entries (what a combination of tags costs)."""
    import statistics

    from django.db.models import Count

    from articles.stream import queries as stream
    from articles.stream import tag_stats as stats
    from articles.stream.tag_svg import timeline_svg
    from tags.models import Tag
    from tests import reference

    tags = list(Tag.objects.annotate(n=Count("tagged_entries")).order_by("-n", "slug"))
    found = []
    for tag in (tags[0], min(tags[2:], key=lambda t: abs(t.n - 1000))):
        entries = stream.with_all_tags(stream.published(), [tag])
        counted, computed = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            timeline_svg(stats.counted_timeline(tag), tag.name)
            stats.counted_related_tags(tag)
            counted.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            timeline_svg(reference.timeline(entries), tag.name)
            stats.related_tags(entries, [tag])
            computed.append((time.perf_counter() - start) * 1000)
        found.append(
            (f"{tag.slug} ({tag.n:,})", statistics.median(counted), statistics.median(computed))
        )
    return found


def main(argv=None) -> int:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    args = parse_args(argv)
    from bench.run import prepare

    prepare(args)
    ensure_indexed(args.reindex or args.refill)
    ensure_rare_word()
    from bench.measure import measure_pages

    results = measure_pages(pages(), args.repeat)
    print(f"\n{args.repeat} timed requests per page, then as many with an empty cache")
    print("(cold: the first request after a change); DEBUG off. Milliseconds.\n")
    print(
        f"{'page':<44} {'median':>7} {'p95':>7} {'queries':>7} "
        f"{'cold median':>11} {'cold p95':>8} {'queries':>7}"
    )
    for row in results:
        print(
            f"{row['name']:<44} {row['median_ms']:>7.1f} {row['p95_ms']:>7.1f} "
            f"{row['queries']:>7} {row['cold_median_ms']:>11.1f} {row['cold_p95_ms']:>8.1f} "
            f"{row['cold_queries']:>7}"
        )
    print("\nA tag's related tags and timeline (median ms): from its running counts (a tag")
    print("page), counted from its entries (a combination of tags, then cached):")
    for name, counted, computed in stats_costs(max(3, args.repeat // 4)):
        print(f"  {name:<40} running counts {counted:7.1f}   from the entries {computed:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
