"""Server time and SQL queries of the stream pages on a large database: ``make bench``.

Usage: ``.venv/bin/python bench/run.py [--quick] [--refill] [--repeat N] [--explain]``

The benchmark never touches the developer's database: it uses
``BENCH_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/pressreview_bench``,
created if missing; a relative SQLite path is read from the project root), and
only if the benchmarks created it or found it empty (:mod:`bench.safety`: any
other database is refused, untouched). It migrates it and fills it
(:mod:`bench.fill`) unless it already holds the expected number of rows. Pages
are requested in-process with Django's test client, with ``DEBUG`` off
(:mod:`bench.measure`). The figures are printed and
written to ``bench/results-<vendor>.json`` (:mod:`bench.report`).
"""

import argparse
import os
import platform
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/pressreview_bench"


def bench_parser(doc: str, each: str = "page") -> argparse.ArgumentParser:
    """The options every page benchmark takes: ``--quick``, ``--refill``, ``--repeat``."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 links, 1,000 tags, 60 sources")
    parser.add_argument("--refill", action="store_true", help="fill again even if filled")
    parser.add_argument("--repeat", type=int, default=30, help=f"timed requests per {each}")
    return parser


def parse_bench_args(parser: argparse.ArgumentParser, argv=None) -> argparse.Namespace:
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = bench_parser(__doc__)
    parser.add_argument(
        "--explain", action="store_true", help="time the queries of slow pages, explain the worst"
    )
    parser.add_argument(
        "--slow-ms", type=float, default=30.0, help="median above which a page is slow"
    )
    return parse_bench_args(parser, argv)


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of ``url`` if it does not exist yet, and make sure it
    is the benchmarks' own (:func:`bench.safety.check_database`); exit with the reason if
    it is not, before anything is written to it."""
    from bench.safety import NotABenchDatabase, check_database

    try:
        check_database(url, created=create_database(url))
    except NotABenchDatabase as error:
        raise SystemExit(f"bench: {error}") from None


def create_database(url: str) -> bool:
    """Create the PostgreSQL database of ``url`` if it does not exist yet; whether it did."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        return False
    server = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if found.fetchone() is not None:
            return False
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    print(f"Created database {config['NAME']}")
    return True


def setup_django(url: str) -> None:
    """Point the project's settings at ``url``, with DEBUG off, then migrate."""
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "pressreview.settings"
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    # WhiteNoise warns that there is no collected static directory: none is needed.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    import django
    from django.core.management import call_command
    from django.test.utils import override_settings

    django.setup()
    # Without DEBUG, {% static %} wants collectstatic's manifest: use plain storage instead.
    plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": plain},
        }
    ).enable()
    call_command("migrate", interactive=False, verbosity=0)


def ensure_filled(sizes, refill: bool) -> float | None:
    """Fill the database unless it holds ``sizes`` already; the seconds it took, if it did."""
    from bench import fill, safety

    safety.require_mark()
    if not refill and fill.is_filled(sizes):
        print(f"Database already filled ({sizes.links:,} links): --refill to fill it again")
        return None
    print(f"Filling with {sizes.links:,} links, {sizes.tags:,} tags, {sizes.sources} sources...")
    start = time.perf_counter()
    fill.fill(sizes)
    filled = time.perf_counter() - start
    fill.analyze()
    seconds = time.perf_counter() - start
    print(f"Filled in {seconds:.1f} s ({filled:.1f} s writing, {seconds - filled:.1f} s analyzing)")
    return round(seconds, 1)


def open_database() -> None:
    """Django on ``BENCH_DATABASE_URL`` (or ``DEFAULT_URL``), created and migrated if need be."""
    url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    ensure_database(url)
    setup_django(url)


def prepare(args: argparse.Namespace) -> float | None:
    """The benchmark database open, and filled as ``--quick`` and ``--refill`` ask; the
    seconds filling took, if it did."""
    open_database()
    from bench import fill

    return ensure_filled(fill.QUICK if args.quick else fill.FULL, args.refill)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    fill_seconds = prepare(args)
    import django

    from bench import measure, report

    results = measure.run_pages(args.repeat)
    info, counts = report.database_info(), report.row_counts()
    report.print_table(info, counts, results, args.repeat, measure.WARMUP)
    if args.explain:
        report.explain([row for row in results if row["median_ms"] > args.slow_ms])
    summary = {"database": info, "rows": counts, "fill_seconds": fill_seconds}
    summary |= {"repeat": args.repeat, "warmup": measure.WARMUP, "debug": False}
    summary |= {"python": platform.python_version(), "django": django.get_version()}
    summary["pages"] = results
    report.write_json(Path("bench") / f"results-{info['vendor']}.json", summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
