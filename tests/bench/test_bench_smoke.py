"""The benchmark suite runs end to end at a tiny size and reports every required field.

Numbers are not judged here (that is what `make bench` is for); this only keeps the suite
working as the app changes. The dataset goes to a temporary cache, never into the repo.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from bench import import_files, registry
from bench.jobs import dashboard as dashboard_job
from bench.jobs import filter as filter_job
from bench.jobs import search

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
    assert {line["job"] for line in lines if "baseline" in line} >= {
        "start", "scroll", "memory", "import_csv", "import_xlsx", "export_csv", "bulk_tag",
        "search", "filter", "sop_run", "recompute"}
    by_job = {line["job"]: line for line in lines}
    for job in ("import_csv", "import_xlsx"):
        assert by_job[job]["report"] == import_files.plan(300)
    assert by_job["import_csv"]["gb18030"]["median_s"] > 0
    assert by_job["import_csv"]["gb18030"]["ratio"] > 0
    assert by_job["import_csv"]["rss_target"]["max"] == 400
    assert by_job["export_csv"]["rows"] == 300
    snapshot = by_job["import_snapshot"]["snapshot"]
    assert snapshot["lost"] > 0 and snapshot["new"] > 0 and snapshot["members"] > 250
    assert 0 < by_job["bulk_tag"]["added"] <= by_job["bulk_tag"]["selected"] <= 300
    assert by_job["bulk_tag"]["undo"]["median_s"] > 0 and by_job["bulk_tag"]["undo"]["ratio"] > 0
    assert by_job["bulk_tag"]["single_choice"]["add_median_s"] > 0
    assert set(by_job["search"]["groups"]) == set(search.KINDS)
    for kind in by_job["search"]["groups"].values():
        assert kind["samples"] >= search.QUERIES and kind["p95_s"] > 0, kind
    assert by_job["filter"]["runs"] >= filter_job.RUNS
    assert set(by_job["filter"]["groups"]) == set(filter_job.COMBOS)
    recompute = by_job["recompute"]
    assert recompute["contacts"] == 300 and recompute["again"]["changed"] == 0
    assert 0 < recompute["customers"] < 300 and recompute["history_rows"] > 0
    assert recompute["again"]["median_s"] > 0 and recompute["next_day"]["median_s"] > 0
    assert sum(recompute["bands"].values()) > 0
    assert by_job["sop_run"]["second_run_created"] == 0
    assert by_job["sop_run"]["second_run_median_s"] > 0
    assert set(by_job["sop_run"]["by_rule"]) >= {"welcome", "recall_30d", "birthday"}
    encrypted = by_job["open_encrypted"]
    assert encrypted["median_s"] < 5 and encrypted["ratio"] < 3 and "baseline" in encrypted
    assert by_job["backup"]["contacts"] == 300 and by_job["backup"]["media_files"] > 0
    assert by_job["backup"]["archive_mb"] > 0 and "baseline" in by_job["backup"]
    dashboard = by_job["dashboard"]
    assert set(dashboard["charts"]) == set(dashboard_job.charts(date.today()))
    assert all(c["median_s"] > 0 for c in dashboard["charts"].values())
    assert dashboard["baseline_median_s"] > 0
    cache = tmp_path / "cache"
    assert list(cache.glob("contacts-300-v*.db")), "dataset not cached"
    for variant, (suffix, _encoding) in import_files.VARIANTS.items():
        assert list(cache.glob(f"import-300-{variant}-v*.{suffix}")), f"{variant} not cached"


def test_the_import_file_folds_and_rejects_what_its_plan_says():
    """Dedupe and rejection happen at every size (the 300-row smoke run included)."""
    for n in (1, 2, 300):
        counts = import_files.plan(n)
        assert counts["created"] + counts["folded"] + counts["rejected"] == n
        assert len(list(import_files.rows(n))) == n
    assert import_files.plan(300)["folded"] > 0 and import_files.plan(300)["rejected"] > 0
