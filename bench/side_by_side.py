"""An older version of the code and the current checkout, measured side by side.

Usage: ``.venv/bin/python bench/side_by_side.py [--old 578dc0e] [--repeat 20] [--rounds 2]``

Both versions run on the same 100,000-link database (``BENCH_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/pressreview_bench``), created, marked, migrated with
the current code and filled as ``bench/run.py`` does (:mod:`bench.safety`: any other
database is refused, untouched); the older code only reads it, and refuses it if a
migration it knows is missing. The older version is checked out into a temporary
``git worktree`` (removed at the end). Each version runs ``bench/side_by_side_probe.py``
in its own process, its tree as working directory and first on ``sys.path``, same
virtualenv, a per-process memory cache, ``DEBUG`` off: the stream, a tag, two tags, a
source, the main feed, a tag feed and a search, warm (what readers get while the review
does not change) and cold (the cache emptied before each request: the first request after
a change), for a reader without an account and for a logged-in activist. The versions run
in turns (old, new, new, old... for ``--rounds``), so that a slow spell of a shared machine
does not land on one only; their samples are pooled.

Prints one table: old and new medians (and p95) per page, the change, the CPU time of the
measuring process (the server's own work, what a loaded machine changes least), and
whether warm medians stay within ``--tolerance`` (20%) of the old ones; then the cold
targets and the logged-in throughput. Writes everything to ``bench/results-side-by-side.json``.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = ROOT / "bench" / "side_by_side_probe.py"
OLD = "578dc0e"  # main when issue 13 was filed
# Cold targets of issue 13 (ms), and the share of anonymous throughput logged-in pages keep.
COLD_TARGETS = {"stream": 50.0, "tag": 100.0, "two tags": 150.0}
MEMBER_SHARE = 0.5


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", default=OLD, help=f"git revision to compare (default {OLD})")
    parser.add_argument("--repeat", type=int, default=20, help="warm requests per page and run")
    parser.add_argument("--cold-repeat", type=int, default=10, help="cold requests per run")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each version, in turns")
    parser.add_argument("--tolerance", type=float, default=20.0, help="allowed warm slowdown, %%")
    parser.add_argument("--quick", action="store_true", help="the 10,000-link database")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results-side-by-side.json")
    args = parser.parse_args(argv)
    if min(args.repeat, args.cold_repeat, args.rounds) < 1:
        parser.error("--repeat, --cold-repeat and --rounds must be at least 1")
    return args


def database_url() -> str:
    from bench.run import DEFAULT_URL

    return os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL


def prepare(quick: bool) -> str:
    """The benchmark database checked, migrated with the current code, filled and indexed;
    the username of the activist the logged-in pages are requested as."""
    from bench import run

    run.open_database()  # refuses a database the benchmarks did not create (bench.safety)
    from bench import fill, search

    run.ensure_filled(fill.QUICK if quick else fill.FULL, refill=False)
    search.ensure_indexed(force=False)
    return activist()


def activist() -> str:
    """An author of the filled database, given the editor role (as ``bench/editor.py`` does:
    a new account would change the row counts the fill checks)."""
    from django.contrib.auth import get_user_model
    from django.db import connections

    from accounts.roles import EDITOR, give_role

    user = get_user_model().objects.order_by("pk").first()
    give_role(user, EDITOR)
    connections.close_all()
    return user.username


def revision(tree: Path, rev: str = "HEAD") -> str:
    result = subprocess.run(
        ["git", "-C", str(tree), "rev-parse", "--short", rev],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def dirty(tree: Path) -> bool:
    result = subprocess.run(
        ["git", "-C", str(tree), "status", "--porcelain", "--untracked-files=no"],
        check=True,
        capture_output=True,
        text=True,
    )
    return bool(result.stdout.strip())


def compile_messages(tree: Path) -> None:
    """The tree's ``.mo`` files (not in git), so that both versions translate alike."""
    for po in sorted(tree.glob("locale/*/LC_MESSAGES/django.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists():
            subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=True)


@contextmanager
def worktree(rev: str):
    """A temporary ``git worktree`` of ``rev``, removed on the way out."""
    path = Path(tempfile.mkdtemp(prefix="pressreview-old-")) / "tree"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(path), rev],
        check=True,
    )
    try:
        compile_messages(path)
        yield path
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)], check=False
        )
        path.parent.rmdir()


def probe(tree: Path, url: str, username: str, args: argparse.Namespace) -> dict:
    """The samples of one run of the probe on ``tree`` (in a process of its own)."""
    from bench.safety import MARK_TABLE

    with tempfile.NamedTemporaryFile(suffix=".json") as output:
        command = [sys.executable, str(PROBE), "--tree", str(tree), "--database-url", url]
        command += ["--marker-table", MARK_TABLE, "--username", username]
        command += ["--repeat", str(args.repeat), "--cold-repeat", str(args.cold_repeat)]
        command += ["--output", output.name]
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CACHE_URL")}
        subprocess.run(command, cwd=tree, env=env, check=True)
        return json.loads(Path(output.name).read_text())


def pooled(runs: list[dict], what: str = "samples") -> dict[str, list[float]]:
    """The ``what`` (``samples``, ``cpu``) of every run, pooled per page and kind."""
    found: dict[str, list[float]] = {}
    for run in runs:
        for key, values in run[what].items():
            found.setdefault(key, []).extend(values)
    return found


def per_second(samples: list[float]) -> float:
    """Sequential requests per second: how many fit, one after the other, in a second."""
    return len(samples) / (sum(samples) / 1000)


def change(old: float, new: float) -> float:
    return (new - old) / old * 100


