"""Importing a large seenthis export: ``.venv/bin/python bench/imports.py``.

Generates 20,000 entries in the seenthis text format (titles, URLs over 300
publications, one to four excerpts with inline hashtags, tag lines over 2,000
tags, theme lines, images, a few entries without URL) into a temporary file,
imports it into a fresh temporary SQLite database (never the developer's), then
imports it again (nothing must change). Prints the seconds and the peak memory
of the process; the targets are under 60 s and under 500 MB.

``--entries N`` changes the size; ``--database-url`` imports into another
database instead (``postgres://…``; it is emptied of entries first, so it must be
one the benchmarks created or found empty: :mod:`bench.safety`).
"""

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 7
TARGET_SECONDS = 60
TARGET_MB = 500

TEXT = (
    "amazon entrepôt salariés grève syndicat cadences livraison colis plateforme commerce emploi "
    "travail sous-traitance intérim chauffeur logistique numérique données surveillance santé "
    "algorithme fiscalité concurrence climat déforestation justice lobbying Bruxelles Bessemer "
    "Alabama Monoprix Doctolib « dark store » l’entreprise a refusé de commenter"
)
WORDS = TEXT.split()


def generate(path: Path, entries: int) -> None:
    """Write ``entries`` seenthis entries to ``path``, newest first, from a fixed seed."""
    rng = random.Random(SEED)
    domains = [f"journal{n}.example" for n in range(300)]
    tags = [f"tag{n}" for n in range(2000)] + ["Amazon", "travail", "santé", "Etats-Unis"]
    with path.open("w", encoding="utf-8") as out:
        for n in range(entries):
            words = rng.choices(WORDS, k=rng.randint(6, 14))
            out.write(f"  • {' '.join(words).capitalize()} ({n})\n")
            if n % 50 != 7:
                domain = rng.choice(domains)
                out.write(f"    https://www.{domain}/2021/{n % 12 + 1:02d}/article-{n}.html\n")
            for _excerpt in range(rng.randint(1, 4)):
                text = " ".join(rng.choices(WORDS, k=rng.randint(30, 120)))
                if rng.random() < 0.2:
                    text += f" Le groupe #{rng.choice(tags)}, dont le siège…"
                out.write(f"\n    {text}\n")
            picked = rng.sample(tags, rng.randint(2, 12))
            more = " (...)" if rng.random() < 0.1 else ""
            out.write("\n    " + " ".join(f"#{tag}" for tag in picked) + more + "\n")
            if rng.random() < 0.05:
                out.write(f"\n    ##{rng.choice(picked)} ##santé\n")
            if rng.random() < 0.1:
                out.write(f"\n    https://img.example/{n}.jpg\n")
            out.write("\n")


def peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kB on Linux


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the rendering workers)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="rendering processes")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    from bench.run import ensure_database, setup_django

    with tempfile.TemporaryDirectory(prefix="pressreview-bench-") as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        ensure_database(url)
        start = time.perf_counter()
        setup_django(url)
        print(f"Database: {url.split('@')[-1]} (migrated in {time.perf_counter() - start:.1f} s)")

        from django.contrib.auth import get_user_model
        from django.utils import translation

        from articles.importers.services import run_import
        from articles.models import Entry, Excerpt, PressLink
        from bench.safety import require_mark
        from tags.models import Tag, TaggedEntry

        translation.activate("en")
        require_mark()  # ensure_database refused any other database already
        Entry.objects.all().delete()
        author, _created = get_user_model().objects.get_or_create(username="bench-importer")
        path = Path(tmp) / "stream.txt"
        start = time.perf_counter()
        generate(path, args.entries)
        size = path.stat().st_size
        print(f"Generated {args.entries:,} entries ({size / 1e6:.1f} MB) "
              f"in {time.perf_counter() - start:.1f} s")  # fmt: skip
        before = peak_mb()
        results = []
        for label in ("first import", "second import (no change)"):
            start, cpu = time.perf_counter(), cpu_seconds()
            with path.open("rb") as handle:
                summary = run_import("seenthis", handle, author=author, jobs=args.jobs)
            seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
            results.append(seconds)
            outcomes = "; ".join(
                f"{outcome} {summary.describe(outcome)}"
                for outcome in ("created", "updated", "unchanged")
            )
            rate = args.entries / seconds
            print(f"{label}: {seconds:.1f} s, {cpu:.1f} s of CPU ({rate:,.0f} entries/s); "
                  f"{outcomes}; skipped {len(summary.skipped)}")  # fmt: skip
        counts = {
            "press links": PressLink.objects.count(),
            "excerpts": Excerpt.objects.count(),
            "tags": Tag.objects.count(),
            "taggings": TaggedEntry.objects.count(),
        }
        print("Rows:", ", ".join(f"{count:,} {name}" for name, count in counts.items()))
        peak = peak_mb()
        load = os.getloadavg()[0]
        print(f"Load average during the run: {load:.1f} on {os.cpu_count()} CPUs")
        worker = peak_mb(resource.RUSAGE_CHILDREN)
        print(f"Peak memory: {peak:.0f} MB (before importing: {before:.0f} MB; "
              f"largest rendering worker: {worker:.0f} MB)")  # fmt: skip
        ok = results[0] < TARGET_SECONDS and max(peak, worker) < TARGET_MB
        verdict = "OK" if ok else "OVER TARGET"
        print(f"Target: under {TARGET_SECONDS} s and {TARGET_MB} MB: {verdict}")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
