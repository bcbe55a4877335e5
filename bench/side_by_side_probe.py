"""The measuring half of ``bench/side_by_side.py``: times the pages of one code version.

Run by ``bench/side_by_side.py`` in a subprocess, once per code version, with the tree of
that version as working directory and first on ``sys.path``: every import below (the
project, and :mod:`bench.measure`'s helpers) comes from that tree, old or new. It only
reads: it never migrates, fills or deletes anything, and refuses a database that lacks
the benchmarks' marker table or a migration this version knows.

Writes what it measured, as JSON, to ``--output``: for each page and kind of request
(``warm`` and ``cold`` for readers without an account, ``member warm`` and ``member cold``
for a logged-in activist) the samples in milliseconds, and the CPU time of this process
for each request.
"""

import argparse
import json
import os
import sys
import time
import warnings
from pathlib import Path

# (name, URL, also timed cold): the same for every version compared.
PAGES = [
    ("stream", "/", True),
    ("tag", "/tags/amazon/", True),
    ("two tags", "/tags/amazon+travail/", True),
    ("source", "/sources/lemonde.fr/", False),
    ("feed", "/feed/atom/", False),
    ("tag feed", "/tags/amazon/feed/atom/", False),
    ("search", "/search/?q=amazon", False),
]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", required=True, help="root of the code version to measure")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--marker-table", required=True, help="refuse a database without it")
    parser.add_argument("--username", required=True, help="the logged-in activist")
    parser.add_argument("--repeat", type=int, default=20, help="warm requests per page")
    parser.add_argument("--cold-repeat", type=int, default=10, help="cold requests per page")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--output", required=True, help="JSON file to write")
    return parser.parse_args(argv)


def use_tree(tree: Path) -> None:
    """Import from ``tree`` only: drop this script's own folder from ``sys.path``."""
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [str(tree)] + [p for p in sys.path if p and Path(p).resolve() != Path(here)]
    os.chdir(tree)


def setup_django(url: str) -> None:
    """The tree's settings on ``url``, DEBUG off, a per-process memory cache, no migration."""
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "pressreview.settings"
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    # Both versions get the same cache, this process's memory: emptying it for a cold
    # request must not empty a shared Redis.
    os.environ.pop("CACHE_URL", None)
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    import django
    from django.test.utils import override_settings

    django.setup()
    plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": plain},
        }
    ).enable()


def check_imports(tree: Path) -> None:
    """Exit unless the project and the helpers were imported from ``tree`` (an editable
    install of another checkout must not slip in)."""
    import articles
    import pressreview
    import tags
    from bench import measure

    for module in (articles, pressreview, tags, measure):
        if not Path(module.__file__).resolve().is_relative_to(tree):
            raise SystemExit(f"probe: {module.__name__} imported from {module.__file__}")


def check_database(marker_table: str) -> None:
    """Exit unless the database is the benchmarks' own and has this version's migrations."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if marker_table not in connection.introspection.table_names():
        raise SystemExit(f"probe: no {marker_table} table: not a benchmark database, refused")
    executor = MigrationExecutor(connection)
    missing = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if missing:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in missing)
        raise SystemExit(f"probe: the database lacks migrations of this version: {names}")


def measure(username: str, repeat: int, cold_repeat: int, warmup: int) -> tuple[dict, dict]:
    """Samples (ms) of every page, in turns: anonymous and logged in, warm then cold; and
    the CPU time of this process for each request (what a loaded machine changes least)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench import measure as helpers  # the measured tree's own helpers

    assert not settings.DEBUG, "the benchmark must run with DEBUG off"
    anonymous, member = Client(), Client()
    member.force_login(get_user_model().objects.get(username=username))
    clients = {"": anonymous, "member ": member}
    warm = {(who, name): helpers.Page(name, url, 1, 0) for who in clients for name, url, _ in PAGES}
    also_cold = {name for name, _url, cold in PAGES if cold}
    cold = {key: page for key, page in warm.items() if key[1] in also_cold}
    samples, cpu = {}, {}

    def timed(kind: str, measured: dict, turns: int, request) -> None:
        for _ in range(turns):
            for (who, name), page in measured.items():
                start = time.process_time()
                request(clients[who], page)
                used = (time.process_time() - start) * 1000
                cpu.setdefault(f"{name}|{who}{kind}", []).append(round(used, 3))
        for (who, name), page in measured.items():
            samples[f"{name}|{who}{kind}"] = page.cold_samples if kind == "cold" else page.samples

    for _ in range(warmup):
        for (who, _name), page in warm.items():
            helpers.get(clients[who], page.url)
    timed("warm", warm, repeat, helpers.time_request)
    timed("cold", cold, cold_repeat, helpers.time_cold_request)
    return samples, cpu


def main(argv=None) -> int:
    args = parse_args(argv)
    tree = Path(args.tree).resolve()
    use_tree(tree)
    setup_django(args.database_url)
    check_imports(tree)
    check_database(args.marker_table)
    samples, cpu = measure(args.username, args.repeat, args.cold_repeat, args.warmup)
    Path(args.output).write_text(json.dumps({"tree": str(tree), "samples": samples, "cpu": cpu}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
