"""The benchmarks write only into databases they made their own.

A database the benchmarks create (or find completely empty) gets a marker table,
:data:`MARK_TABLE`, with one row saying when and how. Before migrating, filling, refilling
or deleting anything, the benchmarks check for it and refuse, with
:class:`NotABenchDatabase`, a database without it: ``BENCH_DATABASE_URL`` pointing at a
real press review by mistake stops there, untouched.

A database that held the benchmark's data before the marker existed can be marked by
hand, once, with ``BENCH_ADOPT_DATABASE=1`` (see :func:`check_database`).
"""

import os
import sqlite3
from contextlib import closing
from datetime import UTC, datetime

MARK_TABLE = "pressreview_bench_marker"
ADOPT_VARIABLE = "BENCH_ADOPT_DATABASE"

USE, MARK = "use", "mark"


class NotABenchDatabase(Exception):
    """The database holds tables but no benchmark marker: nothing may be written to it."""


def decide(name: str, tables: set[str], *, adopt: bool = False) -> str:
    """What the benchmarks may do with database ``name`` holding ``tables``.

    :data:`USE` if it carries the marker; :data:`MARK` (mark it, then use it) if it holds
    no table at all, or if ``adopt`` says so. Raises :class:`NotABenchDatabase` otherwise.
    """
    if MARK_TABLE in tables:
        return USE
    if not tables or adopt:
        return MARK
    shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
    count = f"{len(tables)} table{'s' if len(tables) > 1 else ''}"
    raise NotABenchDatabase(
        f"Refusing to use database {name!r} for the benchmarks: it was not created by them "
        f"(no {MARK_TABLE} table) and it is not empty ({count}: {shown}). The benchmarks "
        "migrate, fill and empty their database: give them (BENCH_DATABASE_URL, or "
        "bench/imports.py --database-url) one that does not exist yet (they create it) or "
        f"is empty. If this one really is an old benchmark database, run once with "
        f"{ADOPT_VARIABLE}=1 to mark it."
    )


def _connect(config: dict):
    """A DB-API connection in autocommit mode to the database of a dj_database_url config."""
    if "postgresql" in config["ENGINE"]:
        import psycopg

        return psycopg.connect(
            dbname=config["NAME"],
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            autocommit=True,
        )
    if "sqlite" in config["ENGINE"]:
        return sqlite3.connect(config["NAME"], isolation_level=None)
    raise NotABenchDatabase(f"The benchmarks run on PostgreSQL or SQLite, not {config['ENGINE']}")


def table_names(db, vendor: str) -> set[str]:
    """The tables of the database open on ``db`` (PostgreSQL: every schema but the system's)."""
    if vendor == "postgresql":
        query = (
            "SELECT tablename FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        )
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    return {row[0] for row in db.execute(query).fetchall()}


def mark(db, how: str) -> None:
    """Mark the database open on ``db`` as the benchmarks' own."""
    db.execute(f"CREATE TABLE {MARK_TABLE} (marked_at VARCHAR(40) NOT NULL, how TEXT NOT NULL)")
    now = datetime.now(UTC).isoformat(timespec="seconds")
    # Values inlined: psycopg and sqlite3 do not share a placeholder style.
    db.execute(f"INSERT INTO {MARK_TABLE} VALUES ('{now}', '{how}')")


def check_database(url: str, *, created: bool = False, adopt: bool | None = None) -> str:
    """Make sure the database of ``url`` is the benchmarks' own, marking it if it may be.

    ``created``: the caller has just created it. ``adopt`` (default: the
    ``BENCH_ADOPT_DATABASE`` variable) marks a database that already holds tables.
    Returns :data:`USE` or :data:`MARK` (just marked); raises :class:`NotABenchDatabase`.
    """
    import dj_database_url

    config = dj_database_url.parse(url)
    if adopt is None:
        adopt = os.environ.get(ADOPT_VARIABLE, "") == "1"
    vendor = "postgresql" if "postgresql" in config["ENGINE"] else "sqlite"
    with closing(_connect(config)) as db:
        decision = decide(config["NAME"], table_names(db, vendor), adopt=adopt)
        if decision == MARK:
            how = "created" if created else "adopted" if adopt else "found empty"
            mark(db, f"{how} by the pressreview benchmarks")
            print(f"Marked database {config['NAME']} as the benchmarks' own ({how})")
    return decision


def require_mark() -> None:
    """Refuse to go on unless Django's default database carries the benchmarks' marker.

    Called before anything that deletes rows, whoever opened the database.
    """
    from django.db import connection

    if MARK_TABLE not in connection.introspection.table_names():
        name = connection.settings_dict["NAME"]
        raise NotABenchDatabase(
            f"Refusing to delete or fill data in database {name!r}: it has no {MARK_TABLE} "
            "table, so the benchmarks did not create it (bench/run.py marks the ones they do)."
        )
