"""bench/side_by_side.py: how it pools, compares and judges the two versions' samples."""

import subprocess
import sys
from pathlib import Path

from bench import side_by_side as sbs
from bench import side_by_side_probe as probe

ROOT = Path(__file__).resolve().parent.parent


def run(samples: dict, cpu: dict) -> dict:
    return {"samples": samples, "cpu": cpu}


def test_runs_are_pooled_per_page_and_kind():
    first = run({"stream|warm": [1.0, 2.0]}, {"stream|warm": [0.5, 0.5]})
    second = run({"stream|warm": [3.0], "tag|cold": [9.0]}, {"stream|warm": [1.0], "tag|cold": [4]})
    assert sbs.pooled([first, second]) == {"stream|warm": [1.0, 2.0, 3.0], "tag|cold": [9.0]}
    assert sbs.pooled([first, second], "cpu")["stream|warm"] == [0.5, 0.5, 1.0]


def test_warm_rows_are_judged_on_the_tolerance_and_cold_rows_on_the_targets():
    old = {"stream|warm": [10.0] * 5, "stream|cold": [100.0] * 5, "tag|member warm": [10.0]}
    new = {"stream|warm": [12.5] * 5, "stream|cold": [40.0] * 5, "tag|member warm": [11.9]}
    found = sbs.rows(old, new, 20.0, old, new)
    by_kind = {(row["page"], row["kind"]): row for row in found}
    assert [row["kind"] for row in found] == ["warm", "cold", "member warm"]
    slower = by_kind["stream", "warm"]
    assert (slower["change_pct"], slower["within"]) == (25.0, False)
    assert sbs.verdict(slower) == "SLOWER"
    assert by_kind["tag", "member warm"]["within"] is True
    cold = by_kind["stream", "cold"]
    assert cold["change_pct"] == -60.0 and "within" not in cold
    assert sbs.verdict(cold) == "target < 50: met"
    assert sbs.verdict(dict(cold, new_median_ms=50.0)) == "target < 50: missed"


def test_throughput_compares_logged_in_with_anonymous_requests():
    samples = {}
    for page in sbs.COLD_TARGETS:
        samples[f"{page}|warm"] = [10.0, 10.0]  # 100 requests a second
        samples[f"{page}|member warm"] = [40.0, 40.0]  # 25
    found = sbs.throughput(samples)
    assert [row["page"] for row in found] == list(sbs.COLD_TARGETS)
    assert found[0] == {"page": "stream", "anonymous_rps": 100.0, "member_rps": 25.0, "share": 0.25}


def test_the_probe_measures_the_pages_the_table_judges():
    measured = {name for name, _url, _cold in probe.PAGES}
    cold = {name for name, _url, is_cold in probe.PAGES if is_cold}
    assert cold == set(sbs.COLD_TARGETS) <= measured
    assert ("two tags", "/tags/amazon+travail/", True) in probe.PAGES


def test_both_scripts_answer_help():
    for script in ("bench/side_by_side.py", "bench/side_by_side_probe.py"):
        result = subprocess.run(
            [sys.executable, script, "--help"], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        assert "usage:" in result.stdout