def rows(old: dict, new: dict, tolerance: float, old_cpu: dict, new_cpu: dict) -> list[dict]:
    """One row per page and kind of request: warm, cold, logged in warm, logged in cold."""
    from bench.measure import median_ms, p95_ms

    found = []
    for key in new:
        if key not in old:
            continue
        name, kind = key.split("|")
        row = {"page": name, "kind": kind, "old_median_ms": median_ms(old[key])}
        row |= {"new_median_ms": median_ms(new[key]), "old_p95_ms": p95_ms(old[key])}
        row |= {"new_p95_ms": p95_ms(new[key])}
        row["change_pct"] = round(change(row["old_median_ms"], row["new_median_ms"]), 1)
        row |= {"old_cpu_ms": median_ms(old_cpu[key]), "new_cpu_ms": median_ms(new_cpu[key])}
        row["cpu_change_pct"] = round(change(row["old_cpu_ms"], row["new_cpu_ms"]), 1)
        if kind.endswith("warm"):
            row["within"] = row["change_pct"] <= tolerance
        found.append(row)
    order = ["warm", "cold", "member warm", "member cold"]
    return sorted(found, key=lambda row: order.index(row["kind"]))


def verdict(row: dict) -> str:
    if "within" in row:
        return "ok" if row["within"] else "SLOWER"
    target = COLD_TARGETS.get(row["page"])
    if target is None or row["kind"] != "cold":
        return ""
    met = row["new_median_ms"] < target
    return f"target < {target:.0f}: {'met' if met else 'missed'}"


def print_table(found: list[dict], old_rev: str, new_rev: str, tolerance: float) -> None:
    head = f"{'page':<12} {'request':<12} {old_rev + ' ms':>12} {new_rev + ' ms':>12} "
    head += f"{'change':>8} {'old p95':>8} {'new p95':>8} {'old CPU':>8} {'new CPU':>8} "
    head += f"{'change':>8}  verdict"
    print(head)
    for row in found:
        print(
            f"{row['page']:<12} {row['kind']:<12} {row['old_median_ms']:>12.1f} "
            f"{row['new_median_ms']:>12.1f} {row['change_pct']:>+7.1f}% {row['old_p95_ms']:>8.1f} "
            f"{row['new_p95_ms']:>8.1f} {row['old_cpu_ms']:>8.1f} {row['new_cpu_ms']:>8.1f} "
            f"{row['cpu_change_pct']:>+7.1f}%  {verdict(row)}"
        )
    warm = [row for row in found if "within" in row]
    slower = [f"{row['page']} ({row['kind']})" for row in warm if not row["within"]]
    print(
        f"\nWarm medians within {tolerance:.0f}% of {old_rev}: "
        + ("all" if not slower else f"no, slower: {', '.join(slower)}")
    )


def throughput(samples: dict[str, list[float]]) -> list[dict]:
    found = []
    for name in COLD_TARGETS:
        anonymous, member = samples[f"{name}|warm"], samples[f"{name}|member warm"]
        row = {"page": name, "anonymous_rps": round(per_second(anonymous), 1)}
        row["member_rps"] = round(per_second(member), 1)
        row["share"] = round(row["member_rps"] / row["anonymous_rps"], 2)
        found.append(row)
    return found


def print_throughput(by_version: dict[str, list[dict]]) -> None:
    print(f"\nWarm throughput, sequential requests/s (target: logged in >= {MEMBER_SHARE:.0%}):")
    print(f"{'version':<10} {'page':<10} {'anonymous':>10} {'logged in':>10} {'share':>7}")
    for version, found in by_version.items():
        for row in found:
            met = "met" if row["share"] >= MEMBER_SHARE else "missed"
            print(
                f"{version:<10} {row['page']:<10} {row['anonymous_rps']:>10.1f} "
                f"{row['member_rps']:>10.1f} {row['share']:>6.0%}  {met}"
            )


def main(argv=None) -> int:
    args = parse_args(argv)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    username = prepare(args.quick)
    url = database_url()
    new_rev = revision(ROOT) + ("+" if dirty(ROOT) else "")
    runs: dict[str, list[dict]] = {"old": [], "new": []}
    with worktree(args.old) as old_tree:
        old_rev = revision(old_tree)
        trees = {"old": old_tree, "new": ROOT}
        order = ["old", "new", "new", "old"] * args.rounds
        for turn, which in enumerate(order[: 2 * args.rounds]):
            print(f"Run {turn + 1}/{2 * args.rounds}: {which} ({trees[which]})", flush=True)
            runs[which].append(probe(trees[which], url, username, args))
    old, new = pooled(runs["old"]), pooled(runs["new"])
    old_cpu, new_cpu = pooled(runs["old"], "cpu"), pooled(runs["new"], "cpu")
    load = os.getloadavg()
    print(f"\n{old_rev} (old) and {new_rev} (new) on {url.rsplit('/', 1)[-1]}, {args.rounds}")
    print(f"run(s) each: {args.repeat} warm and {args.cold_repeat} cold requests per page and")
    print(f"run; load average {load[0]:.2f} on {os.cpu_count()} CPUs. Milliseconds: medians")
    print("and p95 of the time of a request, and the median CPU time of the measuring process")
    print("(the server's own work, which a loaded machine changes least).\n")
    found = rows(old, new, args.tolerance, old_cpu, new_cpu)
    print_table(found, old_rev, new_rev, args.tolerance)
    speeds = {old_rev: throughput(old), new_rev: throughput(new)}
    print_throughput(speeds)
    summary = {"old": old_rev, "new": new_rev, "rounds": args.rounds, "repeat": args.repeat}
    summary |= {"cold_repeat": args.cold_repeat, "rows": found, "throughput": speeds}
    summary |= {"samples": {"old": old, "new": new}, "cpu": {"old": old_cpu, "new": new_cpu}}
    args.json.write_text(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
