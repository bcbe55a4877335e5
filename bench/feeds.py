"""Server time and SQL queries of the feeds on the 100,000-link database.

Usage: ``.venv/bin/python bench/feeds.py [--quick] [--refill] [--repeat N]``

Uses ``BENCH_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/pressreview_bench``, shared with the other
benchmarks), created, migrated and filled by :mod:`bench.run` and :mod:`bench.fill` as
the page benchmark does. Times the Atom and RSS feeds of the whole stream, of the most
used tag (~70% of the entries), of tag combinations (~40% and ~1%) and of the biggest
source, each built from the database; then feeds served from the cache at an unchanged
stream version, and a conditional request answered 304. Requests run in-process with
Django's test client, ``DEBUG`` off, in turns after a warm-up.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARMUP = 3
TARGET_MS = 30.0


def parse_args(argv=None) -> argparse.Namespace:
    from bench.run import bench_parser, parse_bench_args

    return parse_bench_args(bench_parser(__doc__, each="feed"), argv)


def feeds() -> list[tuple[str, str, dict]]:
    """``(name, url, headers)`` of each measured request."""
    from bench.measure import streams

    found = []
    for name, path, _count in streams():
        for format in ("atom", "rss"):
            found.append((f"{name} {format}", f"{path}feed/{format}/", {}))
    return found


def timed(client, url: str, headers: dict, expect: int) -> tuple[float, float, float, int]:
    """``(ms, CPU ms, ms in the database, queries)`` of one request answering ``expect``.

    The CPU time is this process's only: on a shared machine it shows the server's own
    work, which the wall-clock time mixes with waiting for a CPU.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.measure import SqlTimer

    timer = SqlTimer()
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get(url, **headers)
        elapsed = (time.perf_counter() - start) * 1000
        cpu = (time.process_time() - cpu) * 1000
    if response.status_code != expect:
        print(f"GET {url}: HTTP {response.status_code}, not {expect}", file=sys.stderr)
        raise SystemExit(1)
    return elapsed, cpu, timer.ms, len(captured.captured_queries)


def measure(repeat: int) -> list[dict]:
    """Time each feed built from the database (the cache emptied before each request), then
    the most used tag's and the stream's Atom feeds at an unchanged stream version (kept in
    the cache), then a conditional request answered 304."""
    from django.core.cache import cache
    from django.test import Client

    from bench.measure import median_ms, p95_ms

    client = Client()
    built = [(f"{name}, built", url, headers, 200, True) for name, url, headers in feeds()]
    stream_feed, tag_feed = built[0][1], built[2][1]  # the stream's and the top tag's Atom
    etag = client.get(tag_feed)["ETag"]
    requests = [
        *built,
        ("stream atom, cached", stream_feed, {}, 200, False),
        ("tag atom, cached", tag_feed, {}, 200, False),
        ("tag atom, unchanged (304)", tag_feed, {"HTTP_IF_NONE_MATCH": etag}, 304, False),
    ]
    samples = {name: [] for name, *_ in requests}
    sql = {name: [] for name, *_ in requests}
    cpu = {name: [] for name, *_ in requests}
    queries = {}
    # Built feeds first, in turns; then the cached ones and the 304, in turns of their own
    # (emptying the cache for one feed would empty it for the others).
    for phase in (requests[: len(built)], requests[len(built) :]):
        for turn in range(WARMUP + repeat):
            for name, url, headers, expect, empty_cache in phase:
                if empty_cache:
                    cache.clear()
                ms, cpu_ms, sql_ms, queries[name] = timed(client, url, headers, expect)
                if turn >= WARMUP:
                    samples[name].append(ms)
                    cpu[name].append(cpu_ms)
                    sql[name].append(sql_ms)
    return [
        {
            "name": name,
            "url": url,
            "median_ms": median_ms(samples[name]),
            "p95_ms": p95_ms(samples[name]),
            "cpu_median_ms": median_ms(cpu[name]),
            "sql_median_ms": median_ms(sql[name]),
            "queries": queries[name],
        }
        for name, url, *_ in requests
    ]


def main(argv=None) -> int:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    args = parse_args(argv)
    from bench import run

    run.prepare(args)
    from django.conf import settings
    from django.db import connection

    assert not settings.DEBUG, "the benchmark must run with DEBUG off"
    load = os.getloadavg()[0]
    results = measure(args.repeat)
    print(f"\n{connection.vendor}, {args.repeat} requests each after {WARMUP} warm-up turns")
    print(f"Load average before measuring: {load:.2f} on {os.cpu_count()} CPUs")
    print(
        f"{'feed':<44} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>8} {'SQL ms':>8} {'queries':>8}"
    )
    for row in results:
        figures = f"{row['median_ms']:>10} {row['p95_ms']:>8} {row['cpu_median_ms']:>8}"
        figures += f" {row['sql_median_ms']:>8}"
        print(f"{row['name']:<44} {figures} {row['queries']:>8}")
    slow = [row["name"] for row in results if row["median_ms"] > TARGET_MS]
    verdict = f"Slow: {', '.join(slow)}" if slow else "All met."
    print(f"\nTarget: median under {TARGET_MS:.0f} ms. {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
