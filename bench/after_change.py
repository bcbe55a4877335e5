"""The first request after a change, at 100,000 links: ``.venv/bin/python bench/after_change.py``.

Before each timed request, one entry of the page is saved again through the write
service (``entries_changed``, as an editor's save does): its revision and the stream's
version go up, so the page's count, ids and that entry's HTML are computed again, while
the other entries' HTML stays in the cache. Anonymous reader, in process, ``DEBUG`` off, a
per-process memory cache; issue 13's targets: stream under 50 ms, tag page under 100, two
tags under 150. Writes only into the benchmark database (:mod:`bench.safety`).
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [  # name, URL, its tags, target
    ("stream", "/", [], 50),
    ("tag", "/tags/amazon/", ["amazon"], 100),
    ("two tags", "/tags/amazon+travail/", ["amazon", "travail"], 150),
]


def main(argv=None) -> int:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    os.environ.pop("CACHE_URL", None)  # this process's memory: never a shared Redis
    from bench.run import bench_parser, parse_bench_args, prepare

    args = parse_bench_args(bench_parser(__doc__, "page"), argv)
    prepare(args)
    from django.test import Client

    from articles.stream import queries as stream
    from articles.writes import entries_changed
    from bench.measure import get
    from tags.models import Tag

    client = Client()
    missed = 0
    print("First request after a change (ms): median, p95, max of", args.repeat)
    for name, url, slugs, target in PAGES:
        for _ in range(3):
            get(client, url)  # warm
        entries = stream.with_all_tags(stream.published(), list(Tag.objects.filter(slug__in=slugs)))
        changed = list(entries.values_list("pk", flat=True)[:30])  # the page's, in turn
        samples = []
        for number in range(args.repeat):
            entries_changed([changed[number % len(changed)]])
            start = time.perf_counter()
            get(client, url)
            samples.append((time.perf_counter() - start) * 1000)
        ordered = sorted(samples)
        median = statistics.median(samples)
        p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
        verdict = "met" if median < target else "MISSED"
        missed += median >= target
        print(f"{name:<9} {url:<24} {median:7.1f} {p95:7.1f} {ordered[-1]:7.1f}"
              f"  target < {target}: {verdict}")  # fmt: skip
    print(f"Load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
