"""Showing the figures: the table, the JSON file, and the plans of slow queries."""

import json
import re
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection

from articles.models import Entry, Excerpt, PressLink, Source
from tags.models import Tag, TaggedEntry

EXPLAIN_RUNS = 3


def row_counts() -> dict[str, int]:
    models = {"entries": Entry, "press links": PressLink, "excerpts": Excerpt}
    models |= {"taggings": TaggedEntry, "tags": Tag, "sources": Source}
    models["authors"] = get_user_model()
    return {name: model.objects.count() for name, model in models.items()}


def database_info() -> dict:
    if connection.vendor == "postgresql":
        server = connection.connection.info.parameter_status("server_version")
    elif connection.vendor == "sqlite":
        server = connection.Database.sqlite_version
    else:
        server = ""
    dsn = connection.settings_dict
    return {"vendor": connection.vendor, "server": server, "name": str(dsn["NAME"])}


def print_table(info: dict, counts: dict, results: list[dict], repeat: int, warmup: int) -> None:
    print(f"\nDatabase: {info['vendor']} {info['server']}, {info['name']}")
    print("Rows: " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
    print(f"{repeat} timed requests per page, after {warmup} warm-up ones; DEBUG off.")
    print("median, p95, SQL ms (time in the database driver), queries: a reader's request,")
    print("with this version's count and entries cached; cold: right after emptying the cache.\n")
    head = f"{'page':<40} {'no.':>4} {'median':>7} {'p95':>6} {'SQL ms':>6} {'queries':>7}"
    head += f" {'cold median':>11} {'cold p95':>8} {'queries':>7}  same as p.1"
    print(head)
    print("-" * len(head))
    for row in results:
        same = row.get("same_queries_as_page_1")
        mark = "" if same is None else ("yes" if same else "NO")
        print(
            f"{row['name'][:40]:<40} {row['page']:>4} {row['median_ms']:>7.1f}"
            f" {row['p95_ms']:>6.1f} {row['sql_median_ms']:>6.1f} {row['queries']:>7}"
            f" {row['cold_median_ms']:>11.1f} {row['cold_p95_ms']:>8.1f} {row['cold_queries']:>7}"
            f"  {mark}"
        )


def write_json(path: Path, report: dict) -> None:
    """``report`` as JSON in ``path``, without the SQL text of the pages."""
    report = report | {"at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    report["pages"] = [{k: v for k, v in row.items() if k != "sql"} for row in report["pages"]]
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nWrote {path}")


def query_ms(sql: str) -> float:
    """Best of :data:`EXPLAIN_RUNS` executions of ``sql``, every row fetched, in ms."""
    best = float("inf")
    with connection.cursor() as cursor:
        for _ in range(EXPLAIN_RUNS):
            start = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            best = min(best, (time.perf_counter() - start) * 1000)
    return best


def plan(sql: str) -> str:
    """The database's plan of ``sql``: measured on PostgreSQL, estimated elsewhere."""
    prefix = {"postgresql": "EXPLAIN (ANALYZE, BUFFERS)", "sqlite": "EXPLAIN QUERY PLAN"}
    with connection.cursor() as cursor:
        cursor.execute(f"{prefix.get(connection.vendor, 'EXPLAIN')} {sql}")
        return "\n".join(" ".join(str(value) for value in row) for row in cursor.fetchall())


def one_line(sql: str, limit: int) -> str:
    sql = re.sub(r"\s+", " ", sql)
    return sql if len(sql) <= limit else sql[:limit] + "..."


def explain(rows: list[dict]) -> None:
    """For each page of ``rows``: its queries timed again, and the slowest one's plan."""
    for row in rows:
        timed = sorted(((query_ms(sql), sql) for sql in row["sql"]), reverse=True)
        print(f"\n=== {row['name']}, page {row['page']} ({row['url']}): {row['median_ms']} ms")
        for ms, sql in timed:
            print(f"{ms:8.1f} ms  {one_line(sql, 150)}")
        ms, sql = timed[0]
        print(f"\nSlowest query ({ms:.1f} ms):\n{sql}\n\n{plan(sql)}")
