"""The benchmark suite runs end to end at a tiny size and reports every required field.

Numbers are not judged here (that is what `make bench` is for); this only keeps the suite
working as the app changes. The dataset goes to a temporary cache, never into the repo.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench import registry

REPO = Path(__file__).resolve().parents[2]
REQUIRED = ("job", "n", "median_s", "p95_s", "peak_rss_mb")
WITH_BASELINE = ("baseline", "baseline_median_s", "ratio")


def test_every_job_reports_the_required_keys_with_positive_numbers(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SIYU_BENCH_CACHE=str(tmp_path / "cache"))
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--contacts", "300", "--repeat", "1", "--json"],
        cwd=REPO, env=env, capture_output=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert [line["job"] for line in lines] == list(registry.JOBS)
    for line in lines:
        for key in REQUIRED:
            assert key in line, (line["job"], key)
        assert line["n"] == 300
        for key in ("median_s", "p95_s", "peak_rss_mb"):
            assert line[key] > 0, (line["job"], key, line[key])
        assert line["p95_s"] >= line["median_s"]
        if "baseline" in line:
            for key in WITH_BASELINE:
                assert key in line, (line["job"], key)
            assert line["ratio"] > 0
    assert {line["job"] for line in lines if "baseline" in line} >= {"start", "scroll",
                                                                     "memory"}
    assert list((tmp_path / "cache").glob("contacts-300-v*.db")), "dataset not cached"
