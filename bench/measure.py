"""Requesting the stream pages in-process and timing them.

Each page is timed twice per round: as most readers get it (the entries of the page and
its count already in the cache for this version of the stream), and cold, right after
emptying the cache, as the first reader after a change gets it.

The pages are requested in turns (each page once, then each page again...), so
that a slower spell of the machine spreads over all of them instead of
landing on one. Every request must answer 200, or the benchmark stops.
"""

import math
import statistics
import sys
import time
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Source
from articles.stream import queries as stream
from tags.models import Tag

WARMUP = 3
FAR_PAGE = 100
MID_SHARE = 0.01


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples), 2)


def p95_ms(samples: list[float]) -> float:
    """The 95th percentile (nearest rank) of ``samples``."""
    ordered = sorted(samples)
    return round(ordered[math.ceil(0.95 * len(ordered)) - 1], 2)


@dataclass
class Page:
    """One measured URL and what was measured of it."""

    name: str
    url: str
    number: int
    entries: int
    samples: list[float] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)
    cold_samples: list[float] = field(default_factory=list)
    cold_queries: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        cold = self.cold_samples  # none when only warm requests were timed
        return {
            "name": self.name,
            "url": self.url,
            "page": self.number,
            "entries": self.entries,
            "median_ms": median_ms(self.samples),
            "p95_ms": p95_ms(self.samples),
            "min_ms": round(min(self.samples), 2),
            "sql_median_ms": median_ms(self.sql_ms),
            "cold_median_ms": median_ms(cold) if cold else None,
            "cold_p95_ms": p95_ms(cold) if cold else None,
            "queries": len(self.queries),
            "cold_queries": len(self.cold_queries),
            "samples_ms": [round(sample, 2) for sample in self.samples],
            "sql": self.queries,
        }


class SqlTimer:
    """A database execute wrapper adding up the time spent in ``cursor.execute``."""

    def __init__(self):
        self.ms = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - start) * 1000


def share(count: int, total: int) -> str:
    return f"{count / total:.0%}" if count >= total / 20 else f"{count / total:.1%}"


def tag_path(*tags: Tag) -> str:
    return "/tags/" + "+".join(quote(tag.slug, safe="") for tag in tags) + "/"


def streams() -> list[tuple[str, str, int]]:
    """``(name, path, entries)`` of each measured stream.

    The tags are the two most used ones and the one closest to 1% of entries;
    the source is the one with the most links. Names give their share of entries.
    """
    published = stream.published()
    total = published.count()
    tags = list(Tag.objects.annotate(n=Count("tagged_entries")).order_by("-n", "slug"))
    common, second = tags[:2]
    mid = min(tags[2:], key=lambda tag: abs(tag.n - MID_SHARE * total))
    source = Source.objects.annotate(n=Count("links")).order_by("-n", "pk").first()
    found = [
        ("stream", "/", published),
        (f"tag {common.slug} ({share(common.n, total)})", tag_path(common),
         stream.with_all_tags(published, [common])),
        (f"tags {common.slug}+{second.slug} ({share(second.n, total)})",
         tag_path(common, second), stream.with_all_tags(published, [common, second])),
        (f"tags {common.slug}+{mid.slug} ({share(mid.n, total)})",
         tag_path(common, mid), stream.with_all_tags(published, [common, mid])),
        (f"source {source.domain} ({share(source.n, total)})", f"/sources/{source.domain}/",
         published.filter(presslink__source=source)),
    ]  # fmt: skip
    return [(name, path, entries.count()) for name, path, entries in found]


def pages() -> list[Page]:
    """The first page and page 100 (or the last, if fewer) of each stream."""
    found = []
    for name, path, count in streams():
        far = min(FAR_PAGE, max(1, math.ceil(count / settings.STREAM_PAGE_SIZE)))
        found.append(Page(name, path, 1, count))
        found.append(Page(name, f"{path}?page={far}", far, count))
    return found


def get(client: Client, url: str):
    """The response to ``url``; exit 1 with the error unless it is a 200."""
    try:
        response = client.get(url)
    except Exception as error:  # the test client re-raises a view's exception
        print(f"GET {url} failed: {error!r}", file=sys.stderr)
        raise SystemExit(1) from error
    if response.status_code != 200:
        body = response.content[:500].decode(errors="replace")
        print(f"GET {url}: HTTP {response.status_code}\n{body}", file=sys.stderr)
        raise SystemExit(1)
    return response


def time_request(client: Client, page: Page) -> None:
    """Add one request's server time, and its time in the database, to ``page``."""
    timer = SqlTimer()
    with connection.execute_wrapper(timer):
        start = time.perf_counter()
        get(client, page.url)
        page.samples.append((time.perf_counter() - start) * 1000)
    page.sql_ms.append(timer.ms)


def time_cold_request(client: Client, page: Page) -> None:
    """Add the server time of a request made with an empty cache (the first after a change)."""
    cache.clear()
    start = time.perf_counter()
    get(client, page.url)
    page.cold_samples.append((time.perf_counter() - start) * 1000)


def capture_queries(client: Client, page: Page) -> None:
    get(client, page.url)
    with CaptureQueriesContext(connection) as captured:
        get(client, page.url)
    page.queries = [query["sql"] for query in captured.captured_queries]
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        get(client, page.url)
    page.cold_queries = [query["sql"] for query in captured.captured_queries]


def time_pages(client: Client, measured: list[Page], repeat: int, warmup: int = WARMUP) -> None:
    """Warm up, then time ``repeat`` requests of each page, in turns."""
    for _ in range(warmup):
        for page in measured:
            get(client, page.url)
    for _ in range(repeat):
        for page in measured:
            time_request(client, page)


def measure_pages(measured: list[Page], repeat: int) -> list[dict]:
    """Time ``repeat`` requests of each page in turns (after a warm-up), then as many
    cold ones; count their queries; the summaries."""
    assert not settings.DEBUG, "the benchmark must run with DEBUG off"
    client = Client()
    time_pages(client, measured, repeat)
    for _ in range(repeat):
        for page in measured:
            time_cold_request(client, page)
    for page in measured:
        capture_queries(client, page)
    return [page.summary() for page in measured]


def run_pages(repeat: int) -> list[dict]:
    """:func:`measure_pages` of the stream pages; page 100 checked to run page 1's queries."""
    results = measure_pages(pages(), repeat)
    for first, far in zip(results[::2], results[1::2], strict=True):
        far["same_queries_as_page_1"] = (far["queries"], far["cold_queries"]) == (
            first["queries"],
            first["cold_queries"],
        )
    return results
